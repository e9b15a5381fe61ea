import { describe, expect, it } from 'vitest';
import { draftPart } from './draft.js';

describe('draftPart', () => {
  it('keeps the whole words and leaves out the word still being typed', () => {
    expect(draftPart('I miss her cook')).toBe('I miss her');
    expect(draftPart('Я скучаю по её ')).toBe('Я скучаю по её');
  });

  it('has nothing to send before the first word is over', () => {
    expect(draftPart('Hel')).toBe('');
    expect(draftPart('')).toBe('');
    expect(draftPart('   ')).toBe('');
  });

  it('sends punctuation that ends a word with it', () => {
    expect(draftPart('Thanks, that helps. And')).toBe('Thanks, that helps.');
  });
});
