import type { Language, LanguageSetting, Transcript } from '../shared/domain.js';

/**
 * The small interfaces the turn orchestrator talks to. Each native engine (smart-whisper,
 * node-llama-cpp, sherpa-onnx) sits behind one of them, so the orchestrator can be timed
 * stage by stage and tested with real engines on small models.
 */

/** Mono PCM, samples in [-1, 1]. */
export interface PcmAudio {
  samples: Float32Array;
  sampleRate: number;
}

export interface SpeechDetector {
  /**
   * Cuts leading and trailing silence. Throws LumioError('NO_SPEECH') when the recording
   * holds no speech at all, so whisper never gets a chance to hallucinate over silence.
   * Input and output are 16 kHz mono.
   */
  trim(audio: PcmAudio): { audio: PcmAudio; speechMs: number; leadingMs: number; trailingMs: number };
}

export interface TranscribeOptions {
  language: LanguageSetting;
  signal?: AbortSignal;
}

export interface SpeechRecognizer {
  /** 16 kHz mono in. */
  transcribe(audio: PcmAudio, options: TranscribeOptions): Promise<Transcript>;
  dispose(): Promise<void>;
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface ChatRequest {
  system: string;
  /** Oldest first; the model may drop the oldest ones when its context is full. */
  history: ChatMessage[];
  user: string;
  maxTokens?: number;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
}

export interface ChatReply {
  text: string;
  tokens: number;
  aborted: boolean;
  /** How many history messages had to be dropped to fit the context. */
  droppedHistory: number;
}

export interface ChatModel {
  reply(request: ChatRequest): Promise<ChatReply>;
  /** Short generation constrained by a JSON schema (llama.cpp grammar); absent on engines that cannot. */
  completeJson?(prompt: string, schema: object, options?: { maxTokens?: number; signal?: AbortSignal }): Promise<unknown>;
  dispose(): Promise<void>;
}

export interface SynthesizeOptions {
  /** 1 = normal; <1 slower. */
  speed?: number;
}

export interface SpeechSynthesizer {
  readonly sampleRate: number;
  readonly language: Language;
  synthesize(text: string, options?: SynthesizeOptions): Promise<PcmAudio>;
  dispose(): Promise<void>;
}
