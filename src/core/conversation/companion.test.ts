import { describe, expect, it } from 'vitest';
import { classifyTextEmotion } from '../emotion/text-emotion.js';
import { createCompanion, REFINE_BUDGET_MS, type AskJson } from './companion.js';

const companion = createCompanion();

/** mood() then refineMood(), as the turn calls them (the reply is written in between). */
async function moodThenRefine(text: string, ask: AskJson | undefined, signal?: AbortSignal) {
  const forTurn = companion.forTurn(companion.restoreBaseline(null), ask);
  const fast = forTurn.mood(text, 'en', undefined);
  const refined = forTurn.refineMood ? await forTurn.refineMood(text, 'en', fast, signal) : null;
  return { fast, refined };
}

// One sentence with clear emotion words, one with none (an indirect phrasing a lexicon cannot read).
const clear = 'I am so happy and grateful today, this is wonderful!';
const indirect = "I don't really see the point of getting up tomorrow.";

describe('companion: the chat model as a second opinion on the mood', () => {
  it('the sentences are what the tests assume: one confident label, one neutral', () => {
    expect(classifyTextEmotion(clear, 'en')).toMatchObject({ label: 'joy' });
    expect(classifyTextEmotion(indirect, 'en')).toMatchObject({ label: 'neutral' });
  });

  it('is not offered when no chat model can answer JSON', () => {
    expect(companion.forTurn(companion.restoreBaseline(null)).refineMood).toBeUndefined();
  });

  it('does not ask when the fast classifier is sure of an emotion', async () => {
    let asked = 0;
    const { fast, refined } = await moodThenRefine(clear, async () => (asked++, { label: 'anger', confidence: 1 }));
    expect(asked).toBe(0);
    expect(fast.label).toBe('joy');
    expect(refined).toBeNull();
  });

  it('asks about a neutral reading with a JSON schema and a token cap, and marks the new mood', async () => {
    let seen: { schema: object; maxTokens: number } | undefined;
    const { fast, refined } = await moodThenRefine(indirect, async (_prompt, schema, o) => {
      seen = { schema, maxTokens: o.maxTokens };
      return { label: 'sadness', confidence: 0.9 };
    });
    expect(seen?.schema).toMatchObject({ type: 'object', required: ['label', 'confidence'] });
    expect(seen?.maxTokens).toBeLessThanOrEqual(64);
    expect(fast.sources).toEqual(['text']);
    expect(refined).toMatchObject({ label: 'sadness', sources: ['text', 'llm'] });
    expect(refined!.valence).toBeLessThan(fast.valence);
  });

  it('changes nothing when the model agrees, answers nonsense or fails', async () => {
    const agrees = await moodThenRefine(indirect, async () => ({ label: 'neutral', confidence: 0.8 }));
    const nonsense = await moodThenRefine(indirect, async () => ({ label: 'bored', confidence: 2 }));
    const failing = await moodThenRefine(indirect, async () => {
      throw new Error('context is busy');
    });
    for (const r of [agrees, nonsense, failing]) expect(r.refined).toBeNull();
  });

  it('gives up on a slow model after its time budget', async () => {
    const started = performance.now();
    const { refined } = await moodThenRefine(
      indirect,
      (_p, _s, o) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve({ label: 'anger', confidence: 1 }), REFINE_BUDGET_MS * 5);
          o.signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))));
        }),
    );
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(REFINE_BUDGET_MS - 50);
    expect(waited).toBeLessThan(REFINE_BUDGET_MS + 2000);
    expect(refined).toBeNull();
  });

  it('stops asking at once when the turn is aborted', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 50);
    const { refined } = await moodThenRefine(
      indirect,
      (_p, _s, o) => new Promise((_, reject) => o.signal.addEventListener('abort', () => reject(new Error('aborted')))),
      controller.signal,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refined).toBeNull();
  });
});

describe('companion: the turn note of a question that asks back', () => {
  const forTurn = companion.forTurn(companion.restoreBaseline(null));
  const history = [
    { role: 'user' as const, text: 'hi my name is gordon' },
    { role: 'assistant' as const, text: 'Hello Gordon.' },
    { role: 'user' as const, text: 'just testing this thing out' },
    { role: 'assistant' as const, text: 'Sure.' },
  ];

  it('quotes what was told and hands the editor what an answer must say', () => {
    const { note, recallAnswer } = forTurn.turnNote({ language: 'en', tone: 'neutral', history, user: 'and what did i say my name was' });
    expect(note).toMatch(/they said "hi my name is gordon"/);
    expect(recallAnswer?.told).toBe('hi my name is gordon');
    expect(recallAnswer?.isAnswer('Your name is Gordon.')).toBe(true);
    expect(recallAnswer?.isAnswer('I do not know your name.')).toBe(false);
  });

  it('gives neither for a turn that asks nothing back', () => {
    const { note, recallAnswer } = forTurn.turnNote({ language: 'en', tone: 'neutral', history, user: 'what can you do' });
    expect(note).not.toMatch(/they said/);
    expect(recallAnswer).toBeUndefined();
  });
});
