import type { PcmAudio } from '../engines.js';
import { LumioError } from '../../shared/errors.js';
import { resample } from './resample.js';
import { decodeWav, readWavInfo } from './wav.js';

/** The rate whisper, the Silero VAD and the prosody analysis all work at. */
export const SPEECH_SAMPLE_RATE = 16_000;

/** A push-to-talk turn longer than this is a stuck key or a forgotten recording, not a question. */
export const DEFAULT_MAX_SECONDS = 300;

/** Shorter than this there is nothing to understand (a click of the talk key). */
export const MIN_SECONDS = 0.2;

/** Mono, 16 kHz, validated: what the VAD, STT and prosody stages take. */
export interface PcmAudio16k extends PcmAudio {
  sampleRate: typeof SPEECH_SAMPLE_RATE;
  durationMs: number;
  /** What came in, for timings and diagnostics. */
  source: { sampleRate: number; channels: number; bitsPerSample: number | null };
}

export interface PrepareOptions {
  maxSeconds?: number;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

function checkLength(frames: number, sampleRate: number, maxSeconds: number): void {
  const seconds = frames / sampleRate;
  if (frames === 0) {
    throw new LumioError('AUDIO_EMPTY', 'The recording is empty.', {
      hint: 'Hold the talk key while speaking, and check that the microphone works.',
    });
  }
  if (seconds > maxSeconds) {
    throw new LumioError('AUDIO_TOO_LONG', `The recording is ${formatDuration(seconds)} long; one turn can be at most ${formatDuration(maxSeconds)}.`, {
      hint: 'Release the talk key when you finish speaking, or say it in shorter parts.',
    });
  }
  if (seconds < MIN_SECONDS) {
    throw new LumioError('AUDIO_EMPTY', `The recording is too short to hear (${Math.round(seconds * 1000)} ms; at least ${MIN_SECONDS * 1000} ms is needed).`, {
      hint: 'Hold the talk key for the whole time you speak.',
    });
  }
}

/**
 * The one entry a turn calls with the person's recording: WAV bytes (any common format) or raw
 * samples from the microphone. Decodes, mixes to mono, checks, and resamples to 16 kHz.
 *
 * Throws LumioError: AUDIO_EMPTY (no audio, or under 0.2 s), AUDIO_INVALID (not a WAV, damaged,
 * NaN/Infinity samples, impossible sample rate), AUDIO_TOO_LONG (over maxSeconds, default 300).
 * Silence is not an error here: deciding "no speech" is the VAD's job, with `rmsDb` to help.
 */
export function prepareSpeechInput(input: Uint8Array | { samples: Float32Array; sampleRate: number }, o: PrepareOptions = {}): PcmAudio16k {
  const maxSeconds = o.maxSeconds ?? DEFAULT_MAX_SECONDS;
  let samples: Float32Array;
  let source: PcmAudio16k['source'];
  if (input instanceof Uint8Array) {
    // The header alone tells the length: a stuck 10-minute recording is refused before it is decoded.
    const info = readWavInfo(input);
    checkLength(info.frames, info.sampleRate, maxSeconds);
    const wav = decodeWav(input);
    samples = wav.samples;
    source = { sampleRate: wav.sampleRate, channels: wav.channels, bitsPerSample: wav.bitsPerSample };
  } else {
    if (!(input.samples instanceof Float32Array)) {
      throw new LumioError('AUDIO_INVALID', 'The recording is not a list of audio samples (Float32Array expected).');
    }
    const rate = input.sampleRate;
    if (!Number.isFinite(rate) || rate < 1000 || rate > 768_000) {
      throw new LumioError('AUDIO_INVALID', `The recording's sample rate (${rate} Hz) is not a real audio rate.`);
    }
    samples = input.samples;
    source = { sampleRate: rate, channels: 1, bitsPerSample: null };
  }

  // Length is checked before any work: a stuck recording must fail fast, not after resampling an hour.
  checkLength(samples.length, source.sampleRate, maxSeconds);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as number;
    if (s - s !== 0) {
      // Only NaN and ±Infinity fail x - x === 0.
      throw new LumioError('AUDIO_INVALID', `The recording is damaged: sample ${i} (at ${((i / source.sampleRate) * 1000).toFixed(0)} ms) is not a number.`, {
        hint: 'Record again; if it keeps happening, the audio device or its driver is sending broken data.',
      });
    }
  }

  const out = source.sampleRate === SPEECH_SAMPLE_RATE ? samples : resample(samples, source.sampleRate, SPEECH_SAMPLE_RATE);
  return {
    samples: out,
    sampleRate: SPEECH_SAMPLE_RATE,
    durationMs: (out.length / SPEECH_SAMPLE_RATE) * 1000,
    source,
  };
}

/** Floor for rmsDb so digital silence is a finite, JSON-safe number. */
export const SILENCE_DB = -120;

/** Root-mean-square level in dB relative to full scale (a full-scale sine is about -3 dBFS). */
export function rmsDb(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const s = samples[i] as number;
    sum += s * s;
  }
  const n = to - from;
  if (n <= 0 || sum === 0) return SILENCE_DB;
  return Math.max(SILENCE_DB, 10 * Math.log10(sum / n));
}
