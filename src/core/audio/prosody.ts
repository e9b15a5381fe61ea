import type { PcmAudio } from '../engines.js';
import { SILENCE_DB, SPEECH_SAMPLE_RATE } from './prepare.js';
import { resample } from './resample.js';

/**
 * How a recording sounded, measured from the signal alone (no model): pitch, loudness, speed and
 * pauses. These feed the voice half of the mood (voice-mood.ts), always compared with the
 * person's own baseline, because absolute numbers say more about the microphone and the voice
 * someone was born with than about how they feel.
 */
export interface ProsodyFeatures {
  durationMs: number;
  /** From the first to the last sound, minus pauses. */
  speakingMs: number;
  /** Frames with a pitch. */
  voicedMs: number;
  /** Median F0 of voiced frames, Hz (60–400). null when under 0.1 s was voiced. */
  pitchHz: number | null;
  /** Spread of F0: 10th → 90th percentile, in semitones. null like pitchHz. */
  pitchRangeSemitones: number | null;
  /** Level of the voiced frames (dBFS); of all sounding frames when nothing was voiced. */
  energyDb: number;
  /** Syllable nuclei per second of speaking time (pauses excluded). null when under 0.3 s of speaking. */
  speechRate: number | null;
  syllableCount: number;
  /** Pause time / time from the first to the last sound. */
  pauseRatio: number;
  /** Silent gaps longer than 250 ms between the first and the last sound. */
  pauseCount: number;
  /** F0 per frame in Hz, 0 where unvoiced; one value per `hopMs`. */
  f0: Float32Array;
  hopMs: number;
}

const HOP = 160; // 10 ms at 16 kHz
const WINDOW = 400; // 25 ms
const PITCH_RATE = 8000; // pitch is searched on a 2× decimated signal: 4× fewer operations
const PITCH_HOP = HOP / 2;
const PITCH_WINDOW = 200; // 25 ms at 8 kHz (a multiple of 4 for the unrolled loop)
const MIN_F0 = 60;
const MAX_F0 = 400;
const YIN_THRESHOLD = 0.15;
/** Frames whose best normalised difference is above this are noise or breath, not voice. */
const MAX_APERIODICITY = 0.3;
const MIN_PAUSE_FRAMES = 25; // 250 ms
/** A syllable nucleus stands at least this far above the dips on both sides (de Jong & Wempe 2009). */
const NUCLEUS_DIP_DB = 2;

function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Frame powers (mean square) and their dB values. */
function framePowers(x: Float32Array, frames: number): { power: Float64Array; db: Float64Array } {
  const power = new Float64Array(frames);
  const db = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    const start = f * HOP;
    const end = Math.min(x.length, start + WINDOW);
    let sum = 0;
    for (let i = start; i < end; i++) {
      const s = x[i] as number;
      sum += s * s;
    }
    const p = end > start ? sum / (end - start) : 0;
    power[f] = p;
    db[f] = p > 0 ? Math.max(SILENCE_DB, 10 * Math.log10(p)) : SILENCE_DB;
  }
  return { power, db };
}

/**
 * Level separating sound from silence: 30 dB under the loud frames, but not under the noise
 * floor's neighbourhood (noisy phone audio) and never under -60 dBFS.
 */
function silenceThreshold(db: Float64Array): number {
  const sorted = sortedCopy(db);
  const loud = percentile(sorted, 0.95);
  const floor = percentile(sorted, 0.1);
  return Math.max(-60, loud - 30, Math.min(floor + 6, loud - 12));
}

/**
 * Low-pass at 1 kHz and keep every second sample: pitch lives well below 1 kHz and the formants
 * above it only confuse the period search. A 4th-order Butterworth (two biquads) costs a few
 * operations per sample — a tenth of an FIR of similar stop-band — and its small phase delay
 * does not matter for a period measurement. At 4 kHz (the new Nyquist) it is 48 dB down.
 */
