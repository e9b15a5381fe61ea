import { describe, expect, it } from 'vitest';
import { MoodSchema, type VoiceMood } from '../../shared/domain.js';
import { classifyTextEmotion } from './text-emotion.js';
import { fuseMood, moodInCrisis } from './fusion.js';

function voice(arousal: number, confidence: number, summary = 'test voice'): VoiceMood & { confidence: number } {
  return { arousal, confidence, summary, pitchHz: 180, pitchRangeSemitones: 4, energyDb: -20, speechRate: 3, pauseRatio: 0.2 };
}

describe('fuseMood', () => {
  const neutral = classifyTextEmotion('The meeting is at three in the office.', 'en');
  const sad = classifyTextEmotion('I feel so sad and lonely', 'en');

  it('uses text alone when there is no voice, and the result is a valid Mood', () => {
    const mood = fuseMood(sad);
    expect(MoodSchema.parse(mood)).toBeTruthy();
    expect(mood.label).toBe('sadness');
    expect(mood.sources).toEqual(['text']);
  });

  it('keeps the text label and lets a confident voice move arousal', () => {
    const calm = fuseMood(sad, voice(-0.9, 1));
    const excited = fuseMood(sad, voice(0.9, 1));
    expect(calm.label).toBe('sadness');
    expect(excited.label).toBe('sadness');
    expect(excited.arousal).toBeGreaterThan(calm.arousal);
    expect(MoodSchema.parse(excited).sources).toEqual(['text', 'voice']);
  });

  it('ignores an unconfident voice', () => {
    const mood = fuseMood(neutral, voice(0.9, 0));
    expect(mood.label).toBe('neutral');
    expect(mood.arousal).toBeCloseTo(neutral.arousal, 5);
  });

  it('turns neutral words in a confident tense voice into tense (fear)', () => {
    expect(fuseMood(neutral, voice(0.8, 0.9)).label).toBe('fear');
    expect(fuseMood(neutral, voice(0.8, 0.3)).label).toBe('neutral');
  });

  it('lets a quiet slow voice lean toward sadness only with low confidence', () => {
    const mood = fuseMood(neutral, voice(-0.8, 0.9));
    expect(mood.label).toBe('sadness');
    expect(mood.confidence).toBeLessThanOrEqual(0.4);
  });

  it('writes a gentle summary in both languages, never a diagnosis', () => {
    const en = fuseMood(sad, voice(-0.8, 0.9), 'en').summary ?? '';
    const ru = fuseMood(sad, voice(-0.8, 0.9), 'ru').summary ?? '';
    expect(en).toMatch(/down/);
    expect(en).toMatch(/quiet/);
    expect(ru).toMatch(/грустно/);
    expect(ru).toMatch(/тихий/);
    for (const s of [en, ru]) expect(s).not.toMatch(/depress|disorder|депресс|расстройств/i);
  });
});

describe('moodInCrisis', () => {
  const calm = fuseMood(classifyTextEmotion('I want to end my life.', 'en'), undefined, 'en');

  it('never shows words of crisis as calm: despair reads as low, danger and panic as worried', () => {
    expect(calm.label).toBe('neutral'); // what the lexicon alone makes of it: the reason this exists
    const suicide = moodInCrisis(calm, { category: 'suicide', language: 'en' });
    expect(suicide).toMatchObject({ label: 'sadness', sources: calm.sources });
    expect(suicide.confidence).toBeGreaterThanOrEqual(0.7);
    expect(suicide.valence).toBeLessThanOrEqual(-0.6);
    expect(suicide.summary).not.toBe(calm.summary);
    expect(moodInCrisis(calm, { category: 'panic', language: 'en' }).label).toBe('fear');
    expect(moodInCrisis(calm, { category: 'abuse', language: 'ru' }).summary).toMatch(/[а-я]/i);
  });

  it('leaves a mood that already matches alone', () => {
    const sad = fuseMood(classifyTextEmotion('I am so sad and lonely.', 'en'), undefined, 'en');
    expect(sad.label).toBe('sadness');
    expect(moodInCrisis(sad, { category: 'self_harm', language: 'en' })).toBe(sad);
  });
});
