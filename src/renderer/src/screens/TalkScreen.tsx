import { useCallback, useEffect, useRef, useState } from 'react';
import { TurnEventSchema, type TurnEvent } from '../../../shared/domain.js';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import { ReplyPlayer } from '../audio/player.js';
import { MicError, Recorder } from '../audio/recorder.js';
import { CrisisCard } from '../components/CrisisCard.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { errorText } from '../damage.js';
import { MoodBadge } from '../components/MoodBadge.js';
import { keyLabel, useT } from '../i18n.js';
import { call, errorPayload, onLumioEvent } from '../lumio.js';
import { useSettings } from '../settings-context.js';
import {
  applyTurnEvent,
  EMPTY_CONVERSATION,
  markInterrupted,
  spokenCharacters,
  startTurn,
  type Conversation,
} from '../talk/conversation.js';

type Phase = 'idle' | 'opening' | 'recording' | 'thinking' | 'speaking' | 'error';

/** Presses closer together than this are a bounce or a double tap, not a new turn. */
const DEBOUNCE_MS = 300;
/** Shorter than this cannot hold a word; say so instead of sending silence to the engine. */
const MIN_RECORDING_MS = 350;
/** A stuck key or a forgotten toggle must not record forever. */
export const MAX_RECORDING_MS = 60_000;

/** One player for the whole window: its AudioContext is unlocked by the first press. */
const player = new ReplyPlayer();