function decimateForPitch(x: Float32Array): Float32Array {
  // Bilinear-transform Butterworth sections, Q = 1/(2cos(π/8)) and 1/(2cos(3π/8)).
  const w = Math.tan((Math.PI * 1000) / SPEECH_SAMPLE_RATE);
  const sections = [0.5411961, 1.306563].map((q) => {
    const k = 1 / q;
    const norm = 1 / (1 + k * w + w * w);
    const b0 = w * w * norm;
    return { b0, b1: 2 * b0, b2: b0, a1: 2 * (w * w - 1) * norm, a2: (1 - k * w + w * w) * norm };
  });
  const s0 = sections[0] as (typeof sections)[number];
  const s1 = sections[1] as (typeof sections)[number];
  const out = new Float32Array(Math.floor(x.length / 2));
  let x1 = 0,
    x2 = 0,
    y1 = 0,
    y2 = 0; // section 1 state
  let u1 = 0,
    u2 = 0,
    v1 = 0,
    v2 = 0; // section 2 state
  for (let i = 0; i < 2 * out.length; i++) {
    const xi = x[i] as number;
    const y = s0.b0 * xi + s0.b1 * x1 + s0.b2 * x2 - s0.a1 * y1 - s0.a2 * y2;
    x2 = x1;
    x1 = xi;
    y2 = y1;
    y1 = y;
    const v = s1.b0 * y + s1.b1 * u1 + s1.b2 * u2 - s1.a1 * v1 - s1.a2 * v2;
    u2 = u1;
    u1 = y;
    v2 = v1;
    v1 = v;
    if ((i & 1) === 1) out[i >> 1] = v;
  }
  return out;
}

/**
 * YIN (de Cheveigné & Kawahara 2002) on one frame: the cumulative-mean-normalised difference
 * function, first dip under the threshold, parabolic refinement. Returns F0 in Hz or 0.
 * `d` is scratch space of length tauMax + 1.
 */
function yinFrame(y: Float32Array, start: number, d: Float64Array, tauMin: number, tauMax: number): number {
  const w = PITCH_WINDOW;
  let e0 = 0;
  for (let j = 0; j < w; j++) {
    const v = y[start + j] as number;
    e0 += v * v;
  }
  if (e0 === 0) return 0;
  let eTau = e0;
  d[0] = 0;
  // d(τ) = e(0) + e(τ) − 2·r(τ): one multiply-add per lag and sample.
  for (let tau = 1; tau <= tauMax; tau++) {
    const out = y[start + tau - 1] as number;
    const inn = y[start + w + tau - 1] as number;
    eTau += inn * inn - out * out;
    const s2 = start + tau;
    // Four accumulators: this loop is nearly all of analyzeProsody's time.
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    for (let j = 0; j < w; j += 4) {
      r0 += (y[start + j] as number) * (y[s2 + j] as number);
      r1 += (y[start + j + 1] as number) * (y[s2 + j + 1] as number);
      r2 += (y[start + j + 2] as number) * (y[s2 + j + 2] as number);
      r3 += (y[start + j + 3] as number) * (y[s2 + j + 3] as number);
    }
    d[tau] = e0 + eTau - 2 * (r0 + r1 + r2 + r3);
  }
  // Cumulative mean normalisation, in place.
  let running = 0;
  for (let tau = 1; tau <= tauMax; tau++) {
    running += d[tau] as number;
    d[tau] = running > 0 ? ((d[tau] as number) * tau) / running : 1;
  }
  let best = -1;
  for (let tau = tauMin; tau <= tauMax; tau++) {
    if ((d[tau] as number) < YIN_THRESHOLD) {
      while (tau + 1 <= tauMax && (d[tau + 1] as number) < (d[tau] as number)) tau++;
      best = tau;
      break;
    }
  }
  if (best < 0) {
    // No clear dip: take the global minimum, and accept it only if it is periodic enough.
    let min = Infinity;
    for (let tau = tauMin; tau <= tauMax; tau++) {
      if ((d[tau] as number) < min) {
        min = d[tau] as number;
        best = tau;
      }
    }
  }
  if (best < 0 || (d[best] as number) > MAX_APERIODICITY) return 0;
  let refined = best;
  if (best > tauMin && best < tauMax) {
    const a = d[best - 1] as number;
    const b = d[best] as number;
    const c = d[best + 1] as number;
    const denom = a - 2 * b + c;
    if (denom > 0) refined = best + (0.5 * (a - c)) / denom;
  }
  const f0 = PITCH_RATE / refined;
  return f0 >= MIN_F0 && f0 <= MAX_F0 ? f0 : 0;
}

/** Drops voiced runs shorter than 3 frames and pulls octave jumps back with a 5-frame median. */
function cleanPitchTrack(f0: Float32Array): void {
  let runStart = -1;
  for (let f = 0; f <= f0.length; f++) {
    const voiced = f < f0.length && (f0[f] as number) > 0;
    if (voiced && runStart < 0) runStart = f;
    if (!voiced && runStart >= 0) {
      if (f - runStart < 3) f0.fill(0, runStart, f);
      runStart = -1;
    }
  }
  const copy = f0.slice();
  const window: number[] = [];
  for (let f = 0; f < f0.length; f++) {
    if ((copy[f] as number) === 0) continue;
    window.length = 0;
    for (let k = Math.max(0, f - 2); k <= Math.min(f0.length - 1, f + 2); k++) {
      const v = copy[k] as number;
      if (v > 0) window.push(v);
    }
    window.sort((a, b) => a - b);
    f0[f] = window[Math.floor(window.length / 2)] as number;
  }
}

