import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import { CrisisCard } from '../components/CrisisCard.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { MoodBadge } from '../components/MoodBadge.js';
import { errorHint, errorText } from '../damage.js';
import { keyLabel, useT, type Strings } from '../i18n.js';
import { useSettings } from '../settings-context.js';
import type { MicProblem } from '../audio/recorder.js';
import { talk } from '../talk/talk-store.js';

/** The microphone's problem in the person's words. */
function micError(t: Strings, problem: MicProblem): LumioErrorPayload {
  if (problem === 'denied') return { code: 'INVALID_ARGUMENT', message: t.talk.denied, hint: t.talk.deniedHint };
  if (problem === 'no-microphone') return { code: 'INVALID_ARGUMENT', message: t.talk.noMic, hint: t.talk.noMicHint };
  return { code: 'INTERNAL', message: t.talk.micFailed, hint: t.talk.deniedHint };
}

/**
 * The conversation: hold the key or the button, speak, let go. Everything it shows comes from the
 * talk store, which keeps the reply going when this screen is closed.
 */
export function TalkScreen(props: { active: boolean }): React.JSX.Element {
  const t = useT();
  const { settings } = useSettings();
  const state = useSyncExternalStore(talk.subscribe, talk.getSnapshot);
  const { phase, conversation: conv, toggleMode, audio } = state;
  const problem = state.micProblem ? micError(t, state.micProblem) : state.problem;
  const [level, setLevel] = useState(0);
  const [typed, setTyped] = useState('');
  const transcriptEndRef = useRef<HTMLDivElement>(null);
  const dockRef = useRef<HTMLDivElement>(null);

  useEffect(() => talk.setMicrophone(settings.microphoneId), [settings.microphoneId]);

  // Level meter: read the analyser once per frame while recording.
  useEffect(() => {
    if (phase !== 'recording') {
      setLevel(0);
      return;
    }
    let frame = requestAnimationFrame(function tick() {
      setLevel(talk.level());
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
      void talk.press(false);
    };
    const up = (e: KeyboardEvent): void => {
      if (e.code !== settings.pushToTalkKey) return;
      if (isOtherControl(e.target)) return;
      e.preventDefault();
      void talk.release();
    };
    const blur = (): void => talk.windowBlurred();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [props.active, settings.pushToTalkKey]);

  // Leaving the screen mid-recording sends what was said (the reply plays on from the store).
  useEffect(() => () => void talk.release(), []);

  const recording = phase === 'recording' || phase === 'opening';
  const busy = phase === 'thinking' || phase === 'speaking';
  const key = keyLabel(settings.pushToTalkKey);
  const status = recording
    ? toggleMode
      ? t.talk.toggleHint
      : t.talk.listening
    : phase === 'thinking'
      ? t.talk.thinking
      : phase === 'speaking'
        ? t.talk.speaking
        : t.talk.idleHint(key);
  const buttonLabel = recording ? (toggleMode ? t.talk.pressToStop : t.talk.releaseToSend) : busy ? t.talk.pressToStop : t.talk.holdToTalk;
  const notice = state.notice ? t.talk[state.notice] : null;

  return (
    <section
      className="screen talk"
      aria-labelledby="talk-title"
      data-phase={phase}
      data-audio-chunks={audio.chunks}
      data-audio-seconds={audio.seconds.toFixed(2)}
    >
      <header className="screen-header">
        <h1 id="talk-title" tabIndex={-1}>
          {t.nav.talk}
        </h1>
        {conv.turns.length > 0 && (
          <button type="button" className="button subtle" onClick={() => talk.newConversation()}>
            {t.talk.newConversation}
          </button>
        )}
      </header>

      <div className="transcript" aria-label={t.history.title}>
        {conv.turns.length === 0 && <p className="empty-state">{t.talk.empty}</p>}
        {conv.turns.map((turn) => (
          <article
            className="exchange"
            key={turn.turnId}
            data-turn-id={turn.turnId}
            data-waited-ms={turn.waitedMs === null ? undefined : Math.round(turn.waitedMs)}
          >
            {(turn.userText !== null || !turn.error) && (
              <div className="bubble user">
                <div className="bubble-meta">
                  <span className="speaker">{t.talk.you}</span>
                  {turn.mood && <MoodBadge mood={turn.mood} crisis={Boolean(turn.crisis)} />}
                </div>
                <p className="user-text">
                  {turn.userText ??
                    (turn.heardText ? (
                      <span className="heard">{turn.heardText}…</span>
                    ) : (
                      <span className="pending" aria-label={t.talk.listening}>
                        …
                      </span>
                    ))}
                </p>
              </div>
            )}
            {turn.crisis && <CrisisCard crisis={turn.crisis} />}
            {(turn.replyText || (!turn.done && turn.userText)) && (
              <div className="bubble lumio">
                <div className="bubble-meta">
                  <span className="speaker">{t.talk.lumio}</span>
                  {turn.interrupted && <span className="tag">{t.talk.interrupted}</span>}
                  {turn.waitedMs !== null && <span className="timing">{t.talk.timings(turn.waitedMs)}</span>}
                </div>
                <p className="reply-text" aria-live={turn.turnId === state.liveTurnId ? 'polite' : undefined}>
                  {turn.replyText || <span className="pending">…</span>}
                </p>
              </div>
            )}
            {turn.speechError && (
              <p className="turn-error" role="status">
                {t.talk.notSpoken(errorText(t, turn.speechError))}
                {errorHint(t, turn.speechError) && <span className="note-hint"> {errorHint(t, turn.speechError)}</span>}
              </p>
            )}
            {/* The current turn's error is in the alert below; older ones keep a quiet line. */}
            {turn.error && turn.error.code !== 'ABORTED' && turn.error.message !== problem?.message && <p className="turn-error">{errorText(t, turn.error)}</p>}
          </article>
        ))}
        <div ref={transcriptEndRef} />
      </div>

      <div className="dock" ref={dockRef}>
        {problem && <ErrorNote error={problem} onDismiss={() => talk.dismissProblem()} />}
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
              void talk.press(false);
            }}
            onPointerUp={() => {
              if (!toggleMode) void talk.release();
            }}
            onPointerCancel={() => void talk.release()}
            onKeyDown={(e) => {
              // Enter toggles (press, then press again) for people who cannot hold a key.
              if (e.key === 'Enter' && !e.repeat) {
                e.preventDefault();
                talk.toggle();
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
            const text = typed;
            setTyped('');
            void talk.sendTyped(text);
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
            onChange={(e) => {
              setTyped(e.target.value);
              talk.typing(e.target.value);
            }}
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
