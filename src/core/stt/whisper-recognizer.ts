import os from 'node:os';
import smartWhisper from 'smart-whisper';
import type { TranscribeDetailedResult, TranscribeParams } from 'smart-whisper';
import type { Language, Transcript, TranscriptSegment } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import type { PcmAudio, SpeechRecognizer, TranscribeOptions } from '../engines.js';
import { inspectWhisperModelFile } from '../models/check-whisper.js';
import { encoderPositionsFor, looksRunaway } from './encoder-window.js';
import { guessLanguage } from '../text/letters.js';

// smart-whisper is CommonJS; a default import is the form Node's ESM loader always resolves.
const { WhisperModel, TranscribeTask } = smartWhisper;
type NativeModel = InstanceType<typeof WhisperModel>;

export const WHISPER_SAMPLE_RATE = 16_000;

// Lumio speaks Russian and English only: the whisper.cpp it builds (scripts/native/whisper-patch.ts)
// detects the language among these two. Detection reads the full 30 s window (DETECT_CTX 0): on a
// shortened one it misread short clips (a 2.3 s English sentence came out as garbage), and it runs
// only once per conversation (listen-session.ts), so its cost is paid on the first turn alone.
// Read by native code through getenv, so both are set before the first transcription.
process.env.LUMIO_WHISPER_LANGUAGES ??= 'en,ru';
process.env.LUMIO_WHISPER_DETECT_CTX ??= '0';

/**
 * whisper.cpp decodes nothing from input of 1 s or less ("input is too short … consider padding
 * the input audio with silence"), and a one-word answer trimmed by the VAD is often that short.
 */
const MIN_WHISPER_SAMPLES = Math.round(1.25 * WHISPER_SAMPLE_RATE);

function padWithSilence(samples: Float32Array): Float32Array {
  if (samples.length >= MIN_WHISPER_SAMPLES) return samples;
  const padded = new Float32Array(MIN_WHISPER_SAMPLES);
  padded.set(samples);
  return padded;
}

export interface WhisperRecognizerOptions {
  modelPath: string;
  /** CPU threads for one transcription; default: all cores but one, at most 4. */
  threads?: number;
  /**
   * Let the encoder read only as much of its 30 s window as the clip needs (default true; see
   * encoder-window.ts). false reads the whole window every time, as whisper was trained.
   */
  fitWindow?: boolean;
}

/**
 * ggml's worker threads spin while they wait for each other, so a thread that loses its core to
 * another process stalls all of them: measured here on 2 busy cores, 2 threads ran 5× slower than
 * 1. Leaving one core to the UI, audio and the other engines keeps transcription predictable.
 */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

function aborted(): LumioError {
  return new LumioError('ABORTED', 'Transcription was cancelled.');
}

/**
 * Lumio speaks only Russian and English. When whisper detects another language (it happens
 * on short or noisy clips), smart-whisper does not hand us the per-language scores, so the
 * best evidence left is the script of the text whisper wrote: mostly Cyrillic → 'ru',
 * otherwise 'en'.
 */
export function toLumioLanguage(detected: string | undefined, text: string): Language {
  if (detected === 'ru' || detected === 'en') return detected;
  return guessLanguage(text);
}

/** Clamps whisper's window-based timestamps into the clip and keeps them ordered. */
function toSegments(results: TranscribeDetailedResult<false>[], durationMs: number): TranscriptSegment[] {
  const clamp = (ms: number): number => Math.min(durationMs, Math.max(0, Number.isFinite(ms) ? ms : 0));
  const segments = results
    .map((r) => ({ fromMs: clamp(r.from), toMs: clamp(r.to), text: r.text.trim() }))
    .filter((s) => s.text.length > 0)
    .sort((a, b) => a.fromMs - b.fromMs);
  let lastEnd = 0;
  for (const s of segments) {
    s.fromMs = Math.max(s.fromMs, lastEnd);
    s.toMs = Math.max(s.toMs, s.fromMs);
    lastEnd = s.toMs;
  }
  return segments;
}

function validate(audio: PcmAudio): void {
  if (audio.sampleRate !== WHISPER_SAMPLE_RATE) {
    throw new LumioError('INVALID_ARGUMENT', `Speech recognition needs 16 kHz audio, got ${audio.sampleRate} Hz.`, {
      hint: 'Resample the recording to 16 kHz mono first.',
    });
  }
  if (!(audio.samples instanceof Float32Array)) {
    throw new LumioError('INVALID_ARGUMENT', 'Speech recognition needs Float32 samples.');
  }
  if (audio.samples.length === 0) throw new LumioError('AUDIO_EMPTY', 'The recording is empty.');
}