/**
 * Counts syllable nuclei: peaks of the smoothed intensity that rise at least 2 dB above the dips
 * on both sides, lie above the silence threshold and sit on voiced frames (vowels are voiced;
 * bursts of /s/ or /t/ are not). This is the intensity-peak method of de Jong & Wempe (2009),
 * chosen over "voiced onsets per second" because one voiced stretch often carries several
 * syllables ("we were away"), which onsets would count once.
 */
function countNuclei(power: Float64Array, threshold: number, f0: Float32Array): number {
  const n = power.length;
  const smooth = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let sum = 0;
    let count = 0;
    for (let k = Math.max(0, f - 2); k <= Math.min(n - 1, f + 2); k++) {
      sum += power[k] as number;
      count++;
    }
    const p = sum / count;
    smooth[f] = p > 0 ? 10 * Math.log10(p) : SILENCE_DB;
  }
  const voicedNear = (f: number): boolean => {
    for (let k = Math.max(0, f - 3); k <= Math.min(n - 1, f + 3); k++) if ((f0[k] as number) > 0) return true;
    return false;
  };
  let count = 0;
  let peak = -Infinity; // the current candidate nucleus
  let dip = Infinity; // lowest point since that candidate
  let havePeak = false;
  for (let f = 1; f < n - 1; f++) {
    const v = smooth[f] as number;
    if (havePeak && v < dip) dip = v;
    const isMax = v >= (smooth[f - 1] as number) && v > (smooth[f + 1] as number);
    if (!isMax || v <= threshold || !voicedNear(f)) continue;
    if (!havePeak) {
      havePeak = true;
      peak = v;
      dip = v;
      count = 1;
    } else if (peak - dip >= NUCLEUS_DIP_DB && v - dip >= NUCLEUS_DIP_DB) {
      count++;
      peak = v;
      dip = v;
    } else if (v > peak) {
      peak = v; // same syllable, higher point
      dip = v;
    }
  }
  return count;
}

export function analyzeProsody(audio: PcmAudio): ProsodyFeatures {
  const x = audio.sampleRate === SPEECH_SAMPLE_RATE ? audio.samples : resample(audio.samples, audio.sampleRate, SPEECH_SAMPLE_RATE);
  const durationMs = (x.length / SPEECH_SAMPLE_RATE) * 1000;
  const frames = x.length === 0 ? 0 : Math.max(1, Math.floor((x.length - WINDOW) / HOP) + 1);
  const hopMs = (HOP / SPEECH_SAMPLE_RATE) * 1000;
  const { power, db } = framePowers(x, frames);
  const threshold = frames > 0 ? silenceThreshold(db) : 0;
  const sounding = new Uint8Array(frames);
  for (let f = 0; f < frames; f++) sounding[f] = (db[f] as number) > threshold ? 1 : 0;

  // Pitch, only where there is sound.
  const y = decimateForPitch(x);
  const tauMin = Math.floor(PITCH_RATE / MAX_F0);
  const tauMax = Math.ceil(PITCH_RATE / MIN_F0);
  const scratch = new Float64Array(tauMax + 2);
  const f0 = new Float32Array(frames);
  // The period search runs on every second frame (20 ms) to stay well inside the time budget; the
  // frames between take the mean of two voiced neighbours (pitch moves little in 10 ms).
  for (let f = 0; f < frames; f += 2) {
    if (!sounding[f]) continue;
    const start = f * PITCH_HOP;
    if (start + PITCH_WINDOW + tauMax + 1 > y.length) break;
    f0[f] = yinFrame(y, start, scratch, tauMin, tauMax);
  }
  for (let f = 1; f < frames - 1; f += 2) {
    const a = f0[f - 1] as number;
    const b = f0[f + 1] as number;
    if (a > 0 && b > 0 && sounding[f]) f0[f] = Math.sqrt(a * b);
  }
  cleanPitchTrack(f0);

  const voicedF0: number[] = [];
  let voicedPower = 0;
  let soundingPower = 0;
  let soundingFrames = 0;
  for (let f = 0; f < frames; f++) {
    if ((f0[f] as number) > 0) {
      voicedF0.push(f0[f] as number);
      voicedPower += power[f] as number;
    }
    if (sounding[f]) {
      soundingPower += power[f] as number;
      soundingFrames++;
    }
  }
  const voicedMs = voicedF0.length * hopMs;
  let pitchHz: number | null = null;
  let pitchRangeSemitones: number | null = null;
  if (voicedMs >= 100) {
    const sorted = sortedCopy(voicedF0);
    pitchHz = percentile(sorted, 0.5);
    pitchRangeSemitones = 12 * Math.log2(percentile(sorted, 0.9) / percentile(sorted, 0.1));
  }
  const level = voicedF0.length > 0 ? voicedPower / voicedF0.length : soundingFrames > 0 ? soundingPower / soundingFrames : 0;
  const energyDb = level > 0 ? Math.max(SILENCE_DB, 10 * Math.log10(level)) : SILENCE_DB;

  // Pauses: silent runs of 250 ms or more between the first and the last sounding frame.
  let first = -1;
  let last = -1;
  for (let f = 0; f < frames; f++) {
    if (sounding[f]) {
      if (first < 0) first = f;
      last = f;
    }
  }
  let pauseFrames = 0;
  let pauseCount = 0;
  if (first >= 0) {
    let run = 0;
    for (let f = first; f <= last + 1; f++) {
      if (f <= last && !sounding[f]) {
        run++;
        continue;
      }
      if (run >= MIN_PAUSE_FRAMES) {
        pauseFrames += run;
        pauseCount++;
      }
      run = 0;
    }
  }
  const spanFrames = first >= 0 ? last - first + 1 : 0;
  const speakingMs = (spanFrames - pauseFrames) * hopMs;
  const syllableCount = frames > 2 ? countNuclei(power, threshold, f0) : 0;
  return {
    durationMs,
    speakingMs,
    voicedMs,
    pitchHz,
    pitchRangeSemitones,
    energyDb,
    speechRate: speakingMs >= 300 ? syllableCount / (speakingMs / 1000) : null,
    syllableCount,
    pauseRatio: spanFrames > 0 ? pauseFrames / spanFrames : 0,
    pauseCount,
    f0,
    hopMs,
  };
}

