import type { Crisis, Language, LanguageSetting, Mood, Timings, Tone, Transcript, TurnEvent, Voice } from '../../shared/domain.js';
import type { LumioErrorPayload } from '../../shared/errors.js';
import type { ModelManifest } from '../../shared/models.js';
import type { ChatMessage } from '../engines.js';
import type { MemoryContext } from '../conversation/turn.js';

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
}

export interface EngineConfig {
  models: EngineModels;
  /** Threads for whisper and llama; the worker leaves one core for audio when it can. */
  threads?: number;
  gpu?: false | 'auto';
  contextSize?: number;
  /** Fixed sampling seed (benchmarks). */
  seed?: number;
}

export interface WorkerTurnRequest {
  turnId: string;
  conversationId: string;
  /** 16 kHz mono; empty for a typed message. */
  samples: Float32Array;
  /** A typed message instead of speech (no VAD/STT). */
  text?: string;
  tone: Tone;
  voice: Voice;
  language: LanguageSetting;
  history: ChatMessage[];
  memory?: MemoryContext;
  mode?: 'streaming' | 'sequential';
  speak?: boolean;
  /** The person's voice baseline (prosody statistics) to calibrate arousal; returned updated. */
  voiceBaseline?: unknown;
}

export interface WorkerTurnResult {
  transcript: Transcript;
  mood: Mood;
  crisis: Crisis | null;
  replyText: string;
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

export type EngineStage =
  | 'idle'
  | 'loading the speech recognition model'
  | 'loading the voice activity model'
  | 'loading the chat model'
  | 'loading a voice'
  | 'listening to the recording'
  | 'reading the message'
  | 'transcribing'
  | 'writing a reply'
  | 'speaking';

export type HostToWorker =
  | { kind: 'configure'; config: EngineConfig }
  | { kind: 'turn'; requestId: number; request: WorkerTurnRequest }
  | { kind: 'transcribe'; requestId: number; samples: Float32Array; language: LanguageSetting }
  | { kind: 'say'; requestId: number; text: string; language: Language; voice: Voice; speed?: number }
  | { kind: 'warmup'; requestId: number }
  | { kind: 'abort'; requestId: number }
  | { kind: 'shutdown' };

export type WorkerToHost =
  | { kind: 'ready'; pid: number }
  | { kind: 'stage'; stage: EngineStage; detail?: string }
  | { kind: 'event'; requestId: number; event: TurnEvent }
  | { kind: 'result'; requestId: number; ok: true; value: unknown }
  | { kind: 'result'; requestId: number; ok: false; error: LumioErrorPayload };

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
