import { describe, expect, it } from 'vitest';
import { resample } from './resample.js';
import { StreamResampler } from './stream-resampler.js';

function tone(n: number, rate: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate) + 0.2 * Math.sin((2 * Math.PI * 3100 * i) / rate);
  return x;
}

function streamed(input: Float32Array, from: number, to: number, blockSizes: number[]): Float32Array {
  const r = new StreamResampler(from, to);
  const parts: Float32Array[] = [];
  let at = 0;
  let k = 0;
  while (at < input.length) {
    const size = blockSizes[k++ % blockSizes.length] as number;
    parts.push(r.push(input.subarray(at, Math.min(input.length, at + size))));
    at += size;
  }
  parts.push(r.end());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('StreamResampler', () => {
  for (const [from, to] of [
    [48000, 16000],
    [44100, 16000],
    [22050, 16000],
    [8000, 16000],
    [44100.5, 16000],
  ] as const) {
    it(`${from} → ${to} Hz in uneven blocks equals resampling the whole recording`, () => {
      const input = tone(Math.round(from * 0.7) + 13, from);
      const whole = resample(input, from, to);
      const parts = streamed(input, from, to, [4800, 128, 1, 3001, 960]);
      expect(parts.length).toBe(whole.length);
      let maxDiff = 0;
      for (let i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs((whole[i] as number) - (parts[i] as number)));
      expect(maxDiff).toBeLessThan(1e-5);
    });
  }

  it('passes 16 kHz through untouched and produces output while the recording goes on', () => {
    const r = new StreamResampler(16000, 16000);
    expect(Array.from(r.push(Float32Array.of(0.1, 0.2)))).toEqual([Float32Array.of(0.1)[0], Float32Array.of(0.2)[0]]);
    const live = new StreamResampler(48000, 16000);
    // 100 ms in, most of its 1,600 output samples come out at once (only the filter's look-ahead waits).
    expect(live.push(tone(4800, 48000)).length).toBeGreaterThan(1500);
  });

  it('refuses impossible rates and audio after the end', () => {
    expect(() => new StreamResampler(0, 16000)).toThrow();
    const r = new StreamResampler(48000, 16000);
    r.end();
    expect(() => r.push(new Float32Array(10))).toThrow();
  });
});