export function TalkScreen(props: { active: boolean }): React.JSX.Element {
  const t = useT();
  const { settings } = useSettings();
  const [phase, setPhase] = useState<Phase>('idle');
  const [conv, setConv] = useState<Conversation>(EMPTY_CONVERSATION);
  const [problem, setProblem] = useState<LumioErrorPayload | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const [toggleMode, setToggleMode] = useState(false);
  const [audioStats, setAudioStats] = useState({ chunks: 0, seconds: 0 });

  const phaseRef = useRef<Phase>('idle');
  const convRef = useRef<Conversation>(EMPTY_CONVERSATION);
  const recorderRef = useRef<Recorder | null>(null);
  const turnIdRef = useRef<string | null>(null);
  const abortedTurnIdRef = useRef<string | null>(null);
  const turnDoneRef = useRef(false);
  const releasedEarlyRef = useRef(false);
  // -Infinity, not 0: performance.now() starts near 0 on every page load, and a first press right
  // after loading must not look like a bounce.
  const lastPressRef = useRef(Number.NEGATIVE_INFINITY);
  const limitTimerRef = useRef<number | undefined>(undefined);
  const pendingEventsRef = useRef<TurnEvent[]>([]);
  const transcriptEndRef = useRef<HTMLDivElement>(null);
  const dockRef = useRef<HTMLDivElement>(null);

  const setPhaseBoth = useCallback((p: Phase) => {
    phaseRef.current = p;
    setPhase(p);
  }, []);
  const setConvBoth = useCallback((fn: (c: Conversation) => Conversation) => {
    convRef.current = fn(convRef.current);
    setConv(convRef.current);
  }, []);

  const finishIfQuiet = useCallback(() => {
    if (turnDoneRef.current && !player.playing && (phaseRef.current === 'speaking' || phaseRef.current === 'thinking')) {
      setPhaseBoth('idle');
      turnIdRef.current = null;
    }
  }, [setPhaseBoth]);

  const handleEvent = useCallback(
    (event: TurnEvent) => {
      if (event.turnId === abortedTurnIdRef.current && event.type === 'turn.done') {
        // The interrupted turn's final word: the reply as stored, cut to what was heard.
        setConvBoth((c) => applyTurnEvent(c, event));
        abortedTurnIdRef.current = null;
        return;
      }
      if (event.turnId !== turnIdRef.current) return;
      setConvBoth((c) => applyTurnEvent(c, event));
      if (event.type === 'turn.audio') {
        if (phaseRef.current === 'thinking') setPhaseBoth('speaking');
        player.enqueue(event.index, event.pcm, event.sampleRate);
        setAudioStats({ chunks: player.chunksPlayed, seconds: player.scheduledSeconds });
      } else if (event.type === 'turn.done') {
        turnDoneRef.current = true;
        finishIfQuiet();
      } else if (event.type === 'turn.error') {
        turnDoneRef.current = true;
        player.stop();
        if (event.error.code !== 'ABORTED') {
          setProblem(event.error);
          setPhaseBoth('error');
        } else {
          setPhaseBoth('idle');
        }
        turnIdRef.current = null;
      }
    },
    [finishIfQuiet, setConvBoth, setPhaseBoth],
  );

  // The core's stream. Events of a turn whose id is not known yet (turn.start still in flight) wait in a queue.
  useEffect(() => {
    const offDrain = player.onDrained(() => {
      setAudioStats({ chunks: player.chunksPlayed, seconds: player.scheduledSeconds });
      finishIfQuiet();
    });
    const offEvents = onLumioEvent((raw) => {
      if (raw.type === 'shortcut.toggle-recording') {
        toggleRef.current();
        return;
      }
      if (!raw.type.startsWith('turn.')) return;
      const parsed = TurnEventSchema.safeParse(raw);
      if (!parsed.success) return;
      if (turnIdRef.current === null && phaseRef.current === 'thinking') pendingEventsRef.current.push(parsed.data);
      else handleEvent(parsed.data);
    });
    return () => {
      offDrain();
      offEvents();
    };
  }, [finishIfQuiet, handleEvent]);

  // Level meter: read the analyser once per frame while recording.
  useEffect(() => {
    if (phase !== 'recording') {
      setLevel(0);
      return;
    }
    let frame = requestAnimationFrame(function tick() {
      setLevel(recorderRef.current?.level() ?? 0);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [phase]);

  useEffect(() => {
    // The dock (button, status, text box) floats over the bottom of the list: stop the newest
    // message above it rather than under it.
    const end = transcriptEndRef.current;
    if (!end) return;
    end.style.scrollMarginBottom = `${dockRef.current?.offsetHeight ?? 0}px`;
    end.scrollIntoView?.({ block: 'end' });
  }, [conv]);

  const interrupt = useCallback(async () => {
    const turnId = turnIdRef.current;
    const fractions = player.stop();
    const turn = convRef.current.turns.find((x) => x.turnId === turnId);
    const spokenChars = turn ? spokenCharacters(turn.sentences, fractions) : 0;
    setPhaseBoth('idle');
    if (!turnId) return;
    setConvBoth((c) => markInterrupted(c, turnId, spokenChars));
    abortedTurnIdRef.current = turnId;
    turnIdRef.current = null;
    try {
      await call('turn.abort', { turnId, spokenChars });
    } catch (e) {
      setProblem(errorPayload(e));
    }
  }, [setConvBoth, setPhaseBoth]);

  /** Starts a turn (spoken or typed) in the current conversation and follows its events. */
  const beginTurn = useCallback(
    async (start: (options: { conversationId?: string }) => Promise<{ turnId: string }>) => {
      setPhaseBoth('thinking');
      turnDoneRef.current = false;
      pendingEventsRef.current = [];
      player.reset();
      try {
        const { turnId } = await start(convRef.current.conversationId ? { conversationId: convRef.current.conversationId } : {});
        turnIdRef.current = turnId;
        setConvBoth((c) => startTurn(c, turnId));
        const early = pendingEventsRef.current;
        pendingEventsRef.current = [];
        for (const e of early) handleEvent(e);
      } catch (e) {
        setProblem(errorPayload(e));
        setPhaseBoth('error');
      }
    },
    [handleEvent, setConvBoth, setPhaseBoth],
  );

  const send = useCallback(
    async (limitReached: boolean) => {
      const recorder = recorderRef.current;
      recorderRef.current = null;
      window.clearTimeout(limitTimerRef.current);
      setToggleMode(false);
      if (!recorder) return;
      const recording = await recorder.stop();
      lastPressRef.current = performance.now();
      if (recording.durationMs < MIN_RECORDING_MS) {
        setNotice(t.talk.tooShort);
        setPhaseBoth('idle');
        return;
      }
      if (limitReached) setNotice(t.talk.limitReached);
      await beginTurn((options) =>
        call('turn.start', { audio: recording.samples.buffer as ArrayBuffer, sampleRate: recording.sampleRate, options }),
      );
    },
    [beginTurn, t],
  );

  const [typed, setTyped] = useState('');
  const sendTyped = useCallback(async () => {
    const text = typed.trim();
    if (!text || (phaseRef.current !== 'idle' && phaseRef.current !== 'error')) return;
    setProblem(null);
    setNotice(null);
    player.unlock();
    setTyped('');
    await beginTurn((options) => call('turn.text', { text, options }));
  }, [beginTurn, typed]);

  const press = useCallback(
    async (viaToggle = false) => {
      const p = phaseRef.current;
      if (p === 'thinking' || p === 'speaking') {
        await interrupt();
        return;
      }
      if (p === 'recording' || p === 'opening') return;
      const now = performance.now();
      if (now - lastPressRef.current < DEBOUNCE_MS) return;
      lastPressRef.current = now;
      player.unlock();
      setProblem(null);
      setNotice(null);
      releasedEarlyRef.current = false;
      setToggleMode(viaToggle);
      setPhaseBoth('opening');
      try {
        const recorder = await Recorder.open(settings.microphoneId);
        recorderRef.current = recorder;
        setPhaseBoth('recording');
        limitTimerRef.current = window.setTimeout(() => void send(true), MAX_RECORDING_MS);
        if (releasedEarlyRef.current) void send(false);
      } catch (e) {
        const problemKind = e instanceof MicError ? e.problem : 'failed';
        setProblem(
          problemKind === 'denied'
            ? { code: 'INVALID_ARGUMENT', message: t.talk.denied, hint: t.talk.deniedHint }
            : problemKind === 'no-microphone'
              ? { code: 'INVALID_ARGUMENT', message: t.talk.noMic, hint: t.talk.noMicHint }
              : { code: 'INTERNAL', message: t.talk.micFailed, hint: t.talk.deniedHint },
        );
        setPhaseBoth('error');
      }
    },
    [interrupt, send, setPhaseBoth, settings.microphoneId, t],
  );

  const release = useCallback(() => {
    if (phaseRef.current === 'opening') {
      releasedEarlyRef.current = true;
      return;
    }
    if (phaseRef.current === 'recording') void send(false);
  }, [send]);

  /** Global shortcut and Enter on the button: press once to start, once more to send. */
  const toggle = useCallback(() => {
    if (phaseRef.current === 'recording') release();
    else void press(true);
  }, [press, release]);
  const toggleRef = useRef(toggle);
  toggleRef.current = toggle;

  // Hold the push-to-talk key anywhere in the window, except while typing or operating another control.
  useEffect(() => {
    if (!props.active) return;
    const isOtherControl = (target: EventTarget | null): boolean => {
      if (!(target instanceof HTMLElement)) return false;
      if (target.dataset.ptt === 'true') return false;
      return Boolean(target.closest('input, textarea, select, button, a, [role="dialog"], [contenteditable="true"]'));
    };
    const down = (e: KeyboardEvent): void => {
      if (e.code !== settings.pushToTalkKey || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isOtherControl(e.target)) return;
      e.preventDefault();
      if (e.repeat) return;
      void press(false);
    };
    const up = (e: KeyboardEvent): void => {
      if (e.code !== settings.pushToTalkKey) return;
      if (isOtherControl(e.target)) return;
      e.preventDefault();
      release();
    };
    // Losing focus mid-press (alt-tab) would otherwise leave the recording running until the time limit.
    const blur = (): void => {
      if (phaseRef.current === 'recording' && !toggleMode) release();
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [press, release, props.active, settings.pushToTalkKey, toggleMode]);

  // Leaving the screen or closing the window stops everything.
  useEffect(
    () => () => {
      recorderRef.current?.cancel();
      recorderRef.current = null;
      window.clearTimeout(limitTimerRef.current);
    },
    [],
  );

  const newConversation = (): void => {
    if (phaseRef.current === 'thinking' || phaseRef.current === 'speaking') void interrupt();
    setConvBoth(() => EMPTY_CONVERSATION);
    setNotice(null);
    setProblem(null);
  };

  const recording = phase === 'recording' || phase === 'opening';
  const busy = phase === 'thinking' || phase === 'speaking';
  const key = keyLabel(settings.pushToTalkKey);
  const status =
    phase === 'recording' || phase === 'opening'
      ? toggleMode
        ? t.talk.toggleHint
        : t.talk.listening
      : phase === 'thinking'
        ? t.talk.thinking
        : phase === 'speaking'
          ? t.talk.speaking
          : t.talk.idleHint(key);
  const buttonLabel = recording ? (toggleMode ? t.talk.pressToStop : t.talk.releaseToSend) : busy ? t.talk.pressToStop : t.talk.holdToTalk;

  return (
    <section
      className="screen talk"
      aria-labelledby="talk-title"
      data-phase={phase}
      data-audio-chunks={audioStats.chunks}
      data-audio-seconds={audioStats.seconds.toFixed(2)}
    >
      <header className="screen-header">
        <h1 id="talk-title" tabIndex={-1}>
          {t.nav.talk}
        </h1>
        {conv.turns.length > 0 && (
          <button type="button" className="button subtle" onClick={newConversation}>
            {t.talk.newConversation}
          </button>
        )}
      </header>

      <div className="transcript" aria-label={t.history.title}>
        {conv.turns.length === 0 && <p className="empty-state">{t.talk.empty}</p>}
        {conv.turns.map((turn) => (
          <article className="exchange" key={turn.turnId} data-turn-id={turn.turnId}>
            {(turn.userText !== null || !turn.error) && (
              <div className="bubble user">
                <div className="bubble-meta">
                  <span className="speaker">{t.talk.you}</span>
                  {turn.mood && <MoodBadge mood={turn.mood} />}
                </div>
                <p className="user-text">{turn.userText ?? <span className="pending" aria-label={t.talk.thinking}>…</span>}</p>
              </div>
            )}
            {turn.crisis && <CrisisCard crisis={turn.crisis} />}
            {(turn.replyText || (!turn.done && turn.userText)) && (
              <div className="bubble lumio">
                <div className="bubble-meta">
                  <span className="speaker">{t.talk.lumio}</span>
                  {turn.interrupted && <span className="tag">{t.talk.interrupted}</span>}
                  {turn.timings?.firstAudioMs !== undefined && <span className="timing">{t.talk.timings(turn.timings.firstAudioMs)}</span>}
                </div>
                <p className="reply-text" aria-live={turn.turnId === turnIdRef.current ? 'polite' : undefined}>
                  {turn.replyText || <span className="pending">…</span>}
                </p>
              </div>
            )}
            {turn.speechError && (
              <p className="turn-error" role="status">
                {t.talk.notSpoken(errorText(t, turn.speechError))}
                {turn.speechError.hint && !turn.speechError.model && <span className="note-hint"> {turn.speechError.hint}</span>}
              </p>
            )}
            {/* The current turn's error is in the alert below; older ones keep a quiet line. */}
            {turn.error && turn.error.code !== 'ABORTED' && turn.error.message !== problem?.message && <p className="turn-error">{turn.error.message}</p>}
          </article>
        ))}
        <div ref={transcriptEndRef} />
      </div>

      <div className="dock" ref={dockRef}>
        {problem && (
          <ErrorNote
            error={problem}
            onDismiss={() => {
              setProblem(null);
              setPhaseBoth('idle');
            }}
          />
        )}
        {notice && !problem && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <div className="ptt-wrap">
          <div className="ptt-ring" style={{ transform: `scale(${1 + level * 0.35})`, opacity: recording ? 0.25 + level * 0.6 : 0 }} aria-hidden="true" />
          <button
            type="button"
            className={`ptt ptt-${phase}`}
            data-ptt="true"
            aria-pressed={recording}
            aria-label={buttonLabel}
            aria-describedby="talk-status"
            onPointerDown={(e) => {
              if (e.button !== 0) return;
              e.currentTarget.setPointerCapture?.(e.pointerId);
              void press(false);
            }}
            onPointerUp={() => {
              if (!toggleMode) release();
            }}
            onPointerCancel={() => release()}
            onKeyDown={(e) => {
              // Enter toggles (press, then press again) for people who cannot hold a key.
              if (e.key === 'Enter' && !e.repeat) {
                e.preventDefault();
                toggle();
              }
            }}
            onClick={(e) => e.preventDefault()}
          >
            <MicGlyph />
            <span className="ptt-text">{buttonLabel}</span>
          </button>
        </div>
        <meter className="level" min={0} max={1} value={level} aria-label={t.talk.level} hidden={!recording} />
        <p id="talk-status" className="status" role="status" aria-live="polite">
          {status}
        </p>
        <form
          className="type-row"
          onSubmit={(e) => {
            e.preventDefault();
            void sendTyped();
          }}
        >
          <input
            type="text"
            className="type-input"
            aria-label={t.talk.typeLabel}
            placeholder={t.talk.typePlaceholder}
            value={typed}
            maxLength={4000}
            disabled={recording}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit" className="button subtle" disabled={!typed.trim() || (phase !== 'idle' && phase !== 'error')}>
            {t.talk.send}
          </button>
        </form>
      </div>
    </section>
  );
}

function MicGlyph(): React.JSX.Element {
  return (
    <svg className="ptt-icon" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true" focusable="false">
      <rect x="9" y="3" width="6" height="11" rx="3" fill="currentColor" />
      <path d="M6 11a6 6 0 0 0 12 0M12 17v4M9 21h6" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" />
    </svg>
  );
}
