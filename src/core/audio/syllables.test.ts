import { describe, expect, it } from 'vitest';
import type { ProsodyFeatures } from './prosody.js';
import { countTextSyllables, transcriptSpeechRate } from './syllables.js';

describe('countTextSyllables', () => {
  it('counts Russian vowels and English vowel groups', () => {
    expect(countTextSyllables('Сегодня утром была прекрасная погода')).toBe(3 + 2 + 2 + 4 + 3);
    expect(countTextSyllables('в парк')).toBe(1);
    expect(countTextSyllables('The weather was lovely this morning')).toBe(1 + 2 + 1 + 2 + 1 + 2);
    expect(countTextSyllables('make time, table')).toBe(1 + 1 + 2);
    expect(countTextSyllables('we walked and wanted')).toBe(1 + 1 + 1 + 2);
    expect(countTextSyllables('...')).toBe(0);
  });

  it('turns a transcript and the speaking time into a rate', () => {
    const f = { speakingMs: 2000 } as ProsodyFeatures;
    expect(transcriptSpeechRate(f, 'Сегодня утром была прекрасная погода')).toBe(7);
    expect(transcriptSpeechRate({ speakingMs: 100 } as ProsodyFeatures, 'hello')).toBeNull();
    expect(transcriptSpeechRate(f, '')).toBeNull();
  });
});
