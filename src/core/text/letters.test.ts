import { describe, expect, it } from 'vitest';
import { compileLetterPattern, guessLanguage, scriptCounts } from './letters.js';

describe('letters', () => {
  it('guesses Russian or English by the script most letters are in', () => {
    expect(guessLanguage('Привет, как дела?')).toBe('ru');
    expect(guessLanguage('Hello there')).toBe('en');
    expect(guessLanguage('ok, спасибо большое')).toBe('ru');
    expect(guessLanguage('🙂 123')).toBe('en');
    expect(scriptCounts('Ёж и café')).toEqual({ cyrillic: 3, latin: 4 });
  });

  it('compiles \\b, \\p{L} and \\p{Lu} the way Unicode patterns would match them', () => {
    const word = compileLetterPattern('\\bкот\\b', 'u');
    expect(word.test('мой кот спит')).toBe(true);
    expect(word.test('котёнок')).toBe(false);
    const name = compileLetterPattern('зовут (\\p{Lu}\\p{L}+)', 'u');
    expect('Меня зовут Анна.'.match(name)?.[1]).toBe('Анна');
    expect('меня зовут анна'.match(name)).toBeNull();
    // Same answers as the \p{L} it replaces, on the scripts Lumio reads.
    const texts = ['Ёлка', 'Zoë', 'Ωmega', 'naïve', 'ёж'];
    for (const t of texts) expect(compileLetterPattern('^\\p{L}+$', 'u').test(t)).toBe(/^\p{L}+$/u.test(t));
  });
});
