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

  it('spells out \\p{L} and \\p{Lu} inside a character class as well', () => {
    // Names with a hyphen: [\p{L}-] is one class of letters and the hyphen, not a nested class.
    const name = compileLetterPattern('(\\p{Lu}[\\p{L}-]+)', 'u');
    expect('это Анна-Мария.'.match(name)?.[1]).toBe('Анна-Мария');
    const notLetter = compileLetterPattern('[^\\p{L}]+', 'gu');
    expect('Ёж, 3 кота!'.match(notLetter)).toEqual([', 3 ', '!']);
    const upperOrDigit = compileLetterPattern('^[\\p{Lu}\\d]+$', 'u');
    expect(upperOrDigit.test('ЁЖ7')).toBe(true);
    expect(upperOrDigit.test('Ёж7')).toBe(false);
    // Same answers as the Unicode classes they replace.
    for (const t of ['Анна-Мария', 'Zoë', 'naïve', '— ', 'ёж_1']) expect(t.match(compileLetterPattern('[\\p{L}-]+', 'gu'))).toEqual(t.match(/[\p{L}-]+/gu));
  });

  it("leaves a class's own \\b (backspace) and an escaped backslash before b alone", () => {
    expect(compileLetterPattern('[\\b]', 'u').test('\b')).toBe(true);
    expect(compileLetterPattern('[\\b]', 'u').test('b')).toBe(false);
    expect(compileLetterPattern('a\\\\b', 'u').test('a\\b')).toBe(true);
  });
});
