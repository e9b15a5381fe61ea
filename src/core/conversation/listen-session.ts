import type { Language, LanguageSetting, Transcript, TranscriptSegment } from '../../shared/domain.js';
import { LumioError, toLumioError } from '../../shared/errors.js';
import { mergeProsody, type ProsodyFeatures } from '../audio/prosody.js';
import type { CpuLane } from '../engine/cpu-lane.js';
import type { PcmAudio, SpeechRecognizer } from '../engines.js';
import type { SpeechSegment, SpeechSegmenter } from '../vad/speech-segmenter.js';

/**
 * The listening half of a spoken turn, while the talk key is held: 16 kHz audio comes in block by
 * block, the segmenter cuts it at the person's pauses, and each finished segment is transcribed at
 * once (and its prosody measured) while the person goes on speaking. At the end of speech only the
 * last segment is left to recognise.
 *
 * The language is decided once per conversation with the setting on "auto": the first segment of
 * its first turn is detected by whisper, among Russian and English only (whisper-patch.ts); after
 * that every segment is read in the conversation's language, which costs nothing, until the words say
 * otherwise — a segment read as Russian that comes out in Latin letters was English, and is read
 * again with detection. (Read as English, Russian speech comes out as a fluent English translation,
 * which nothing in the text betrays: a switch that way needs the Language setting or a new conversation.)
 * Each segment's audio is dropped as soon as it is transcribed; nothing is written anywhere.
 */

const RATE = 16_000;

export interface ListenOptions {
  /** The recognizer, perhaps still loading when the person starts to speak. */
  recognizer: () => Promise<SpeechRecognizer>;
  segmenter: SpeechSegmenter;
  language: LanguageSetting;
  /** The language the conversation has been in (its last turn's), when it has one. */
  conversationLanguage?: Language;
  /** Prosody of one segment (numbers only), measured before its audio is dropped. */
  analyze?: (audio: PcmAudio) => ProsodyFeatures;
  lane?: CpuLane;
  /** The words so far, after each segment (shown while the key is still held). */
  onHeard?: (text: string) => void;
  signal?: AbortSignal;
  /** A stuck key must not record forever: audio past this is ignored. */
  maxSeconds?: number;
}

export interface ListenResult {
  transcript: Transcript;
  prosody: ProsodyFeatures | undefined;
  timings: { inputAudioMs: number; vadMs: number; sttMs: number; sttWorkMs: number; sttSegments: number };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Text read as `language` that is mostly in the other script: whisper, told "Russian", writes English
 * speech in Latin letters (or half-transliterated), so most letters of the result are Latin.
 */
export function contradicts(text: string, language: Language): boolean {
  const cyrillic = (text.match(/[а-яё]/gi) ?? []).length;
  const latin = (text.match(/[a-z]/gi) ?? []).length;
  const letters = cyrillic + latin;
  if (letters < 8) return false;
  return language === 'ru' ? latin / letters > 0.4 : cyrillic / letters > 0.4;
}

export class ListenSession {
  private received = 0;
  private ended = false;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private language: LanguageSetting;
  private readonly texts: TranscriptSegment[] = [];
  private readonly prosody: ProsodyFeatures[] = [];
  private readonly gapsMs: number[] = [];
  private lastEndMs: number | null = null;
  private segments = 0;
  private workMs = 0;
  private readonly maxSamples: number;

  constructor(private readonly o: ListenOptions) {
    this.language = o.language === 'auto' && o.conversationLanguage ? o.conversationLanguage : o.language;
    this.maxSamples = Math.round((o.maxSeconds ?? 300) * RATE);
    // Load the recognizer now, beside the recording, so the first segment does not wait for it.
    o.recognizer().catch(() => undefined);
  }

  /** One block of the recording (16 kHz mono). Never throws: a failure surfaces in finish(). */
  push(samples: Float32Array): void {
    if (this.ended || this.failure !== null || this.o.signal?.aborted) return;
    const room = this.maxSamples - this.received;
    if (room <= 0) return;
    const block = samples.length > room ? samples.subarray(0, room) : samples;
    this.received += block.length;
    try {
      for (const segment of this.o.segmenter.push(block)) this.recognize(segment);
    } catch (e) {
      this.failure = e;
    }
  }

