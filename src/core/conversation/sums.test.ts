import { describe, expect, it } from 'vitest';
import { askedSum, sumAnswer, sumNoteLine } from './sums.js';

describe('askedSum', () => {
  it('works out a sum asked in English, in digits or words', () => {
    expect(askedSum('quick one, whats 15 times 4', 'en')).toMatchObject({ result: 60, spoken: '15 times 4 is 60.' });
    expect(askedSum('what is three hundred minus forty five', 'en')?.result).toBe(255);
    expect(askedSum('whats 15% of 200?', 'en')?.result).toBe(30);
    expect(askedSum('how much is 7 divided by 2', 'en')?.spoken).toBe('7 divided by 2 is 3.5.');
  });

  it('works out a sum asked in Russian, «семь на восемь» too', () => {
    expect(askedSum('слушай сколько будет семь на восемь', 'ru')).toMatchObject({ result: 56, spoken: '7 умножить на 8 — это 56.' });
    expect(askedSum('сколько будет пятнадцать процентов от восьмидесяти тысяч', 'ru')?.result).toBe(12000);
    expect(askedSum('посчитай сто сорок четыре поделить на двенадцать', 'ru')?.result).toBe(12);
    // «сколько» after the sum, as it is said; and a pressure of «сто восемьдесят на сто» is not a product.
    expect(askedSum('я уже в уме не могу тридцать плюс двенадцать сколько', 'ru')?.result).toBe(42);
    expect(askedSum('у мамы было сто восемьдесят на сто а нормальное давление это сколько', 'ru')).toBeUndefined();
    expect(askedSum('сколько будет 7 разделить на 2', 'ru')?.spoken).toBe('7 разделить на 2 — это 3,5.');
  });

  it('leaves numbers said in passing, even in a turn that asks something', () => {
    expect(askedSum('на улице минус пятнадцать, дети дома в куртках, что делать?', 'ru')).toBeUndefined();
    expect(askedSum('i called her 5 times 2 days ago and she didnt pick up, what do i do', 'en')).toBeUndefined();
    expect(askedSum('встречу перенесли с десяти на одиннадцать, сколько можно', 'ru')).toBeUndefined();
    // Typed signs that are not sums: a saying, a ratio, a date, a score.
    for (const text of ["i'm on call 24/7, what's the point", "it's 50/50, what is it with me", 'what was the score, 4-6?'])
      expect(askedSum(text, 'en'), text).toBeUndefined();
  });

  it('leaves what one pair of numbers would get wrong: longer sums, negatives, half numbers, tiny results', () => {
    expect(askedSum('whats 10 minus 3 minus 2', 'en')).toBeUndefined();
    expect(askedSum('what is minus 5 plus 3', 'en')).toBeUndefined();
    expect(askedSum('сколько будет два плюс три плюс четыре', 'ru')).toBeUndefined();
    expect(askedSum('восемь тыщ плюс четырнадцать с половиной сколько выходит', 'ru')).toBeUndefined();
    expect(askedSum('whats 5 divided by 0', 'en')).toBeUndefined();
    expect(askedSum('whats 1 divided by 300', 'en')).toBeUndefined();
  });

  it('says the numbers as they were given', () => {
    expect(askedSum('сколько будет 0,125 умножить на 8', 'ru')?.spoken).toBe('0,125 умножить на 8 — это 1.');
    expect(askedSum('сколько будет тысяча двести минус двести', 'ru')?.spoken).toBe('1200 минус 200 — это 1000.');
  });
});

describe('sumAnswer', () => {
  it('hears the result in digits or words, and falls back to the sum said plainly', () => {
    const sum = askedSum('сколько будет двенадцать умножить на пятнадцать', 'ru')!;
    const answer = sumAnswer(sum, 'ru');
    expect(answer.isAnswer('Получается сто восемьдесят.')).toBe(true);
    expect(answer.isAnswer('Это 180.')).toBe(true);
    expect(answer.isAnswer('На умножение пятнадцать на двенадцать получается 120.')).toBe(false);
    expect(answer.fallback).toBe('12 умножить на 15 — это 180.');
    expect(sumNoteLine(sum, 'ru')).toContain('Назови результат: 180.');
  });
});
