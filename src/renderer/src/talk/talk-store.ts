import { TurnEventSchema, type TurnEvent } from '../../../shared/domain.js';
import { DRAFT_INTERVAL_MS, draftPart } from '../../../shared/draft.js';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import { ReplyPlayer } from '../audio/player.js';
import { MicError, Recorder, type MicProblem } from '../audio/recorder.js';
import { call, errorPayload, on, onAny } from '../lumio.js';
import {
  applyTurnEvent,
  dropTurn,
  EMPTY_CONVERSATION,
  failTurn,
  markInterrupted,
  markWaited,
  spokenCharacters,
  startTurn,
  type Conversation,
} from './conversation.js';

/** A turn's whole stream, from the contract (so a new turn event reaches the store without a list to keep). */
const TURN_EVENT_TYPES = TurnEventSchema.options.map((o) => o.shape.type.value);

/**
 * The Talk screen's state and its conversation with the core, kept outside React: a reply goes on
 * playing (and its text stays in step with what is heard) when the person opens another screen,
 * and is there when they come back. The screen only renders this and forwards key presses.
 *
 * A spoken turn is a session opened when the key goes down (turn.begin with an id made here); the
 * microphone's blocks go to the core while the key is held (turn.audio, at the device's rate), and
 * the release is turn.end. Pressing while Lumio answers stops the reply, keeps what was heard, and
 * starts listening at once.
 */
export type Phase = 'idle' | 'opening' | 'recording' | 'thinking' | 'speaking' | 'error';
export type Notice = 'tooShort' | 'limitReached';

export interface TalkState {
  phase: Phase;
  conversation: Conversation;
  problem: LumioErrorPayload | null;
  micProblem: MicProblem | null;
  notice: Notice | null;
  /** Started by Enter or the global shortcut: press again to send. */
  toggleMode: boolean;
  /** The turn whose reply is live (its words stream in, its audio plays). */
  liveTurnId: string | null;
  audio: { chunks: number; seconds: number };
}

/** Presses closer together than this are a bounce or a double tap, not a new turn. */
const DEBOUNCE_MS = 300;
/** Shorter than this cannot hold a word; say so instead of sending silence to the engine. */
const MIN_RECORDING_MS = 350;
/** A stuck key or a forgotten toggle must not record forever. */
export const MAX_RECORDING_MS = 60_000;

const INITIAL: TalkState = {
  phase: 'idle',
  conversation: EMPTY_CONVERSATION,
  problem: null,
  micProblem: null,
  notice: null,
  toggleMode: false,
  liveTurnId: null,
  audio: { chunks: 0, seconds: 0 },
};

function newTurnId(): string {
  return crypto.randomUUID();
}

interface Listening {
  turnId: string;
  recorder: Recorder | null;
  /** Settles when the core has opened the session; every block and the end wait for it. */
  begun: Promise<unknown>;
  released: boolean;
  /** When the key came up, if that was before the microphone was open (the release then waits for it). */
  releasedAt?: number;
  limit: number | undefined;
  /** The press stopped a reply: a tap is then just "stop", not a recording too short to send. */
  stoppedReply: boolean;
}

export class TalkStore {
  private state: TalkState = INITIAL;
  private readonly listeners = new Set<() => void>();
  readonly player = new ReplyPlayer();
  private listening: Listening | null = null;
  /** When the key came up (or the message went), for the wait the person felt. */
  private endOfSpeechAt = 0;
  private turnDone = false;
  // -Infinity: performance.now() starts near 0 on every page load, and a first press must not look like a bounce.
  private lastPressAt = Number.NEGATIVE_INFINITY;
  private microphoneId: string | null = null;
  private connected = false;
  /** The words of the message being typed last sent ahead, when, and the send still to come (shared/draft.ts). */
  private draft: { sent: string; at: number; timer: number | null } = { sent: '', at: Number.NEGATIVE_INFINITY, timer: null };

