import { describe, expect, it } from 'vitest';
import { CrisisSchema } from '../../shared/domain.js';
import { assessCrisis, crisisResponse, crisisThresholds, detectCrisis } from './index.js';
import { MISREAD_LINE } from './crisis-response.js';

// Every sentence here was written for these tests; none is taken from the corpus or the evaluation sets.

describe('direct statements are caught in any word order', () => {
  const cases: Array<[string, 'ru' | 'en', string]> = [
    // "I don't want to live any more", in the orders Russian allows.
    ['я не хочу больше жить', 'ru', 'suicide'],
    ['не хочу я больше жить', 'ru', 'suicide'],
    ['жить я больше не хочу', 'ru', 'suicide'],
    ['больше не хочу жить', 'ru', 'suicide'],
    ['жить больше не хочу', 'ru', 'suicide'],
    ['не хочу больше жить я', 'ru', 'suicide'],
    ['жить не хочется совсем', 'ru', 'suicide'],
    // "I want to die".
    ['я хочу умереть', 'ru', 'suicide'],
    ['умереть я хочу', 'ru', 'suicide'],
    ['хочу умереть', 'ru', 'suicide'],
    ['умереть хочется', 'ru', 'suicide'],
    // "I'll kill myself", "I want to take my own life".
    ['я покончу с собой', 'ru', 'suicide'],
    ['с собой покончу', 'ru', 'suicide'],
    ['убью себя сегодня', 'ru', 'suicide'],
    ['себя убить хочется', 'ru', 'suicide'],
    ['я хочу уйти из жизни', 'ru', 'suicide'],
    // Self-harm, abuse, panic.
    ['я режу себя', 'ru', 'self_harm'],
    ['себя я режу', 'ru', 'self_harm'],
    ['муж меня бьёт', 'ru', 'abuse'],
    ['меня бьёт муж', 'ru', 'abuse'],
    ['бьёт меня муж', 'ru', 'abuse'],
    ['не могу дышать, сердце колотится', 'ru', 'panic'],
    ['сердце колотится, не могу дышать', 'ru', 'panic'],
    // English.
    ['i want to die', 'en', 'suicide'],
    ['i just want to die', 'en', 'suicide'],
    ['honestly, i want to die', 'en', 'suicide'],
    ["i don't want to live anymore", 'en', 'suicide'],
    ["anymore, i don't want to live", 'en', 'suicide'],
    ["i don't want to be alive", 'en', 'suicide'],
    ["i'm going to kill myself", 'en', 'suicide'],
    ['kill myself, that is what i want', 'en', 'suicide'],
    ['i want to end my life', 'en', 'suicide'],
    ['i hope i die in my sleep', 'en', 'suicide'],
    ['can you help me write a suicide note', 'en', 'suicide'],
    ['i wanna die', 'en', 'suicide'],
    ['i want to commit suicide', 'en', 'suicide'],
    ['жить мне больше не хочется', 'ru', 'suicide'],
    ['сдохнуть хочу', 'ru', 'suicide'],
    ['покончить с собой хочу', 'ru', 'suicide'],
    ['из жизни уйти хочу', 'ru', 'suicide'],
    ['i keep cutting myself', 'en', 'self_harm'],
    ['i cut myself', 'en', 'self_harm'],
    ['my husband hits me', 'en', 'abuse'],
    // The time since the last time is no "over" when it is back.
    ["it's been a month since i last cut myself but tonight i did it again", 'en', 'self_harm'],
    ['two years since i last tried to kill myself and now i want to again', 'en', 'suicide'],
    ["i can't breathe and my heart is pounding", 'en', 'panic'],
  ];
  for (const [text, lang, category] of cases) {
    it(`"${text}" → ${category}`, () => {
      const a = assessCrisis(text, lang);
      expect(a.category, `probability ${a.probability.toFixed(3)}, source ${a.source}`).toBe(category);
    });
  }
});

describe('hard negatives the fast check leaves alone', () => {
  const cases: Array<[string, 'ru' | 'en']> = [
    ['this commute is killing me', 'en'],
    ['I almost died laughing at that video', 'en'],
    ['he beat me at chess again', 'en'],
    ["I'm not going to hurt myself, I just need to talk", 'en'],
    ["I don't want to live in this town anymore", 'en'],
    ['what should we cook for dinner', 'en'],
    ['after my run my heart was racing', 'en'],
    ['i cut myself shaving', 'en'],
    ['i cut myself off from sugar', 'en'],
    ['i hurt myself at the gym', 'en'],
    ['the nurse asked if i wanted to hurt myself, i said no', 'en'],
    ['я чуть не умер со смеху', 'ru'],
    ['хоть убей, не помню пароль', 'ru'],
    ['убить время до поезда', 'ru'],
    ['не хочу жить в этом городе', 'ru'],
    ['какой сегодня прекрасный день', 'ru'],
    ['в фильме герой покончил с собой в конце', 'ru'],
    // Told as over, by the time since; a song's chorus.
    ["my counsellor says i'm doing so much better, it's been six months since i last hurt myself", 'en'],
    ['the chorus is basically i want to die on repeat and everyone screams it', 'en'],
  ];
  for (const [text, lang] of cases) {
    it(`leaves "${text}" alone`, () => {
      const a = assessCrisis(text, lang);
      expect(a.category, `probability ${a.probability.toFixed(3)}, source ${a.source}`).toBeNull();
    });
  }
});

