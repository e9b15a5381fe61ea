import { describe, expect, it } from 'vitest';
import { foldForCompare, questionsIn, splitSentences } from './sentences.js';

describe('sentences', () => {
  it('splits at terminators before whitespace, keeping closing quotes with their sentence', () => {
    expect(splitSentences('Oh no.  What happened?» Tell me\nmore… Ok')).toEqual(['Oh no.', 'What happened?»', 'Tell me more…', 'Ok']);
    expect(splitSentences('3.5 is a number.')).toEqual(['3.5 is a number.']);
    expect(splitSentences('   ')).toEqual([]);
  });

  it('finds questions, also inside quotes, and not a lone "?"', () => {
    expect(questionsIn('Oh no. Are you okay? I am here.')).toEqual(['Are you okay?']);
    expect(questionsIn('I see. How was it? «А ты?» ?')).toEqual(['How was it?', '«А ты?»']);
  });

  it('folds case, ё and apostrophes', () => {
    expect(foldForCompare('Ещё ДОМ’s')).toBe("еще дом's");
  });
});