/**
 * The features of one turn from the features of its speech segments, which are analysed one by
 * one as they end (the recording itself is dropped segment by segment). Pitch statistics come
 * from the joined pitch tracks, level from the voiced time, rate and pauses from the summed
 * times; the silences between segments count as pauses, as they would inside one recording.
 */
export function mergeProsody(parts: ProsodyFeatures[], gapsMs: number[] = []): ProsodyFeatures | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  const hopMs = parts[0]!.hopMs;
  const f0 = new Float32Array(parts.reduce((n, p) => n + p.f0.length, 0));
  let at = 0;
  for (const p of parts) {
    f0.set(p.f0, at);
    at += p.f0.length;
  }
  const voicedF0: number[] = [];
  for (const v of f0) if (v > 0) voicedF0.push(v);
  const voicedMs = voicedF0.length * hopMs;
  let pitchHz: number | null = null;
  let pitchRangeSemitones: number | null = null;
  if (voicedMs >= 100) {
    const sorted = sortedCopy(voicedF0);
    pitchHz = percentile(sorted, 0.5);
    pitchRangeSemitones = 12 * Math.log2(percentile(sorted, 0.9) / percentile(sorted, 0.1));
  }
  // Level: the power average over voiced time (each segment weighted by how long it was voiced).
  let power = 0;
  let weight = 0;
  for (const p of parts) {
    const w = p.voicedMs > 0 ? p.voicedMs : p.speakingMs;
    power += w * 10 ** (p.energyDb / 10);
    weight += w;
  }
  const energyDb = weight > 0 && power > 0 ? Math.max(SILENCE_DB, 10 * Math.log10(power / weight)) : SILENCE_DB;
  const speakingMs = parts.reduce((n, p) => n + p.speakingMs, 0);
  const syllableCount = parts.reduce((n, p) => n + p.syllableCount, 0);
  const gaps = gapsMs.filter((g) => g >= MIN_PAUSE_FRAMES * hopMs);
  const pauseMs = parts.reduce((n, p) => n + p.pauseRatio * (p.speakingMs / Math.max(1e-9, 1 - p.pauseRatio)), 0) + gaps.reduce((a, b) => a + b, 0);
  const spanMs = speakingMs + pauseMs;
  return {
    durationMs: parts.reduce((n, p) => n + p.durationMs, 0) + gapsMs.reduce((a, b) => a + b, 0),
    speakingMs,
    voicedMs,
    pitchHz,
    pitchRangeSemitones,
    energyDb,
    speechRate: speakingMs >= 300 ? syllableCount / (speakingMs / 1000) : null,
    syllableCount,
    pauseRatio: spanMs > 0 ? pauseMs / spanMs : 0,
    pauseCount: parts.reduce((n, p) => n + p.pauseCount, 0) + gaps.length,
    f0,
    hopMs,
  };
}
