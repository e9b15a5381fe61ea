import { randomUUID } from 'node:crypto';
import type { Language, Mood, Settings, TurnEvent, TurnOptions } from '../../shared/domain.js';
import { LumioError, toLumioError } from '../../shared/errors.js';
import { DEFAULT_MAX_SECONDS, SPEECH_SAMPLE_RATE } from '../audio/prepare.js';
import { StreamResampler } from '../audio/stream-resampler.js';
import { ALL_TECHNIQUES, type LatencyTechniques, type WorkerTurnResult, type WorkerTurnStart } from '../engine/protocol.js';
import type { EngineSupervisor, SessionHandle } from '../engine/supervisor.js';
import type { LumioStore } from '../store/history.js';
import type { MemoryContext } from '../conversation/turn.js';
import type { WorkerTurnContext } from '../engine/protocol.js';
import { memoryOf, refineStoredMood, remember, saveTurn, turnContext } from './turn-host.js';

/**
 * The host's side of a turn, from the moment the talk key goes down to the saved reply.
 *
 * A spoken turn is a session: `begin` opens it in the worker at once (the recognizer and the chat
 * model start working while the person speaks), `audio` blocks arrive at the microphone's rate
 * and are resampled here to 16 kHz, `end` is the end of speech. The conversation is read from the
 * store and sent as soon as the previous turn is saved, so the chat model reads it before the key
 * comes up. One turn at a time: a new press stops the reply in progress (barge-in) instead of being
 * refused, and the slot is free before `turn.done` goes out, so a press on `turn.done` is taken.
 */

/** A session with no audio for this long lost its renderer (a reload, a crash): it is dropped. */
const STALL_MS = 30_000;

interface ActiveTurn {
  turnId: string;
  conversationId: string;
  start: WorkerTurnStart;
  memoryEnabled: boolean;
  /** Set for a spoken turn until its end arrives. */
  listening: { resampler: StreamResampler; nextSeq: number; samples: number; stall: NodeJS.Timeout | null } | null;
  session: Promise<SessionHandle> | null;
  requestId: number | null;
  abortRequested: boolean;
  spokenChars: number | null;
  /** performance.now() at the end of speech (key up) or when the message was sent. */
  endedAt: number | null;
  firstAudioAt: number | null;
}

export interface CoordinatorDeps {
  store: LumioStore;
  supervisor: EngineSupervisor;
  emit(event: TurnEvent): void;
  settings(): Settings;
}

export class TurnCoordinator {
  private current: ActiveTurn | null = null;
  /** Settles when the last turn is saved (or failed): the next one reads its history after that. */
  private saved: Promise<void> = Promise.resolve();
  private techniques: LatencyTechniques = ALL_TECHNIQUES;
  /**
   * The memory each recent conversation started with. Memory learnt during a conversation (or from
   * the one before, saved a moment later) must not change its system prompt, or the chat model
   * would have to read the whole conversation again.
   */
  private readonly memoryAtStart = new Map<string, MemoryContext>();

  constructor(private readonly deps: CoordinatorDeps) {
    deps.supervisor.on('refined', (turnId: string, mood: Mood) => {
      try {
        if (refineStoredMood(deps.store, turnId, mood)) deps.emit({ type: 'turn.mood', turnId, mood });
      } catch {
        // A second opinion is a nicety: a locked database must not turn it into an error.
      }
    });
  }

  private context(turn: ActiveTurn): WorkerTurnContext {
    const { store } = this.deps;
    if (!turn.memoryEnabled) return turnContext(store, turn.conversationId, false);
    let memory = this.memoryAtStart.get(turn.conversationId);
    if (!memory) {
      memory = memoryOf(store, turn.conversationId);
      this.memoryAtStart.set(turn.conversationId, memory);
      // A few conversations are enough: an older one only comes back after a restart, cold anyway.
      if (this.memoryAtStart.size > 16) this.memoryAtStart.delete(this.memoryAtStart.keys().next().value as string);
    }
    return turnContext(store, turn.conversationId, true, memory);
  }

  /** The benchmark's baseline switches the latency techniques off; the app never does. */
  setTechniques(techniques: LatencyTechniques): void {
    this.techniques = techniques;
  }

  get busy(): boolean {
    return this.current !== null;
  }

  private prepare(turnId: string | undefined, options: TurnOptions): ActiveTurn {
    // A new press wins: the reply still playing, or a recording whose key-up never came, stops here.
    if (this.current) this.stop(this.current);
    return this.describe(turnId, options);
  }

