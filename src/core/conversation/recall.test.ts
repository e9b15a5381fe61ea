import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../engines.js';
import { asksForAdvice, recall } from './recall.js';

const history: ChatMessage[] = [
  { role: 'user', text: 'Hi, my name is Anna. I moved to Lisbon two weeks ago.' },
  { role: 'assistant', text: 'Welcome, Anna! How are you settling in? Lisbon is lovely.' },
  { role: 'user', text: 'I feel lonely. My sister Kate stayed at home.' },
  { role: 'assistant', text: 'That sounds hard. What do you miss most about Kate?' },
];

describe('recall', () => {
  it('keeps the facts told and the questions asked, in order', () => {
    const r = recall(history, 'Today I sat at home again.', 'en');
    expect(r.told).toEqual(['Name: Anna', 'Moved to Lisbon two weeks ago', 'Sister: Kate']);
    expect(r.asked).toEqual(['How are you settling in?', 'What do you miss most about Kate?']);
    expect(r.wantsAdvice).toBe(false);
  });
  it("reads this turn's words only for a request of advice, and keeps only the latest questions", () => {
    const many: ChatMessage[] = [1, 2, 3, 4].flatMap((i) => [
      { role: 'user' as const, text: `Turn ${i}.` },
      { role: 'assistant' as const, text: `Question number ${i}?` },
    ]);
    const r = recall(many, 'I am called Tom, by the way. What should I do?', 'en');
    expect(r.asked).toEqual(['Question number 2?', 'Question number 3?', 'Question number 4?']);
    // The name comes with this turn's words, which the model reads right after the note.
    expect(r.told).toEqual([]);
    expect(r.wantsAdvice).toBe(true);
  });
  it('works in Russian', () => {
    const r = recall(
      [
        { role: 'user', text: 'Меня зовут Марина, я месяц назад переехала в Казань.' },
        { role: 'assistant', text: 'Как тебе Казань?' },
      ],
      'Посоветуй, куда сходить.',
      'ru',
    );
    expect(r.told).toEqual(['Имя: Марина', 'Переехала в Казань']);
    expect(r.asked).toEqual(['Как тебе Казань?']);
    expect(r.wantsAdvice).toBe(true);
  });
});

describe('asksForAdvice', () => {
  it('hears a request, and a refusal over it', () => {
    expect(asksForAdvice('Any tips for the first day in Tokyo?', 'en')).toBe(true);
    expect(asksForAdvice("I don't want advice, I just want to talk.", 'en')).toBe(false);
    expect(asksForAdvice('Today was long.', 'en')).toBe(false);
    expect(asksForAdvice('Только не надо советов, просто поговори со мной.', 'ru')).toBe(false);
    expect(asksForAdvice('Стоит ли жаловаться?', 'ru')).toBe(true);
  });
});
