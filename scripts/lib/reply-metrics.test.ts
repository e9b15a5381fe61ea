import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  adviceIn,
  asksForAdvice,
  formattingIn,
  hitsExpected,
  judgeTurns,
  loadLexicon,
  metricLines,
  questionsOf,
  repeatedQuestions,
  replyLanguage,
  summarize,
  type ScoredTurn,
} from './reply-metrics.js';
import { parseScenarios, selectScenarios } from './reply-scenarios.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const lexicon = loadLexicon(path.join(root, 'data', 'replies', 'lexicon.json'));

describe('reply language', () => {
  it('reads the letters', () => {
    expect(replyLanguage('Привет, Lumio слушает тебя.')).toBe('ru');
    expect(replyLanguage('Hi Марина, how are you?')).toBe('en');
    expect(replyLanguage('…')).toBeNull();
  });
});

describe('expect', () => {
  it('matches any alternative, case-insensitive, as a stem; ё and е alike', () => {
    expect(hitsExpected('You must feel lonely in Lisbon.', 'lonel|alone')).toBe(true);
    expect(hitsExpected('That sounds hard.', 'lonel|alone')).toBe(false);
    expect(hitsExpected('Ты теперь тетя!', 'тёт')).toBe(true);
    expect(hitsExpected('Как дела, АННА?', 'Анна')).toBe(true);
  });
});

describe('repeated questions', () => {
  it('finds a question asked again in other words, not a new one', () => {
    const lex = lexicon.en;
    const replies = [
      'That sounds hard. What do you miss most about home?',
      'I hear you. What do you miss the most about your home?',
      'How was your evening?',
      'Lisbon is lovely. Have you met any neighbours yet?',
    ];
    expect(repeatedQuestions(replies, lex)).toEqual([false, true, false, false]);
  });
  it('works in Russian', () => {
    const lex = lexicon.ru;
    const replies = ['Как тебе Казань?', 'Понимаю. А как тебе Казань сейчас?', 'Чем ты занималась вечером?'];
    expect(repeatedQuestions(replies, lex)).toEqual([false, true, false]);
    // Stopwords only: the same words count as the same question.
    expect(repeatedQuestions(['Какой ты чувствуешь?', 'Это явление. Какой ты чувствуешь?', 'Как ты?'], lex)).toEqual([false, true, false]);
  });
  it('takes only sentences ending with a question mark', () => {
    expect(questionsOf('I wonder how you are. Are you okay? Tell me.')).toEqual(['Are you okay?']);
  });
});

describe('formatting', () => {
  it('flags what a voice cannot say', () => {
    const lex = lexicon.en;
    expect(formattingIn('**Great** news!', lex)).toBe('markdown');
    expect(formattingIn('Here:\n- one\n- two', lex)).toBe('list');
    expect(formattingIn('So happy for you 🎉', lex)).toBe('emoji');
    expect(formattingIn('*smiles* That is lovely.', lex)).toBe('stage direction');
    expect(formattingIn('(smiling) That is lovely.', lex)).toBe('stage direction');
    expect(formattingIn('Отлично :)', lexicon.ru)).toBe('emoticon');
    expect(formattingIn('Ура)))', lexicon.ru)).toBe('emoticon');
    expect(formattingIn('A walk (even a short one) can be nice. Is it 2-3 km?', lex)).toBeNull();
  });
});

describe('advice', () => {
  it('finds advice phrases and statements opening with an imperative', () => {
    expect(adviceIn('You should join a club.', lexicon.en)).toBe('you should');
    expect(adviceIn('Maybe try a walk in the evening.', lexicon.en)).toBe('try');
    expect(adviceIn('Попробуй выйти на прогулку.', lexicon.ru)).toBe('попробуй');
    expect(adviceIn('Может быть, сходи в кино.', lexicon.ru)).toBe('сходи');
    expect(adviceIn('Тебе стоит позвонить маме.', lexicon.ru)).toBe('тебе стоит');
  });
  it('leaves listening alone: feelings, questions, invitations to tell more', () => {
    expect(adviceIn('That sounds really lonely. What are the evenings like for you?', lexicon.en)).toBeNull();
    expect(adviceIn('Tell me more about Kate.', lexicon.en)).toBeNull();
    expect(adviceIn('Do you want to talk about it?', lexicon.en)).toBeNull();
    expect(adviceIn('Звучит одиноко. Расскажи, как проходят твои вечера?', lexicon.ru)).toBeNull();
  });
  it('knows a request for advice, and a refusal of it', () => {
    expect(asksForAdvice('What should I do tonight?', lexicon.en)).toBe(true);
    expect(asksForAdvice("I don't want advice, I just want to talk.", lexicon.en)).toBe(false);
    expect(asksForAdvice('Посоветуй, что взять в горы?', lexicon.ru)).toBe(true);
    expect(asksForAdvice('Только не надо советов.', lexicon.ru)).toBe(false);
    expect(asksForAdvice('Сегодня был длинный день.', lexicon.ru)).toBe(false);
  });
});

