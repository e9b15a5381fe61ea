import { describe, expect, it } from 'vitest';
import { isNumberWord, numbersIn } from './numbers.js';

const values = (text: string, lang: 'en' | 'ru'): number[] => numbersIn(text, lang).map((n) => n.value);

describe('numbersIn', () => {
  it('reads digits, grouped digits and decimals', () => {
    expect(values('about 15 or 80,000 or 12 000, maybe 2.5', 'en')).toEqual([15, 80000, 12000, 2.5]);
    // In Russian the comma is the decimal mark.
    expect(values('где-то 2,5 часа или 0,125 или 12 000', 'ru')).toEqual([2.5, 0.125, 12000]);
  });

  it('reads English number words, with hundreds, thousands and "and"', () => {
    expect(values('two hundred and fifty plus a hundred', 'en')).toEqual([250, 100]);
    expect(values('twenty-five and eighty thousand', 'en')).toEqual([25, 80000]);
    expect(values('it was 80 thousand', 'en')).toEqual([80000]);
    expect(values('a hundred and ten', 'en')).toEqual([110]);
    // "two fifteen" is a time, two numbers, not seventeen.
    expect(values('at two fifteen', 'en')).toEqual([2, 15]);
  });

  it('reads Russian number words in their cases', () => {
    expect(values('пятнадцать процентов от восьмидесяти тысяч', 'ru')).toEqual([15, 80000]);
    expect(values('сто сорок четыре поделить на двенадцать', 'ru')).toEqual([144, 12]);
    expect(values('сорок восемь на два', 'ru')).toEqual([48, 2]);
    expect(values('тысяча двести и две тысячи пятьсот', 'ru')).toEqual([1200, 2500]);
    expect(values('в десять пятнадцать', 'ru')).toEqual([10, 15]);
  });

  it('marks a number with a fraction word next to it as not exact', () => {
    expect(numbersIn('четырнадцать с половиной', 'ru')[0]!.inexact).toBe(true);
    expect(numbersIn('two and a half hours', 'en')[0]!.inexact).toBe(true);
    expect(numbersIn('two hours', 'en')[0]!.inexact).toBe(false);
  });
});

describe('isNumberWord', () => {
  it('knows number words in both languages and every Russian case, not a one-letter scale alone', () => {
    expect(['eighty', 'hundred', 'thousand'].every((w) => isNumberWord(w, 'en'))).toBe(true);
    expect(['семнадцати', 'двухсот', 'тысяч'].every((w) => isNumberWord(w, 'ru'))).toBe(true);
    expect(isNumberWord('k', 'en')).toBe(false);
    expect(isNumberWord('constructor', 'en')).toBe(false);
  });
});
