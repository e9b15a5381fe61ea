/**
 * Microphone audio arrives at the device rate (often 44.1 or 48 kHz, sometimes stereo); the
 * engine wants 16 kHz mono Float32. Downmixing happens in the capture worklet; this resamples
 * with a Hann-windowed sinc low-pass so speech above 8 kHz folds down as little as possible
 * (plain linear interpolation would alias it into the band whisper listens to).
 */
export const ENGINE_SAMPLE_RATE = 16_000;

/** Half-width of the filter in output-rate samples; 16 gives ~-50 dB aliasing at modest cost. */
const HALF_TAPS = 16;

export function resample(input: Float32Array, fromRate: number, toRate: number = ENGINE_SAMPLE_RATE): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('sample rates must be positive');
  if (fromRate === toRate) return input.slice();
  const ratio = toRate / fromRate;
  const outLength = Math.floor(input.length * ratio);
  const out = new Float32Array(outLength);
  // Cutoff at the lower Nyquist, a little under it so the transition band ends before it.
  const cutoff = Math.min(1, ratio) * 0.94;
  const halfWidth = Math.ceil(HALF_TAPS / Math.min(1, ratio));
  for (let i = 0; i < outLength; i++) {
    const center = i / ratio;
    const first = Math.max(0, Math.ceil(center - halfWidth));
    const last = Math.min(input.length - 1, Math.floor(center + halfWidth));
    let sum = 0;
    let weightSum = 0;
    for (let j = first; j <= last; j++) {
      const t = j - center;
      const x = Math.PI * t * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(x) / x;
      const window = 0.5 + 0.5 * Math.cos((Math.PI * t) / (halfWidth + 1));
      const w = sinc * window;
      sum += (input[j] ?? 0) * w;
      weightSum += w;
    }
    // Normalising by the weight sum keeps DC gain at exactly 1, also at the edges.
    out[i] = weightSum !== 0 ? sum / weightSum : 0;
  }
  return out;
}

/** Averages interleaved or planar channels into one. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first.slice();
  const out = new Float32Array(first.length);
  for (const ch of channels) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (ch[i] ?? 0) / channels.length;
  return out;
}

/** Joins captured blocks into one buffer. */
export function concatFloat32(blocks: readonly Float32Array[]): Float32Array {
  let length = 0;
  for (const b of blocks) length += b.length;
  const out = new Float32Array(length);
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

/** Root-mean-square level of a block, 0…1, for the input meter. */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}
