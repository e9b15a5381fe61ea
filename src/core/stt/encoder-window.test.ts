import { describe, expect, it } from 'vitest';
import { encoderPositionsFor, looksRunaway } from './encoder-window.js';

describe('encoder window', () => {
  it('reads the speech plus a margin, in steps of 64 positions (20 ms each)', () => {
    // 3 s = 150 positions, + 64 margin = 214 → the floor of 384.
    expect(encoderPositionsFor(3, 1500)).toBe(384);
    expect(encoderPositionsFor(1.1, 1500)).toBe(384);
    // 11 s (jfk.wav) = 550 + 64 = 614 → 640.
    expect(encoderPositionsFor(11, 1500)).toBe(640);
    const p = encoderPositionsFor(17.3, 1500);
    expect(p % 64).toBe(0);
    expect(p).toBeGreaterThanOrEqual(17.3 * 50 + 64);
  });

  it('uses the full window (0) when the clip would fill it, or when it cannot tell', () => {
    expect(encoderPositionsFor(29, 1500)).toBe(0);
    expect(encoderPositionsFor(45, 1500)).toBe(0);
    expect(encoderPositionsFor(0, 1500)).toBe(0);
    expect(encoderPositionsFor(Number.NaN, 1500)).toBe(0);
    // A model with a smaller window than the clip needs.
    expect(encoderPositionsFor(10, 512)).toBe(0);
  });

  it('calls a transcript runaway when it loops or has more words than the clip can hold', () => {
    expect(looksRunaway('thank you thank you thank you thank you', 5)).toBe(true);
    expect(looksRunaway('and then I said and then I said and then I said and then I said', 20)).toBe(true);
    expect(looksRunaway('ну да ну да ну да ну да', 10)).toBe(true);
    // A loop that starts mid-sentence.
    expect(looksRunaway('I went home and I and I and I and I', 10)).toBe(true);
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(looksRunaway(words, 3)).toBe(true);
  });

  it('leaves ordinary speech alone, including a word said twice or three times', () => {
    expect(looksRunaway('And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.', 11)).toBe(false);
    expect(looksRunaway('Нет, нет, нет, я просто устал.', 3)).toBe(false);
    expect(looksRunaway('Tell me something calm, please.', 2.4)).toBe(false);
    expect(looksRunaway('', 3)).toBe(false);
  });
});