  get receivedMs(): number {
    return (this.received / RATE) * 1000;
  }

  /** The end of speech: recognises what is left and returns the whole transcript. */
  async finish(): Promise<ListenResult> {
    const endedAt = performance.now();
    if (!this.ended) {
      this.ended = true;
      try {
        for (const segment of this.o.segmenter.end()) this.recognize(segment);
      } catch (e) {
        this.failure ??= e;
      }
    }
    await this.chain;
    if (this.o.signal?.aborted) throw new LumioError('ABORTED', 'The turn was stopped.');
    if (this.failure !== null) throw toLumioError(this.failure);
    const text = this.texts
      .map((s) => s.text)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!text) {
      if (this.received === 0)
        throw new LumioError('AUDIO_EMPTY', 'The recording is empty.', { hint: 'Hold the talk key while speaking, and check that the microphone works.' });
      throw this.o.segmenter.heardSpeech || this.segments > 0
        ? new LumioError('NO_SPEECH', "I didn't catch any words.", { hint: 'Hold the button and speak a little closer to the microphone.' })
        : new LumioError('NO_SPEECH', "I didn't hear anything. Please try again and speak a little closer to the microphone.", {
            hint: 'Check that the right microphone is selected and not muted.',
          });
    }
    const language: Language = this.language === 'auto' ? 'en' : this.language;
    return {
      transcript: { text, language, segments: this.texts },
      prosody: mergeProsody(this.prosody, this.gapsMs),
      timings: {
        inputAudioMs: round(this.receivedMs),
        vadMs: round(this.o.segmenter.busyMs),
        sttMs: round(performance.now() - endedAt),
        sttWorkMs: round(this.workMs),
        sttSegments: this.segments,
      },
    };
  }

  /** Drops the recording unheard. */
  cancel(): void {
    this.ended = true;
    this.failure ??= new LumioError('ABORTED', 'The recording was dropped.');
    try {
      this.o.segmenter.end();
    } catch {
      // Nothing to keep.
    }
  }

  private recognize(segment: SpeechSegment): void {
    this.segments++;
    let audio: PcmAudio | null = { samples: segment.samples, sampleRate: RATE };
    // Numbers from the sound, taken now: the samples go with the transcription.
    if (this.o.analyze) {
      try {
        this.prosody.push(this.o.analyze(audio));
        if (this.lastEndMs !== null) this.gapsMs.push(Math.max(0, segment.startMs - this.lastEndMs));
        this.lastEndMs = segment.endMs;
      } catch {
        // Prosody is a nicety; the words matter.
      }
    }
    this.chain = this.chain.then(async () => {
      if (this.failure !== null || this.o.signal?.aborted || !audio) return;
      try {
        const recognizer = await this.o.recognizer();
        const transcribe = async (language: LanguageSetting): Promise<Transcript> => {
          const t0 = performance.now();
          try {
            return await recognizer.transcribe(audio as PcmAudio, { language, ...(this.o.signal ? { signal: this.o.signal } : {}) });
          } finally {
            this.workMs += performance.now() - t0;
          }
        };
        const run = (language: LanguageSetting) => (this.o.lane ? this.o.lane.run('speech', () => transcribe(language)) : transcribe(language));
        let heard = await run(this.language);
        // The conversation's language, but the letters say otherwise: detect this segment instead.
        if (this.o.language === 'auto' && this.language !== 'auto' && contradicts(heard.text, this.language)) heard = await run('auto');
        // The first segment's language holds for the rest of the turn.
        if (heard.text.trim()) this.language = this.o.language === 'auto' ? heard.language : this.language;
        if (heard.text.trim()) {
          this.texts.push({ fromMs: segment.startMs, toMs: segment.endMs, text: heard.text.trim() });
          this.o.onHeard?.(this.texts.map((s) => s.text).join(' '));
        }
      } catch (e) {
        this.failure ??= e;
      } finally {
        // Transcribed: the segment's audio is no longer held anywhere.
        audio = null;
      }
    });
  }
}