describe('the measures over conversations', () => {
  const turns: ScoredTurn[] = [
    { scenario: 'a', lang: 'en', tone: 'supportive', user: 'I feel lonely.', reply: 'That sounds lonely. What are your evenings like?', expect: 'lonel' },
    { scenario: 'a', lang: 'en', tone: 'supportive', user: 'Quiet.', reply: 'You should join a club. What are your evenings like?' },
    { scenario: 'a', lang: 'en', tone: 'supportive', user: 'What should I do?', reply: 'Try a class.' },
    { scenario: 'b', lang: 'ru', tone: 'neutral', user: 'Привет.', reply: 'Hello there.', expect: 'привет' },
    { scenario: 'b', lang: 'ru', tone: 'neutral', user: 'Как дела?', reply: 'Хорошо 🙂', crisis: true },
  ];
  const verdicts = judgeTurns(turns, lexicon);
  it('judges each turn in its conversation', () => {
    expect(verdicts.map((v) => v.repeatedQuestion)).toEqual([false, true, false, false, false]);
    // Advice counts only where none was asked for.
    expect(verdicts.map((v) => v.advice)).toEqual([null, 'you should', undefined, undefined, undefined]);
  });
  it('summarizes, leaving crisis replies out', () => {
    const m = summarize(turns, verdicts);
    expect(m.turns).toBe(4);
    expect(m.languageMatch).toBeCloseTo(3 / 4);
    expect(m.expectHit).toBeCloseTo(1 / 2);
    expect(m.repeatedQuestion).toBeCloseTo(1 / 2);
    expect(m.adviceInSupportive).toBeCloseTo(1 / 2);
    expect(m.formatting).toBe(0);
    expect(m.meanWords.neutral).toBe(2);
    expect(metricLines(m, 'en')[0]).toBe('language-match en 0.75');
    expect(metricLines(m)[5]).toMatch(/^mean-words friendly — supportive \d+\.\d neutral 2\.0$/);
  });
});

describe('scenarios', () => {
  const tsv = 'scenario\tlang\ttone\ttext\texpect\ns1\ten\tfriendly\tHi, I am Anna.\tAnna\ns1\ten\tfriendly\tBye.\t\nho-2\tru\tneutral\tПривет.\t\n';
  it('groups rows into conversations in order', () => {
    const s = parseScenarios(tsv);
    expect(s.map((x) => [x.id, x.turns.length])).toEqual([
      ['s1', 2],
      ['ho-2', 1],
    ]);
    expect(s[0]!.turns[0]).toEqual({ text: 'Hi, I am Anna.', expect: 'Anna' });
    expect(s[0]!.turns[1]).toEqual({ text: 'Bye.' });
  });
  it('selects by id and count, and rejects unknown ids', () => {
    const s = parseScenarios(tsv);
    expect(selectScenarios(s, { only: ['ho-2'] }).map((x) => x.id)).toEqual(['ho-2']);
    // In the order asked for, so a run cut short can still hold both languages.
    expect(selectScenarios(s, { only: ['ho-2', 's1'] }).map((x) => x.id)).toEqual(['ho-2', 's1']);
    expect(selectScenarios(s, { limit: 1 }).map((x) => x.id)).toEqual(['s1']);
    expect(() => selectScenarios(s, { only: ['nope'] })).toThrow(/no scenario nope/);
  });
  it('rejects a scenario that changes its tone', () => {
    expect(() => parseScenarios('scenario\tlang\ttone\ttext\texpect\ns\ten\tfriendly\ta\t\ns\ten\tneutral\tb\t\n')).toThrow(/changes/);
  });
  it('the team set is what the issue asks for', () => {
    const all = parseScenarios(fs.readFileSync(path.join(root, 'data', 'replies', 'scenarios.tsv'), 'utf8'));
    expect(all.length).toBeGreaterThanOrEqual(40);
    for (const lang of ['en', 'ru'])
      for (const tone of ['friendly', 'supportive', 'neutral']) expect(all.some((s) => s.lang === lang && s.tone === tone)).toBe(true);
    expect(all.filter((s) => s.id.startsWith('ho-')).length).toBeGreaterThanOrEqual(8);
  });
});
