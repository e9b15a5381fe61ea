import type { Crisis, DroppedSentence, Language, LanguageSetting, Mood, Timings, Tone, Transcript, TurnEvent, Voice } from '../../shared/domain.js';
import type { DamagedModel, LumioErrorPayload } from '../../shared/errors.js';
import type { EngineStage } from '../../shared/ipc.js';
import type { ModelManifest } from '../../shared/models.js';
import type { TurnContext } from '../conversation/turn.js';

/**
 * Messages between the host (Electron main or the CLI) and the engine worker process.
 * Both transports (Node child_process with 'advanced' serialization, Electron utilityProcess)
 * carry them by structured clone, so Float32Array audio crosses without JSON.
 */

export interface ModelRef {
  dir: string;
  manifest: ModelManifest;
}

export interface EngineModels {
  stt: ModelRef | null;
  llm: ModelRef | null;
  vad: ModelRef | null;
  voices: ModelRef[];
  /** Voices that failed their check: never loaded, but named when one is the voice a turn asks for. */
  damagedVoices?: Array<ModelRef & { damage: DamagedModel }>;
}

/**
 * The latency techniques, each on by default. The benchmark switches them off for its baseline,
 * in the same process and run: the recording transcribed whole at the end, the prompt read again
 * for every reply, the first sentence spoken whole.
 */
export interface LatencyTechniques {
  streamingStt: boolean;
  reusePrefix: boolean;
  firstClause: boolean;
  /** After a reply, read the finished turn and the next note's head into the cache (default: with reusePrefix). */
  readAhead?: boolean;
}

export const ALL_TECHNIQUES: LatencyTechniques = { streamingStt: true, reusePrefix: true, firstClause: true };

export interface EngineConfig {
  models: EngineModels;
  /** Threads for whisper and llama; the worker leaves one core for audio when it can. */
  threads?: number;
  gpu?: false | 'auto';
  contextSize?: number;
  /** Fixed sampling seed (benchmarks). */
  seed?: number;
}

/** What every turn names, spoken or typed. */
export interface WorkerTurnStart {
  turnId: string;
  conversationId: string;
  tone: Tone;
  voice: Voice;
  language: LanguageSetting;
  /** The language the conversation has been in (its last turn's): with "auto", speech is read in it. */
  conversationLanguage?: Language;
  /**
   * With "auto" and no conversation language yet (a first turn): the language the person most
   * likely speaks (their last conversation's, else the UI's), so the chat model can read the system
   * prompt while they speak. A wrong guess only costs that reading.
   */
  likelyLanguage?: Language;
  /** Omitted: all on. */
  techniques?: LatencyTechniques;
}

/** The conversation as the host's store has it, plus the person's voice baseline. */
export interface WorkerTurnContext extends TurnContext {
  /** Prosody statistics of this person's voice, to calibrate arousal; returned updated. */
  voiceBaseline?: unknown;
}

export interface WorkerTurnResult {
  transcript: Transcript;
  mood: Mood;
  crisis: Crisis | null;
  replyText: string;
  /** Sentences of the model's reply left out (repeats, unasked-for advice). */
  dropped: DroppedSentence[];
  /** The person's name, added to the reply's first sentence because the model left it out. */
  addedName?: string;
  /** The note the chat model read before the words; stored with the turn. */
  note: string;
  spokenSentences: string[];
  interrupted: boolean;
  timings: Timings;
  /** The reply could not be spoken; its text is whole. */
  speechError?: LumioErrorPayload;
  voiceBaseline?: unknown;
}

export interface WorkerSayResult {
  samples: Float32Array;
  sampleRate: number;
  voiceId: string;
  synthMs: number;
}

export type { EngineStage };

export type HostToWorker =
  | { kind: 'configure'; config: EngineConfig }
  /** A spoken turn opens when the talk key goes down; its events stream back under requestId. */
  | { kind: 'session.begin'; requestId: number; start: WorkerTurnStart }
  /** 16 kHz mono, in order. */
  | { kind: 'session.audio'; requestId: number; samples: Float32Array }
  /** The conversation, sent as soon as the host has it (the chat model reads it while the person speaks). */
  | { kind: 'session.context'; requestId: number; context: WorkerTurnContext }
  /** The end of speech. */
  | { kind: 'session.end'; requestId: number }
  | { kind: 'turn.text'; requestId: number; start: WorkerTurnStart; text: string; context: WorkerTurnContext }
  /** The next message as far as it is typed: read into the chat model's cache ahead of the send (no answer). */
  | { kind: 'draft'; start: WorkerTurnStart; text: string; context: WorkerTurnContext }
  | { kind: 'transcribe'; requestId: number; samples: Float32Array; language: LanguageSetting }
  | { kind: 'say'; requestId: number; text: string; language: Language; voice: Voice; speed?: number }
  /** Loads the models; with a context, also reads it into the chat model's cache. */
  | { kind: 'warmup'; requestId: number; prefill?: { tone: Tone; language: Language; context: WorkerTurnContext } }
  | { kind: 'abort'; requestId: number }
  | { kind: 'shutdown' };

export type WorkerToHost =
  | { kind: 'ready'; pid: number }
  | { kind: 'stage'; stage: EngineStage; detail?: string }
  | { kind: 'event'; requestId: number; event: TurnEvent }
  | { kind: 'result'; requestId: number; ok: true; value: unknown }
  | { kind: 'result'; requestId: number; ok: false; error: LumioErrorPayload }
  /** Post-reply work finished after the turn's result: the chat model's second opinion on its mood. */
  | { kind: 'mood.refined'; turnId: string; mood: Mood };

/** The two ends of the pipe, whatever process API carries it. */
export interface WorkerChannel {
  send(message: HostToWorker): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  /** Called once when the process ends, for whatever reason. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export interface WorkerPort {
  send(message: WorkerToHost): void;
  onMessage(listener: (message: HostToWorker) => void): void;
}
