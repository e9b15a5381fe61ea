import { toLumioError } from '../../shared/errors.js';
import type { PcmAudio, SpeechSynthesizer } from '../engines.js';
import { SentenceChunker } from '../tts/sentence-chunker.js';

export interface SpeechQueueOptions {
  voice: Promise<SpeechSynthesizer>;
  speed: number;
  /** The first chunk may end at a clause boundary (see SentenceChunker); false waits for a whole sentence. */
  firstClause?: boolean;
  /** Held while a sentence is synthesized: the chat model gives the voice a core meanwhile. */
  reserveCore?: () => () => void;
  signal?: AbortSignal;
  onSentence(index: number, text: string): void;
  onAudio(index: number, audio: PcmAudio): void;
}

export interface SpeechQueueResult {
  sentences: string[];
  synthMs: number;
  audioMs: number;
  aborted: boolean;
}

/**
 * Takes reply text as it streams in, cuts it into sentences and synthesizes them one after
 * another, in order, while more text keeps arriving. Synthesis of sentence N overlaps the
 * model writing sentence N+1; that overlap is what makes the first audio early.
 */
export class SpeechQueue {
  private readonly chunker: SentenceChunker;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  /** Sentences whose audio was handed out, in order: what the person actually heard (or will). */
  private readonly spoken: string[] = [];
  private synthMs = 0;
  private audioMs = 0;
  private failure: unknown = null;

  constructor(private readonly options: SpeechQueueOptions) {
    this.chunker = new SentenceChunker(options.firstClause === false ? { firstClauseMinChars: Number.POSITIVE_INFINITY } : {});
  }

  pushText(text: string): void {
    for (const sentence of this.chunker.push(text)) this.enqueue(sentence);
  }

  /** The text pushed so far ends a sentence: speak it without waiting for what follows. */
  endSentence(): void {
    for (const sentence of this.chunker.endSentence()) this.enqueue(sentence);
  }

  private enqueue(sentence: string): void {
    const index = this.queued++;
    this.chain = this.chain.then(async () => {
      if (this.failure !== null || this.options.signal?.aborted) return;
      try {
        const voice = await this.options.voice;
        if (this.options.signal?.aborted) return;
        this.options.onSentence(index, sentence);
        const started = performance.now();
        const release = this.options.reserveCore?.();
        let audio: PcmAudio;
        try {
          audio = await voice.synthesize(sentence, { speed: this.options.speed });
        } finally {
          release?.();
        }
        this.synthMs += performance.now() - started;
        if (this.options.signal?.aborted) return;
        if (audio.samples.length > 0) {
          this.audioMs += (audio.samples.length / audio.sampleRate) * 1000;
          this.options.onAudio(index, audio);
        }
        this.spoken.push(sentence);
      } catch (e) {
        this.failure = e;
      }
    });
  }

  /** Speaks whatever is left and waits for all audio. Rethrows a synthesis failure. */
  async finish(): Promise<SpeechQueueResult> {
    if (!this.options.signal?.aborted) {
      for (const sentence of this.chunker.flush()) this.enqueue(sentence);
    }
    await this.chain;
    if (this.failure !== null) throw toLumioError(this.failure);
    return {
      sentences: this.spoken,
      synthMs: this.synthMs,
      audioMs: this.audioMs,
      aborted: this.options.signal?.aborted === true,
    };
  }
}
