import { describe, it, expect } from 'vitest';
import { concatFloat32, downmix, resample, rms } from './resample.js';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

/** Amplitude of `freq` in `x` by correlating with a sine and cosine (a one-bin DFT). */
function amplitudeAt(x: Float32Array, freq: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    re += (x[i] ?? 0) * Math.cos((2 * Math.PI * freq * i) / rate);
    im += (x[i] ?? 0) * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

describe('resample', () => {
  it('turns 48 kHz into 16 kHz with the right length and keeps a speech-band tone', () => {
    const input = tone(440, 48_000, 1);
    const out = resample(input, 48_000, 16_000);
    expect(out.length).toBe(16_000);
    expect(amplitudeAt(out.subarray(1000, 15000), 440, 16_000)).toBeCloseTo(0.5, 1);
  });

  it('handles 44.1 kHz, a rate that does not divide evenly', () => {
    const out = resample(tone(1000, 44_100, 0.5), 44_100, 16_000);
    expect(out.length).toBe(8000);
    expect(amplitudeAt(out.subarray(500, 7500), 1000, 16_000)).toBeCloseTo(0.5, 1);
  });

  it('removes content above the new Nyquist instead of folding it down', () => {
    // 11 kHz would alias to 5 kHz at 16 kHz if it were not filtered out first.
    const out = resample(tone(11_000, 48_000, 0.5), 48_000, 16_000);
    expect(rms(out.subarray(200, out.length - 200))).toBeLessThan(0.02);
  });

  it('keeps silence silent and DC at unity', () => {
    expect(rms(resample(new Float32Array(4800), 48_000))).toBe(0);
    const dc = resample(new Float32Array(4800).fill(0.25), 48_000);
    for (const s of dc) expect(s).toBeCloseTo(0.25, 5);
  });
});

describe('downmix / concatFloat32 / rms', () => {
  it('averages channels, joins blocks and measures level', () => {
    expect(Array.from(downmix([new Float32Array([1, 0]), new Float32Array([0, 1])]))).toEqual([0.5, 0.5]);
    expect(Array.from(concatFloat32([new Float32Array([1]), new Float32Array([2, 3])]))).toEqual([1, 2, 3]);
    expect(rms(new Float32Array([0.5, -0.5]))).toBeCloseTo(0.5);
  });
});