  subscribe = (listener: () => void): (() => void) => {
    this.connect();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TalkState => this.state;

  /** Input level 0…1 while recording (read by the screen once per frame). */
  level(): number {
    return this.listening?.recorder?.level() ?? 0;
  }

  setMicrophone(id: string | null): void {
    this.microphoneId = id;
  }

  private set(patch: Partial<TalkState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private setConversation(change: (c: Conversation) => Conversation): void {
    this.set({ conversation: change(this.state.conversation) });
  }

  /** Listens to the core's stream once, for the life of the window. */
  private connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.player.onDrained(() => {
      this.set({ audio: { chunks: this.player.chunksPlayed, seconds: this.player.scheduledSeconds } });
      this.finishIfQuiet();
    });
    on('shortcut.toggle-recording', () => this.toggle());
    onAny(TURN_EVENT_TYPES, (event) => this.onEvent(event));
  }

  private onEvent(event: TurnEvent): void {
    // Every turn of this conversation updates its bubble (a stopped turn still brings its stored text);
    // only the live one plays audio and moves the phase.
    this.setConversation((c) => applyTurnEvent(c, event));
    if (event.turnId !== this.state.liveTurnId) return;
    if (event.type === 'turn.audio') {
      this.player.enqueue(event.index, event.pcm, event.sampleRate);
      this.setConversation((c) => markWaited(c, event.turnId, performance.now() - this.endOfSpeechAt));
      this.set({
        ...(this.state.phase === 'thinking' ? { phase: 'speaking' as const } : {}),
        audio: { chunks: this.player.chunksPlayed, seconds: this.player.scheduledSeconds },
      });
    } else if (event.type === 'turn.done') {
      this.turnDone = true;
      this.finishIfQuiet();
    } else if (event.type === 'turn.error') {
      this.turnDone = true;
      this.player.stop();
      if (event.error.code === 'ABORTED') this.set({ phase: 'idle', liveTurnId: null });
      else this.set({ phase: 'error', problem: event.error, liveTurnId: null });
    }
  }

  private finishIfQuiet(): void {
    const { phase } = this.state;
    if (this.turnDone && !this.player.playing && (phase === 'speaking' || phase === 'thinking')) {
      this.set({ phase: 'idle', liveTurnId: null });
    }
  }

  /** The talk key or the button went down. */
  async press(viaToggle = false): Promise<void> {
    const { phase } = this.state;
    if (this.listening || phase === 'recording' || phase === 'opening') return;
    const now = performance.now();
    if (now - this.lastPressAt < DEBOUNCE_MS) return;
    this.lastPressAt = now;
    // Pressing while Lumio answers: stop it (keeping what was heard) and listen at once.
    const stoppedReply = phase === 'thinking' || phase === 'speaking';
    const turnId = newTurnId();
    const listening: Listening = { turnId, recorder: null, begun: Promise.resolve(), released: false, limit: undefined, stoppedReply };
    // Taken before any await: a quick tap's key-up can arrive while the reply is still being stopped,
    // and release() must find this press to mark it released rather than lose it (and record forever).
    this.listening = listening;
    if (stoppedReply) await this.interrupt();
    this.player.unlock();
    this.set({ phase: 'opening', problem: null, micProblem: null, notice: null, toggleMode: viaToggle });
    let recorder: Recorder;
    try {
      recorder = await Recorder.open(this.microphoneId);
    } catch (e) {
      this.listening = null;
      this.set({ phase: 'error', micProblem: e instanceof MicError ? e.problem : 'failed' });
      return;
    }
    listening.recorder = recorder;
    const conversationId = this.state.conversation.conversationId;
    listening.begun = call('turn.begin', { turnId, sampleRate: recorder.sampleRate, options: conversationId ? { conversationId } : {} });
    listening.begun.catch((e: unknown) => this.fail(turnId, e));
    let seq = 0;
    recorder.onAudio((block) => {
      const n = seq++;
      void listening.begun.then(() => call('turn.audio', { turnId, seq: n, pcm: block.buffer as ArrayBuffer })).catch((e: unknown) => this.fail(turnId, e));
    });
    this.turnDone = false;
    this.player.reset();
    this.setConversation((c) => startTurn(c, turnId));
    this.set({ phase: 'recording', liveTurnId: turnId });
    listening.limit = window.setTimeout(() => void this.release(true), MAX_RECORDING_MS);
    if (listening.released) await this.release();
  }

  /** The talk key or the button came up. */
  async release(limitReached = false): Promise<void> {
    const listening = this.listening;
    if (!listening) return;
    const upAt = performance.now();
    if (!listening.recorder) {
      // Still opening the microphone: send as soon as it is open.
      listening.released = true;
      listening.releasedAt = upAt;
      return;
    }
    this.listening = null;
    window.clearTimeout(listening.limit);
    const { turnId } = listening;
    const { durationMs } = await listening.recorder.stop();
    // The bounce window starts when the key came up, not when this release got its turn: a tap that
    // stopped a reply is released only once the microphone is open, a second or more later, and the
    // next real press must not be taken for a bounce of it.
    this.lastPressAt = listening.releasedAt ?? upAt;
    if (durationMs < MIN_RECORDING_MS) {
      void listening.begun.then(() => call('turn.cancel', { turnId })).catch(() => undefined);
      this.setConversation((c) => dropTurn(c, turnId));
      this.set({ phase: 'idle', notice: listening.stoppedReply ? null : 'tooShort', liveTurnId: null, toggleMode: false });
      return;
    }
    this.endOfSpeechAt = performance.now();
    this.set({ phase: 'thinking', toggleMode: false, ...(limitReached ? { notice: 'limitReached' as const } : {}) });
    await listening.begun.then(() => call('turn.end', { turnId })).catch((e: unknown) => this.fail(turnId, e));
  }

  /** Enter on the button or the global shortcut: press once to start, once more to send. */
  toggle(): void {
    if (this.state.phase === 'recording') void this.release();
    else void this.press(true);
  }

  /** Stops the reply at once; the core keeps only what was heard. */
  async interrupt(): Promise<void> {
    const turnId = this.state.liveTurnId;
    const fractions = this.player.stop();
    const turn = this.state.conversation.turns.find((x) => x.turnId === turnId);
    const spokenChars = turn ? spokenCharacters(turn.sentences, fractions) : 0;
    this.set({ phase: 'idle', liveTurnId: null });
    if (!turnId) return;
    this.setConversation((c) => markInterrupted(c, turnId, spokenChars));
    try {
      await call('turn.abort', { turnId, spokenChars });
    } catch (e) {
      this.set({ problem: errorPayload(e) });
    }
  }

  /**
   * The message box changed: its whole words go ahead to the core, at most every DRAFT_INTERVAL_MS,
   * so the chat model has read them by the time the message is sent.
   */
  typing(text: string): void {
    this.cancelDraft();
    const part = draftPart(text);
    if (!part || part === this.draft.sent || this.state.phase === 'recording') return;
    const wait = this.draft.at + DRAFT_INTERVAL_MS - performance.now();
    if (wait <= 0) this.sendDraft(part);
    else
      this.draft.timer = window.setTimeout(() => {
        this.draft.timer = null;
        this.sendDraft(part);
      }, wait);
  }

  private sendDraft(part: string): void {
    this.draft.sent = part;
    this.draft.at = performance.now();
    const conversationId = this.state.conversation.conversationId;
    // Only a head start: if it does not arrive, the message is read when it is sent.
    call('turn.draft', { text: part, options: conversationId ? { conversationId } : {} }).catch(() => undefined);
  }

  private cancelDraft(): void {
    if (this.draft.timer !== null) window.clearTimeout(this.draft.timer);
    this.draft.timer = null;
  }

  /** A new message starts: no draft of the last one is still to go, and none counts as already sent. */
  private resetDraft(): void {
    this.cancelDraft();
    this.draft.sent = '';
  }

  /** A typed message, through the same reply path. */
  async sendTyped(text: string): Promise<void> {
    const words = text.trim();
    const { phase } = this.state;
    if (!words || (phase !== 'idle' && phase !== 'error')) return;
    this.resetDraft();
    this.player.unlock();
    this.player.reset();
    const turnId = newTurnId();
    this.turnDone = false;
    this.endOfSpeechAt = performance.now();
    const conversationId = this.state.conversation.conversationId;
    this.setConversation((c) => startTurn(c, turnId));
    this.set({ phase: 'thinking', problem: null, micProblem: null, notice: null, liveTurnId: turnId });
    try {
      await call('turn.text', { turnId, text: words, options: conversationId ? { conversationId } : {} });
    } catch (e) {
      this.fail(turnId, e);
    }
  }

  newConversation(): void {
    this.resetDraft();
    if (this.state.phase === 'thinking' || this.state.phase === 'speaking') void this.interrupt();
    this.set({ conversation: EMPTY_CONVERSATION, notice: null, problem: null, micProblem: null });
  }

  dismissProblem(): void {
    this.set({ problem: null, micProblem: null, phase: this.state.phase === 'error' ? 'idle' : this.state.phase });
  }

  /** The window lost focus mid-press (alt-tab): a held key would otherwise record until the limit. */
  windowBlurred(): void {
    if (this.state.phase === 'recording' && !this.state.toggleMode) void this.release();
  }

  private fail(turnId: string, e: unknown): void {
    if (this.listening?.turnId === turnId) {
      this.listening.recorder?.cancel();
      window.clearTimeout(this.listening.limit);
      this.listening = null;
    }
    const live = this.state.liveTurnId === turnId;
    if (!live && this.state.phase !== 'recording') return;
    this.player.stop();
    const problem = errorPayload(e);
    if (live) this.setConversation((c) => failTurn(c, turnId, problem));
    this.set({ phase: 'error', problem, liveTurnId: null, toggleMode: false });
  }
}

/** One store for the window, as there is one microphone and one speaker. */
export const talk = new TalkStore();
