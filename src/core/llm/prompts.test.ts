import { describe, expect, it } from 'vitest';
import type { Mood } from '../../shared/domain.js';
import { buildNoteHead, buildSystemPrompt, buildTurnNote, foldLine, replyStyle } from './prompts.js';

const sad: Mood = {
  label: 'sadness',
  confidence: 0.8,
  valence: -0.6,
  arousal: -0.5,
  sources: ['text', 'voice'],
  voice: { arousal: -0.6, summary: 'quiet and slow', pitchHz: 150, pitchRangeSemitones: 2, energyDb: -35, speechRate: 2, pauseRatio: 0.4 },
};
const joy: Mood = { label: 'joy', confidence: 0.9, valence: 0.8, arousal: 0.5, sources: ['text'] };

describe('buildSystemPrompt', () => {
  it('gives three really different tones in each language', () => {
    for (const language of ['ru', 'en'] as const) {
      const prompts = (['friendly', 'supportive', 'neutral'] as const).map((tone) => buildSystemPrompt({ language, tone }));
      expect(new Set(prompts).size).toBe(3);
    }
    expect(buildSystemPrompt({ language: 'en', tone: 'neutral' })).toMatch(/one or two short sentences/);
    expect(buildSystemPrompt({ language: 'en', tone: 'supportive' })).toMatch(/No advice/);
    expect(buildSystemPrompt({ language: 'ru', tone: 'friendly' })).toMatch(/дружеский/);
  });

  it('states the persona: a companion, not a therapist, spoken output', () => {
    const en = buildSystemPrompt({ language: 'en', tone: 'friendly' });
    expect(en).toMatch(/not a therapist/);
    expect(en).toMatch(/Never diagnose/);
    expect(en).toMatch(/no markdown/);
    const ru = buildSystemPrompt({ language: 'ru', tone: 'friendly' });
    expect(ru).toMatch(/не психотерапевт/);
    expect(ru).toMatch(/диагноз/);
  });

  it('holds nothing that changes from turn to turn: no mood, no per-turn language', () => {
    const a = buildSystemPrompt({ language: 'en', tone: 'friendly', memory: { facts: ['Name: Anna'], summaries: [] } });
    expect(a).not.toMatch(/mood this turn/);
    expect(a).not.toMatch(/Reply in English/);
  });

  it('includes memory briefly and only when given', () => {
    const p = buildSystemPrompt({
      language: 'en',
      tone: 'friendly',
      memory: { facts: ['Name: Anna', 'Has an exam on Friday'], summaries: ['Talked about moving house.'] },
    });
    expect(p).toMatch(/Name: Anna/);
    expect(p).toMatch(/exam on Friday/);
    expect(p).toMatch(/moving house/);
    const long = buildSystemPrompt({
      language: 'en',
      tone: 'friendly',
      memory: { facts: Array.from({ length: 50 }, (_, i) => `Fact number ${i} ${'x'.repeat(40)}`), summaries: [] },
    });
    expect(long.length).toBeLessThan(2000);
  });

  it('stays short enough for a small context', () => {
    const p = buildSystemPrompt({ language: 'ru', tone: 'supportive', memory: { facts: ['Имя: Аня'], summaries: ['Говорили о переезде.'] } });
    expect(p.length).toBeLessThan(1800);
  });
});

describe('replyStyle', () => {
  it('is slower and shorter for supportive tone and sad mood, quicker for joy', () => {
    const neutral = replyStyle('neutral');
    const supportive = replyStyle('supportive');
    expect(supportive.speed).toBeLessThan(neutral.speed);
    expect(replyStyle('friendly', sad).speed).toBeLessThan(replyStyle('friendly').speed);
    expect(replyStyle('friendly', sad).maxTokens).toBeLessThan(replyStyle('friendly').maxTokens);
    expect(replyStyle('friendly', joy).speed).toBeGreaterThan(replyStyle('friendly').speed);
    expect(neutral.maxTokens).toBeLessThan(replyStyle('friendly').maxTokens);
  });
});