  /** What a turn with these options would be: its start for the worker, nothing sent yet. */
  private describe(turnId: string | undefined, options: TurnOptions): ActiveTurn {
    const settings = this.deps.settings();
    const conversationId = options.conversationId ?? randomUUID();
    const spoken = options.conversationId ? this.deps.store.promptTurns(conversationId, 1)[0]?.language : undefined;
    const likely = spoken ?? this.lastSpokenLanguage() ?? settings.uiLanguage;
    const start: WorkerTurnStart = {
      turnId: turnId ?? randomUUID(),
      conversationId,
      tone: options.tone ?? settings.tone,
      voice: options.voice ?? settings.voice,
      language: options.language ?? settings.language,
      ...(spoken ? { conversationLanguage: spoken } : {}),
      likelyLanguage: likely,
      techniques: this.techniques,
    };
    return {
      turnId: start.turnId,
      conversationId,
      start,
      memoryEnabled: settings.memoryEnabled,
      listening: null,
      session: null,
      requestId: null,
      abortRequested: false,
      spokenChars: null,
      endedAt: null,
      firstAudioAt: null,
    };
  }

  /** The language of the person's latest conversation, if any. Only a guess: a store that cannot answer (locked) never stops a press. */
  private lastSpokenLanguage(): Language | undefined {
    try {
      const latest = this.deps.store.listConversations({ limit: 1 })[0];
      return latest ? this.deps.store.promptTurns(latest.id, 1)[0]?.language : undefined;
    } catch {
      return undefined;
    }
  }

  /** The talk key went down. */
  begin(turnId: string, sampleRate: number, options: TurnOptions): { turnId: string } {
    const turn = this.prepare(turnId, options);
    turn.listening = { resampler: new StreamResampler(sampleRate, SPEECH_SAMPLE_RATE), nextSeq: 0, samples: 0, stall: null };
    this.current = turn;
    const session = this.deps.supervisor.session(turn.start, (event) => this.onEvent(turn, event));
    turn.session = session;
    this.armStall(turn);
    const previous = this.saved;
    this.follow(
      turn,
      previous,
      session.then((h) => {
        turn.requestId = h.requestId;
        if (turn.abortRequested) this.deps.supervisor.abort(h.requestId);
        return h.result;
      }),
    );
    // The conversation goes to the worker as soon as the previous turn is saved.
    void previous
      .then(async () => {
        const handle = await session;
        handle.context(this.context(turn));
      })
      .catch(() => undefined);
    return { turnId: turn.turnId };
  }

