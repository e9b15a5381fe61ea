import type { PcmAudio, SpeechDetector } from '../engines.js';
import { LumioError } from '../../shared/errors.js';
import { checkSileroVadModelFile } from '../models/check-onnx.js';
import { loadSherpaOnnx, type SherpaVad } from '../sherpa/sherpa-onnx.js';
import { createSpeechSegmenter } from './speech-segmenter.js';

/**
 * Silence trimming and "did anyone speak?" on sherpa-onnx's Silero VAD.
 *
 * We do not cut the recording into the detector's segments: whisper wants the speech with its
 * natural pauses, so we keep everything from the first speech onset to the last speech offset,
 * plus a little padding so plosives and breath at the edges survive.
 */

export const VAD_SAMPLE_RATE = 16000;
/** Silero v5 in sherpa-onnx requires 512-sample windows at 16 kHz. */
const WINDOW = 512;
/**
 * One window per acceptWaveform() call: sherpa-onnx marks a whole call as speech or not and
 * places a segment's start relative to the END of the call, so bigger calls would blur the
 * edges by their length. (It also copies the current segment on every call; measured here that
 * costs less than the Silero inference itself, ~1 ms per 32 ms window on this machine.)
 */
const CHUNK = WINDOW;

export interface SileroVadOptions {
  modelPath: string;
  /** Speech probability above which a window counts as speech (Silero's usual 0.5). */
  threshold?: number;
  /** Speech shorter than this is ignored (clicks, a cough). */
  minSpeechMs?: number;
  /** Kept before the first and after the last speech. */
  paddingMs?: number;
  /** A pause this long ends a speech segment while the person is still talking (see speech-segmenter.ts). */
  segmentPauseMs?: number;
}

/** Longest recording the streaming detector buffers (its ring of audio inside sherpa-onnx). */
const STREAM_BUFFER_SECONDS = 330;

export function loadSileroVad(o: SileroVadOptions): SpeechDetector {
  // sherpa-onnx aborts or exits the process on a bad or non-Silero file; look at it first.
  checkSileroVadModelFile(o.modelPath);
  const threshold = o.threshold ?? 0.5;
  const minSpeechMs = o.minSpeechMs ?? 250;
  const paddingMs = o.paddingMs ?? 200;
  const sherpa = loadSherpaOnnx();

  const config = {
    sileroVad: {
      model: o.modelPath,
      threshold,
      minSpeechDuration: minSpeechMs / 1000,
      // Pauses inside an utterance do not matter here (we keep first onset → last offset),
      // so a short value is fine and makes the last offset precise.
      minSilenceDuration: 0.3,
      maxSpeechDuration: 600,
      windowSize: WINDOW,
    },
    sampleRate: VAD_SAMPLE_RATE,
    numThreads: 1,
    debug: 0,
  };
  // One detector, reset per call: creating it loads the ONNX session (~tens of ms).
  const vad = new sherpa.Vad(config, 60);
  // A second one for live recordings, where a pause ends a segment: half a second is a breath
  // between sentences, longer than the gaps between words.
  let streaming: SherpaVad | null = null;
  const streamingConfig = { ...config, sileroVad: { ...config.sileroVad, minSilenceDuration: (o.segmentPauseMs ?? 500) / 1000 } };

  return {
    segmenter(options) {
      streaming ??= new sherpa.Vad(streamingConfig, STREAM_BUFFER_SECONDS);
      return createSpeechSegmenter(streaming, { paddingMs, ...options });
    },
    trim(audio: PcmAudio) {
      if (audio.sampleRate !== VAD_SAMPLE_RATE) {
        throw new LumioError('INVALID_ARGUMENT', `Voice detection needs 16 kHz audio, got ${audio.sampleRate} Hz`);
      }
      const samples = audio.samples;
      const toMs = (n: number) => (n / VAD_SAMPLE_RATE) * 1000;

      let first = -1;
      let last = -1;
      let speechSamples = 0;
      const drain = () => {
        while (!vad.isEmpty()) {
          const seg = vad.front(false);
          if (first < 0) first = seg.start;
          last = Math.max(last, seg.start + seg.samples.length);
          speechSamples += seg.samples.length;
          vad.pop();
        }
      };

      vad.reset();
      try {
        for (let i = 0; i < samples.length; i += CHUNK) {
          vad.acceptWaveform(samples.subarray(i, Math.min(samples.length, i + CHUNK)));
          drain();
        }
        vad.flush();
        drain();
      } finally {
        vad.reset();
      }

      if (first < 0) {
        throw new LumioError('NO_SPEECH', "I didn't hear anything. Please try again and speak a little closer to the microphone.", {
          hint: 'Check that the right microphone is selected and not muted.',
        });
      }

      const pad = Math.round((paddingMs / 1000) * VAD_SAMPLE_RATE);
      const from = Math.max(0, first - pad);
      const to = Math.min(samples.length, last + pad);
      return {
        audio: { samples: samples.slice(from, to), sampleRate: VAD_SAMPLE_RATE },
        speechMs: toMs(speechSamples),
        leadingMs: toMs(from),
        trailingMs: toMs(samples.length - to),
      };
    },
  };
}