describe('buildTurnNote', () => {
  it('states the fused mood, what to do about it, and the reply language', () => {
    const en = buildTurnNote({ language: 'en', mood: sad });
    expect(en).toMatch(/^They seem sad\./);
    expect(en).not.toMatch(/confidence|\d/);
    expect(en).toMatch(/softer, slower and shorter/);
    expect(en).toMatch(/quiet and slow/);
    expect(en).toMatch(/Reply in English\.$/);
    expect(buildTurnNote({ language: 'en', mood: joy })).toMatch(/warmth back/);
    expect(buildTurnNote({ language: 'ru', mood: sad })).toMatch(/^Похоже, человеку грустно\./);
    expect(buildTurnNote({ language: 'ru' })).toBe('Отвечай по-русски.');
    // A calm turn says nothing of its mood: the model took such words for its reply.
    expect(buildTurnNote({ language: 'ru', mood: { ...sad, label: 'neutral' } })).toBe('Отвечай по-русски.');
  });

  it('describes the voice in Russian for a Russian turn', () => {
    const p = buildTurnNote({ language: 'ru', mood: sad });
    expect(p).toMatch(/Голос: тихий и неторопливый/);
    expect(p).not.toMatch(/quiet and slow/);
  });

  it("says what left the view in the turn's language", () => {
    expect(foldLine('Anna moved to Berlin.', 'en')).toMatch(/^Earlier in this conversation/);
    expect(foldLine('Аня переехала.', 'ru')).toMatch(/^Раньше в этом разговоре/);
    expect(foldLine('', 'en')).toBe('');
  });

  it('starts with the head the turns before it decide, whatever the mood, tone or request', () => {
    const told = { told: ['Name: Anna', 'Sister: Kate'], asked: ['How was the walk?'] };
    const head = buildNoteHead({ language: 'en', recall: told });
    expect(head).toMatch(/Anna/);
    expect(head).not.toMatch(/advice|mood|Reply in/);
    for (const o of [
      { mood: sad, tone: 'supportive' as const, wantsAdvice: false },
      { mood: joy, tone: 'friendly' as const, wantsAdvice: true },
      { tone: 'neutral' as const, wantsAdvice: false },
    ]) {
      const note = buildTurnNote({ language: 'en', ...o, recall: { ...told, wantsAdvice: o.wantsAdvice } });
      expect(note.startsWith(`${head} `)).toBe(true);
    }
    expect(buildNoteHead({ language: 'ru', recall: { told: [], asked: [] } })).toBe('');
    expect(buildNoteHead({ language: 'ru' })).toBe('');
  });

  it('keeps in view what the conversation told and asked, and names the person', () => {
    const recall = { told: ['Name: Anna', 'Moved to Lisbon'], asked: ['What do you miss most about home?'], wantsAdvice: false };
    const en = buildTurnNote({ language: 'en', mood: sad, tone: 'supportive', recall });
    expect(en).toMatch(/Their name is Anna; say it/);
    expect(en).toMatch(/what they told you: Moved to Lisbon\./);
    expect(en).not.toMatch(/Name: Anna/);
    expect(en).toMatch(/already asked: "What do you miss most about home\?" Do not ask these again/);
    expect(en).toMatch(/did not ask for advice/);
    expect(en).toMatch(/Reply in English\.$/);
    // Only a supportive turn is told to hold advice back; a request for advice is answered in any tone.
    expect(buildTurnNote({ language: 'en', tone: 'friendly', recall })).not.toMatch(/advice/);
    expect(buildTurnNote({ language: 'ru', tone: 'supportive', recall: { told: [], asked: [], wantsAdvice: true } })).toMatch(/просит совета/);
    const ru = buildTurnNote({ language: 'ru', recall: { told: ['Имя: Марина'], asked: ['Как тебе Казань?'], wantsAdvice: false } });
    expect(ru).toMatch(/Собеседника зовут Марина/);
    expect(ru).toMatch(/«Как тебе Казань\?»/);
    expect(ru).toMatch(/Отвечай по-русски\.$/);
  });

  it('quotes the earlier words a question asks back about, last before the reply language', () => {
    const asked = { told: [], asked: [], wantsAdvice: false, toldBefore: 'this guy at work derek took my project' };
    const en = buildTurnNote({ language: 'en', tone: 'supportive', recall: asked });
    expect(en).toMatch(/you remember it: they said "this guy at work derek took my project"\. Answer from these words\. Reply in English\.$/);
    const ru = buildTurnNote({ language: 'ru', recall: { ...asked, toldBefore: 'со мной только кот барсик' } });
    expect(ru).toMatch(/ты это помнишь: он говорил «со мной только кот барсик»\. Ответь по этим словам\. Отвечай по-русски\.$/);
    expect(buildTurnNote({ language: 'en', recall: { told: [], asked: [], wantsAdvice: false } })).not.toMatch(/you remember it/);
  });
});