class WhisperRecognizer implements SpeechRecognizer {
  private model: NativeModel | null;
  /** Native work still running; dispose() waits for it, because freeing a model mid-run crashes. */
  private readonly running = new Set<Promise<unknown>>();
  /** One transcription at a time: two would only fight over the same CPU cores. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    model: NativeModel,
    private readonly threads: number,
    /** The model's encoder positions, or 0 to always read the full window. */
    private readonly windowPositions: number,
  ) {
    this.model = model;
  }

  async transcribe(audio: PcmAudio, options: TranscribeOptions): Promise<Transcript> {
    validate(audio);
    const { signal } = options;
    if (signal?.aborted) throw aborted();

    const work = this.queue.then(() => this.run(audio, options));
    this.queue = work.catch(() => undefined);
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);

    if (!signal) return work;
    // whisper.cpp offers no cancel through smart-whisper, so an abort answers at once and the
    // native run finishes in the background; its result is dropped.
    return new Promise<Transcript>((resolve, reject) => {
      const onAbort = (): void => reject(aborted());
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (t) => {
          signal.removeEventListener('abort', onAbort);
          if (signal.aborted) reject(aborted());
          else resolve(t);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private async run(audio: PcmAudio, options: TranscribeOptions): Promise<Transcript> {
    if (options.signal?.aborted) throw aborted();
    const model = this.model;
    if (model === null || model.freed) throw new LumioError('INTERNAL', 'The speech recognizer has been disposed.');

    const samples = padWithSilence(audio.samples);
    const seconds = samples.length / audio.sampleRate;
    const durationMs = (audio.samples.length / audio.sampleRate) * 1000;
    const positions = encoderPositionsFor(seconds, this.windowPositions);
    let transcript = await this.pass(model, samples, durationMs, options, positions);
    // A shortened window can make the decoder loop or stop short: redo such a clip the way
    // whisper was trained, with the whole window.
    if (positions > 0 && (transcript.text === '' || looksRunaway(transcript.text, seconds))) {
      if (options.signal?.aborted) throw aborted();
      transcript = await this.pass(model, samples, durationMs, options, 0);
    }
    return transcript;
  }

  private async pass(model: NativeModel, samples: Float32Array, durationMs: number, options: TranscribeOptions, positions: number): Promise<Transcript> {
    const params: Partial<TranscribeParams<'detail', false>> = {
      format: 'detail',
      language: options.language,
      n_threads: this.threads,
      strategy: 0, // greedy: beam search costs ~5× for little gain on short turns
      translate: false,
      // Each turn stands alone; carrying text over between 30 s windows invites repetition loops.
      no_context: true,
      print_progress: false,
      print_realtime: false,
      print_timestamps: false,
      suppress_non_speech_tokens: true,
      audio_ctx: positions,
    };
    const task = await TranscribeTask.run<'detail', false>(model, samples, params);
    const results = await task.result;

    const segments = toSegments(results, durationMs);
    const text = segments
      .map((s) => s.text)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    const detected = options.language === 'auto' ? results[0]?.lang : options.language;
    return { text, language: toLumioLanguage(detected, text), segments };
  }

  async dispose(): Promise<void> {
    const model = this.model;
    this.model = null;
    await Promise.allSettled([...this.running]);
    if (model !== null && !model.freed) await model.free();
  }
}

/**
 * Loads a whisper.cpp ggml model through smart-whisper. The file is checked in JavaScript
 * first (see check-whisper.ts) because whisper.cpp crashes the process on a bad header.
 */
export async function loadWhisperRecognizer(opts: WhisperRecognizerOptions): Promise<SpeechRecognizer> {
  const threads = opts.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new LumioError('INVALID_ARGUMENT', `Thread count must be an integer from 1 to 64, got ${threads}.`);
  }
  const info = inspectWhisperModelFile(opts.modelPath);
  let model: NativeModel;
  try {
    model = await WhisperModel.load(opts.modelPath, false);
  } catch (e) {
    throw new LumioError('MODEL_CORRUPT', `The speech recognition model could not be loaded: ${opts.modelPath}`, {
      cause: e,
      hint: 'Delete it in Models and download it again.',
    });
  }
  return new WhisperRecognizer(model, threads, opts.fitWindow === false ? 0 : info.nAudioCtx);
}
