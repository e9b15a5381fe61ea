import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { EMOTION_LABELS } from '../../shared/domain.js';
import { classifyTextEmotion, guessLanguage, refineWithLlm } from './text-emotion.js';

describe('classifyTextEmotion', () => {
  const cases: Array<[string, 'ru' | 'en', string]> = [
    ['I am so happy today, thank you!', 'en', 'joy'],
    ['I feel really sad and lonely', 'en', 'sadness'],
    ['This is so annoying, I hate it', 'en', 'anger'],
    ["I'm scared and anxious about tomorrow", 'en', 'fear'],
    ['Ew, that is disgusting', 'en', 'disgust'],
    ['Wow, I did not expect that at all!', 'en', 'surprise'],
    ['The meeting is at three in the office.', 'en', 'neutral'],
    ['Я так рада, спасибо тебе!', 'ru', 'joy'],
    ['Мне очень грустно и одиноко', 'ru', 'sadness'],
    ['Меня всё бесит, как же достали', 'ru', 'anger'],
    ['Я боюсь, мне страшно идти туда', 'ru', 'fear'],
    ['Фу, какая мерзость, противно', 'ru', 'disgust'],
    ['Ого, ничего себе, вот это неожиданно!', 'ru', 'surprise'],
    ['Встреча будет в три часа в офисе.', 'ru', 'neutral'],
  ];
  for (const [text, lang, label] of cases) {
    it(`${lang}: "${text}" → ${label}`, () => {
      expect(classifyTextEmotion(text, lang).label).toBe(label);
    });
  }

  it('turns a negated joy word away from joy', () => {
    expect(classifyTextEmotion('I am happy', 'en').label).toBe('joy');
    expect(classifyTextEmotion('I am not happy at all', 'en').label).not.toBe('joy');
    expect(classifyTextEmotion('я не рада', 'ru').label).not.toBe('joy');
  });

  it('reads emoticons and emoji', () => {
    expect(classifyTextEmotion('ну вот опять(((', 'ru').label).toBe('sadness');
    expect(classifyTextEmotion('see you tomorrow 😂😂', 'en').label).toBe('joy');
  });

  it('gives a distribution, valence and arousal that agree with the label', () => {
    const sad = classifyTextEmotion('I feel so sad and tired', 'en');
    const joy = classifyTextEmotion('This is amazing, I am so excited!!!', 'en');
    const total = EMOTION_LABELS.reduce((s, l) => s + sad.scores[l], 0);
    expect(total).toBeCloseTo(1, 5);
    expect(sad.confidence).toBe(sad.scores[sad.label]);
    expect(sad.valence).toBeLessThan(0);
    expect(joy.valence).toBeGreaterThan(0);
    expect(joy.arousal).toBeGreaterThan(sad.arousal);
  });

  it('guesses the language from the script when not told', () => {
    expect(guessLanguage('Привет, как дела?')).toBe('ru');
    expect(guessLanguage('Hello there')).toBe('en');
    expect(classifyTextEmotion('Мне очень грустно').label).toBe('sadness');
  });

  it('handles empty text', () => {
    expect(classifyTextEmotion('', 'en').label).toBe('neutral');
    expect(classifyTextEmotion('', 'ru').label).toBe('neutral');
  });

  it('runs well under 20 ms per call (measured on long RU and EN texts)', () => {
    const ru = 'Сегодня был очень тяжёлый день, я устала и мне грустно, но завтра, надеюсь, будет лучше. '.repeat(5);
    const en = 'Today was a really hard day, I am tired and sad, but I hope tomorrow will be better. '.repeat(5);
    for (let i = 0; i < 20; i++) {
      classifyTextEmotion(ru, 'ru');
      classifyTextEmotion(en, 'en');
    }
    const n = 200;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      classifyTextEmotion(ru, 'ru');
      classifyTextEmotion(en, 'en');
    }
    const perCall = (performance.now() - t0) / (2 * n);
    console.log(`classifyTextEmotion: ${perCall.toFixed(3)} ms per call (≈450-char texts)`);
    expect(perCall).toBeLessThan(20);
  });
});

describe('refineWithLlm', () => {
  const fast = classifyTextEmotion('The meeting is at three.', 'en');
  it('adopts a confident model answer', async () => {
    const refined = await refineWithLlm('text', 'en', fast, async () => ({ label: 'fear', confidence: 0.95 }));
    expect(refined.label).toBe('fear');
  });
  it('falls back to the fast result on nonsense or failure', async () => {
    expect((await refineWithLlm('t', 'en', fast, async () => ({ label: 'bored' }))).label).toBe(fast.label);
    expect(
      (
        await refineWithLlm('t', 'en', fast, async () => {
          throw new Error('no model');
        })
      ).label,
    ).toBe(fast.label);
  });
});