  /** One block of the recording, at the rate named in begin. */
  audio(turnId: string, seq: number, pcm: ArrayBuffer): void {
    const turn = this.current;
    const listening = turn?.turnId === turnId ? turn.listening : null;
    if (!turn || !listening) throw new LumioError('NOT_FOUND', 'That recording has already ended.');
    if (seq < listening.nextSeq) return; // a block sent twice
    listening.nextSeq = seq + 1;
    const samples = new Float32Array(pcm);
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i] as number;
      if (s - s !== 0) {
        this.cancel(turnId);
        throw new LumioError('AUDIO_INVALID', 'The microphone sent damaged audio (not-a-number samples).', {
          hint: 'Record again; if it keeps happening, choose another microphone in Settings.',
        });
      }
    }
    const maxSamples = DEFAULT_MAX_SECONDS * listening.resampler.from;
    if (listening.samples >= maxSamples) return;
    listening.samples += samples.length;
    this.armStall(turn);
    const resampled = listening.resampler.push(samples);
    if (resampled.length > 0) void turn.session?.then((h) => h.audio(resampled));
    // A stuck key: the recording ends itself at the limit.
    if (listening.samples >= maxSamples) this.end(turnId);
  }

  /** The talk key came up: the end of speech. */
  end(turnId: string): void {
    const turn = this.current;
    if (!turn || turn.turnId !== turnId || !turn.listening) return;
    turn.endedAt = performance.now();
    const rest = turn.listening.resampler.end();
    if (turn.listening.stall) clearTimeout(turn.listening.stall);
    turn.listening = null;
    void turn.session?.then((h) => {
      if (rest.length > 0) h.audio(rest);
      h.end();
    });
  }

  /** The recording is dropped unheard. */
  cancel(turnId: string): void {
    const turn = this.current;
    if (turn && turn.turnId === turnId) this.stop(turn);
  }

  /** A typed message: the same reply path, with the words known at once. */
  text(turnId: string | undefined, text: string, options: TurnOptions): { turnId: string } {
    const turn = this.prepare(turnId, options);
    turn.endedAt = performance.now();
    this.current = turn;
    const previous = this.saved;
    const started = previous.then(() => this.deps.supervisor.textTurn(turn.start, text, this.context(turn), (event) => this.onEvent(turn, event)));
    this.follow(
      turn,
      previous,
      started.then((s) => {
        turn.requestId = s.requestId;
        if (turn.abortRequested) this.deps.supervisor.abort(s.requestId);
        return s.result;
      }),
    );
    return { turnId: turn.turnId };
  }

  /**
   * The next message as far as it is typed: the worker reads it into the chat model's cache, so at
   * send only the words typed since are left. A hint, never refused: while a turn runs (its own
   * reading comes first) or a store cannot answer, it is dropped.
   */
  draft(text: string, options: TurnOptions): void {
    if (this.current || !text.trim()) return;
    void this.saved
      .then(() => {
        if (this.current) return;
        const turn = this.describe(undefined, options);
        // A new conversation's id is made up here: its memory is read, not remembered under that id.
        const context = options.conversationId || !turn.memoryEnabled ? this.context(turn) : turnContext(this.deps.store, turn.conversationId, true);
        this.deps.supervisor.draft(turn.start, text, context);
      })
      .catch(() => undefined);
  }

  /** Stops the reply; only what was heard is kept (also when the turn was saved already). */
  abort(turnId: string, spokenChars?: number): void {
    const turn = this.current;
    if (turn && turn.turnId === turnId) {
      if (spokenChars !== undefined) turn.spokenChars = spokenChars;
      this.stop(turn);
    } else if (spokenChars !== undefined) {
      // The engine had finished (speech synthesis runs ahead of playback) and the turn is saved:
      // what the person did not hear must still leave history and the model's context.
      void this.saved.then(() => this.deps.store.keepSpokenPart(turnId, spokenChars)).catch(() => undefined);
    }
  }

  /** Stops whatever turn is running (the app is closing). */
  stopAll(): void {
    if (this.current) this.stop(this.current);
  }

  /** Waits for the turn in progress and its save (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.current) await new Promise((r) => setTimeout(r, 10));
    await this.saved;
  }

  private stop(turn: ActiveTurn): void {
    turn.abortRequested = true;
    if (turn.listening?.stall) clearTimeout(turn.listening.stall);
    turn.listening = null;
    if (turn.requestId !== null) this.deps.supervisor.abort(turn.requestId);
  }

  private armStall(turn: ActiveTurn): void {
    const listening = turn.listening;
    if (!listening) return;
    if (listening.stall) clearTimeout(listening.stall);
    listening.stall = setTimeout(() => this.cancel(turn.turnId), STALL_MS);
    listening.stall.unref?.();
  }

  private onEvent(turn: ActiveTurn, event: TurnEvent): void {
    if (event.type === 'turn.done') return; // sent by follow(), once the turn is saved
    if (event.type === 'turn.audio' && turn.firstAudioAt === null) turn.firstAudioAt = performance.now();
    this.deps.emit(event);
  }

  /** Saves the turn when the worker is done (after the turn before it), frees the slot, then tells the UI. */
  private follow(turn: ActiveTurn, previous: Promise<void>, result: Promise<WorkerTurnResult>): void {
    let release!: () => void;
    this.saved = new Promise<void>((r) => (release = r));
    void this.settle(turn, previous, result, release);
  }

  private async settle(turn: ActiveTurn, previous: Promise<void>, result: Promise<WorkerTurnResult>, release: () => void): Promise<void> {
    try {
      const value = await result;
      await previous;
      // What the person waited, measured here: from the end of speech as the host saw it to the
      // first reply audio it passed on (the worker's own figure leaves out the hops to and from it).
      if (turn.endedAt !== null && turn.firstAudioAt !== null) value.timings.firstAudioMs = Math.round((turn.firstAudioAt - turn.endedAt) * 10) / 10;
      const stored = saveTurn(this.deps.store, {
        turnId: turn.turnId,
        conversationId: turn.conversationId,
        tone: turn.start.tone,
        voice: turn.start.voice,
        result: value,
        spokenChars: turn.spokenChars,
      });
      if (this.current === turn) this.current = null;
      release();
      this.deps.emit({
        type: 'turn.done',
        turnId: turn.turnId,
        conversationId: turn.conversationId,
        replyText: stored.replyText,
        interrupted: stored.interrupted,
        timings: value.timings,
        ...(value.dropped.length ? { dropped: value.dropped } : {}),
        ...(value.addedName ? { addedName: value.addedName } : {}),
        ...(value.speechError ? { speechError: value.speechError } : {}),
      });
      // Learning from the turn is for later conversations: it waits until the reply is out.
      if (turn.memoryEnabled) {
        setImmediate(() => {
          try {
            remember(this.deps.store, turn.conversationId, value);
          } catch {
            // Memory is a nicety; the turn itself is saved.
          }
        });
      }
    } catch (e) {
      await previous.catch(() => undefined);
      if (this.current === turn) this.current = null;
      release();
      this.deps.emit({ type: 'turn.error', turnId: turn.turnId, error: toLumioError(e).toPayload() });
    }
  }
}
