import type { Language, LanguageSetting, Transcript } from '../shared/domain.js';
import type { SegmenterOptions, SpeechSegmenter } from './vad/speech-segmenter.js';

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
  /** Cuts a live recording into speech segments as it arrives (one recording at a time). */
  segmenter(options?: SegmenterOptions): SpeechSegmenter;
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
  /** User messages: the system note that came just before them when they were answered (kept so the prompt is rebuilt exactly). */
  note?: string;
}

/** What stays the same through a conversation: read into the model's cache once, reused every turn. */
export interface ChatContext {
  /** Persona, tone and memory: stable for the whole conversation. */
  system: string;
  /** The conversation so far, oldest first, with each user message's note. */
  history: ChatMessage[];
  /**
   * How the next turn's note will start (what the turns so far keep in view), when it is known
   * before the words: a prefill reads it too. The note itself must start with it to gain anything.
   */
  noteHead?: string;
  /**
   * When old turns leave the window: a few lines about them, added to the turn's note (after its
   * head). A prefill that sees the next turn will fold reads these lines too.
   */
  foldNote?: (dropped: Array<{ user: string; reply: string }>) => string;
  /**
   * A prefill only: the next message as far as it is typed, with the note it would be sent with
   * (starting with `noteHead`). Its words are read too, so at send little more than the words
   * typed since are left to read.
   */
  draft?: { note: string; user: string; maxTokens?: number };
}

export interface ChatRequest extends ChatContext {
  /** This turn's note (mood, voice, reply language), placed right before the new words. */
  note?: string;
  user: string;
  maxTokens?: number;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  /** Read the whole prompt again instead of using the cache (the benchmark's baseline). */
  freshContext?: boolean;
}

export interface ChatReply {
  text: string;
  tokens: number;
  aborted: boolean;
  /** The model stopped at its token limit, so the text may end mid-sentence. */
  cutShort?: boolean;
  /** How many past turns are outside the window (folded). */
  droppedHistory: number;
  /** Prompt tokens read for this reply (the rest came from the cache). */
  promptTokens: number;
  /** The note as sent, fold summary included: stored with the turn so the next prompt repeats it exactly. */
  note: string;
}

export interface ChatModel {
  reply(request: ChatRequest): Promise<ChatReply>;
  /**
   * Reads the conversation into the cache ahead of the next reply (while the person is speaking).
   * Returns how many tokens it had to read. Engines without a cache do nothing.
   */
  prefill?(context: ChatContext, signal?: AbortSignal, runStep?: <T>(job: () => Promise<T>) => Promise<T>): Promise<number>;
  /** Short generation constrained by a JSON schema (llama.cpp grammar); absent on engines that cannot. */
  completeJson?(prompt: string, schema: object, options?: { maxTokens?: number; signal?: AbortSignal }): Promise<unknown>;
  /** Gives up one CPU core until the returned function is called (while the voice synthesizes). */
  reserveCore?(): () => void;
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
