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
    expect(askedSum('сколько будет 7 разделить на 2', 'ru')?.spoken).toBe('7 разделить на 2 — это 3,5.');
  });

  it('leaves numbers said in passing, fractions it cannot be sure of, and division by zero', () => {
    expect(askedSum('на улице минус пятнадцать, дети дома в куртках', 'ru')).toBeUndefined();
    expect(askedSum('the room is 4 by 5 and i love it', 'en')).toBeUndefined();
    expect(askedSum('восемь тыщ плюс четырнадцать с половиной сколько выходит', 'ru')).toBeUndefined();
    expect(askedSum('whats 5 divided by 0', 'en')).toBeUndefined();
    expect(askedSum('i worked 15 hours and slept 4', 'en')).toBeUndefined();
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
