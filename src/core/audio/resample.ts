import { LumioError } from '../../shared/errors.js';

/**
 * Sample-rate conversion by a polyphase Kaiser-windowed-sinc filter.
 *
 * Why a real filter: whisper and the VAD want 16 kHz. Dropping samples from 48 kHz (or linear
 * interpolation) folds everything between 8 and 24 kHz — fricatives, fan noise, a phone's
 * hiss — back into the speech band as aliases. The filter passes up to 87.5 % of the lower
 * Nyquist frequency (7 kHz for 16 kHz output), stops from the Nyquist frequency on (8 kHz)
 * with ≥ 80 dB attenuation, and the transition lies in between.
 *
 * Why polyphase: for a rational ratio to/from = L/M the output instants fall on only L
 * distinct fractional positions between input samples, so the filter taps for each position
 * are computed once (L rows) and every output sample is one dot product.
 */

const STOPBAND_DB = 80;
/** Passband edge as a fraction of the lower rate's Nyquist frequency. */
const PASSBAND_FRACTION = 0.875;
/** Above this many phases the table would be large; interpolate between this many instead. */
export const MAX_EXACT_PHASES = 1024;

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 10). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

export interface FilterBank {
  phases: number;
  /** Taps per phase (= 2 × halfWidth). */
  taps: number;
  halfWidth: number;
  /** phases × taps, row p holds the taps for the fractional position p / phases. */
  table: Float32Array;
}

const bankCache = new Map<string, FilterBank>();

/**
 * Builds the taps, in input-sample units: h(τ) = 2fc·sinc(2fc·τ)·kaiser(τ/H), fc in cycles per
 * input sample. Each row is normalised to sum to 1 so DC (and low frequencies) keep their level.
 */
export function filterBank(from: number, to: number, phases: number): FilterBank {
  const key = `${from}:${to}:${phases}`;
  const cached = bankCache.get(key);
  if (cached) return cached;

  const lowerNyquist = Math.min(from, to) / 2;
  const passHz = lowerNyquist * PASSBAND_FRACTION;
  const stopHz = lowerNyquist;
  const fc = (passHz + stopHz) / 2 / from;
  const transition = (2 * Math.PI * (stopHz - passHz)) / from;
  // Kaiser's design formulas for length and shape from attenuation and transition width.
  const length = Math.ceil((STOPBAND_DB - 7.95) / (2.285 * transition));
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  const halfWidth = Math.max(2, Math.ceil(length / 2));
  const taps = 2 * halfWidth;
  const i0Beta = besselI0(beta);
  const table = new Float32Array(phases * taps);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    let sum = 0;
    const row = p * taps;
    for (let k = 0; k < taps; k++) {
      // Tap k multiplies input sample (i - halfWidth + 1 + k); its distance from the output instant i + frac:
      const tau = frac + halfWidth - 1 - k;
      const r = tau / halfWidth;
      const window = r * r < 1 ? besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta : 0;
      const x = 2 * fc * tau;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const h = 2 * fc * sinc * window;
      table[row + k] = h;
      sum += h;
    }
    for (let k = 0; k < taps; k++) table[row + k] = (table[row + k] ?? 0) / sum;
  }
  const bank = { phases, taps, halfWidth, table };
  if (bankCache.size > 16) bankCache.clear();
  bankCache.set(key, bank);
  return bank;
}

/** Σ x[xs+k]·h[hs+k] for k < taps (taps is even), unrolled because this loop is the whole cost. */
export function dot(x: Float32Array, xs: number, h: Float32Array, hs: number, taps: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let k = 0;
  for (; k + 3 < taps; k += 4) {
    a0 += (x[xs + k] as number) * (h[hs + k] as number);
    a1 += (x[xs + k + 1] as number) * (h[hs + k + 1] as number);
    a2 += (x[xs + k + 2] as number) * (h[hs + k + 2] as number);
    a3 += (x[xs + k + 3] as number) * (h[hs + k + 3] as number);
  }
  for (; k < taps; k++) a0 += (x[xs + k] as number) * (h[hs + k] as number);
  return a0 + a1 + a2 + a3;
}

/**
 * Converts mono samples from one rate to another. The output has round(n · to / from) samples and
 * no delay (the filter is centred). Returns a copy when the rates are equal.
 */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (!(from > 0 && to > 0 && Number.isFinite(from) && Number.isFinite(to))) {
    throw new LumioError('INVALID_ARGUMENT', `Cannot resample from ${from} Hz to ${to} Hz.`);
  }
  if (from === to) return samples.slice();
  const outLength = Math.round((samples.length * to) / from);
  if (outLength === 0 || samples.length === 0) return new Float32Array(0);

  // Integer rates give an exact rational ratio; fractional ones are scaled to millihertz first.
  const scale = Number.isInteger(from) && Number.isInteger(to) ? 1 : 1000;
  const a = Math.round(from * scale);
  const b = Math.round(to * scale);
  const g = gcd(a, b);
  const up = b / g; // L
  const down = a / g; // M
  const exact = up <= MAX_EXACT_PHASES;
  const bank = filterBank(from, to, exact ? up : MAX_EXACT_PHASES);
  const { taps, halfWidth, table, phases } = bank;

  // Zero padding on both sides lets the inner loop run without bounds checks.
  const pad = halfWidth + 1;
  const x = new Float32Array(samples.length + 2 * pad + 1);
  x.set(samples, pad);
  const out = new Float32Array(outLength);

  if (up === 1) {
    // Whole-number decimation (48 → 16 kHz, the usual microphone case): one phase, and its taps are
    // symmetric about the centre, so pairs of samples share a multiply — about half the work.
    const centre = halfWidth - 1;
    const half = Float32Array.from({ length: halfWidth }, (_, m) => table[centre - m] as number);
    for (let n = 0; n < outLength; n++) {
      const c = n * down + pad; // x index of the output instant
      let a0 = (half[0] as number) * (x[c] as number);
      let a1 = 0;
      let m = 1;
      for (; m + 1 < halfWidth; m += 2) {
        a0 += (half[m] as number) * ((x[c - m] as number) + (x[c + m] as number));
        a1 += (half[m + 1] as number) * ((x[c - m - 1] as number) + (x[c + m + 1] as number));
      }
      for (; m < halfWidth; m++) a0 += (half[m] as number) * ((x[c - m] as number) + (x[c + m] as number));
      out[n] = a0 + a1;
    }
    return out;
  }

  if (exact) {
    for (let n = 0; n < outLength; n++) {
      const pos = n * down; // output instant in units of 1/L input samples
      const i = Math.floor(pos / up);
      const p = pos - i * up;
      const row = p * taps;
      const start = i - halfWidth + 1 + pad;
      out[n] = dot(x, start, table, row, taps);
    }
    return out;
  }

  // Irrational-looking ratios (e.g. 44100 → 16001): linear interpolation between the two nearest
  // of `phases` precomputed rows keeps the error far below the 16-bit noise floor.
  const step = from / to;
  for (let n = 0; n < outLength; n++) {
    const t = n * step;
    const i = Math.floor(t);
    const fp = (t - i) * phases;
    const p0 = Math.floor(fp);
    const w1 = fp - p0;
    const w0 = 1 - w1;
    const start = i - halfWidth + 1 + pad;
    const row0 = p0 * taps;
    const acc0 = dot(x, start, table, row0, taps);
    // The row after the last phase is phase 0 shifted one input sample later.
    const acc1 = p0 + 1 < phases ? dot(x, start, table, row0 + taps, taps) : dot(x, start + 1, table, 0, taps);
    out[n] = w0 * acc0 + w1 * acc1;
  }
  return out;
}