describe('assessCrisis', () => {
  it('reports a rule hit as certain, with the words that fired it', () => {
    const a = assessCrisis('honestly I want to kill myself today', 'en');
    expect(a).toMatchObject({ category: 'suicide', probability: 1, unsure: false, source: 'rule', matched: 'kill myself' });
  });

  it('gives the model probability and marks the unsure band from the trained thresholds', () => {
    const t = crisisThresholds();
    expect(t.unsure).toBeLessThan(t.alone);
    const a = assessCrisis('какой сегодня прекрасный день', 'ru');
    expect(a.source).toBe('model');
    expect(a.probability).toBeGreaterThanOrEqual(0);
    expect(a.probability).toBeLessThan(t.unsure);
    expect(a.unsure).toBe(false);
  });

  it('answers in well under 20 ms a turn once loaded', () => {
    assessCrisis('warm up', 'en');
    const started = performance.now();
    for (let i = 0; i < 200; i++) assessCrisis(`i have been feeling low lately and i do not know what to do, day ${i}`, i % 2 ? 'en' : 'ru');
    expect((performance.now() - started) / 200).toBeLessThan(20);
  });
});

describe('detectCrisis (the fast check alone, for callers without a chat model)', () => {
  it('returns the category and what fired', () => {
    expect(detectCrisis('Honestly I want to kill myself today', 'en')).toEqual({ category: 'suicide', matched: 'kill myself' });
    expect(detectCrisis('what a lovely morning', 'en')).toBeNull();
  });
  it('checks both languages when the language is unknown', () => {
    expect(detectCrisis('не хочу больше жить')?.category).toBe('suicide');
    expect(detectCrisis('I want to die')?.category).toBe('suicide');
    expect(detectCrisis('Hello, how are you?')).toBeNull();
  });
});

describe('crisisResponse', () => {
  it('gives a valid Crisis with a message and help lines in each language', () => {
    for (const lang of ['ru', 'en'] as const) {
      for (const category of ['suicide', 'self_harm', 'abuse', 'panic'] as const) {
        const crisis = CrisisSchema.parse(crisisResponse(category, lang));
        expect(crisis.message.length).toBeGreaterThan(40);
        expect(crisis.helplines.length).toBeGreaterThan(0);
        expect(crisis.language).toBe(lang);
      }
    }
  });

  it('ends every reply with the gentle line for a false alarm', () => {
    for (const lang of ['ru', 'en'] as const) {
      for (const category of ['suicide', 'self_harm', 'abuse', 'panic'] as const) {
        expect(crisisResponse(category, lang).message.endsWith(MISREAD_LINE[lang])).toBe(true);
      }
    }
    expect(MISREAD_LINE.en).toMatch(/misread/);
    expect(MISREAD_LINE.ru).toMatch(/[а-я]/);
  });

  it('offers the Russian national line in Russian and the international directory in English', () => {
    const ru = crisisResponse('suicide', 'ru');
    expect(ru.helplines.map((h) => h.phone)).toContain('8-800-2000-122');
    expect(ru.message).toMatch(/[а-я]/);
    const en = crisisResponse('suicide', 'en');
    expect(en.helplines.some((h) => h.url === 'https://findahelpline.com')).toBe(true);
  });

  it('adds the abuse line only for abuse', () => {
    expect(crisisResponse('abuse', 'ru').helplines.map((h) => h.phone)).toContain('8-800-7000-600');
    expect(crisisResponse('panic', 'ru').helplines.map((h) => h.phone)).not.toContain('8-800-7000-600');
  });

  it('never uses clinical labels in the message', () => {
    for (const lang of ['ru', 'en'] as const) {
      for (const category of ['suicide', 'self_harm', 'abuse', 'panic'] as const) {
        expect(crisisResponse(category, lang).message).not.toMatch(/disorder|diagnos|depression|расстройств|диагноз|депресс/i);
      }
    }
  });
});
