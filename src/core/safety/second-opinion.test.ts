import { describe, expect, it } from 'vitest';
import { crisisSecondOpinion, SECOND_OPINION_SCHEMA, secondOpinionPrompt, type AskJson } from './second-opinion.js';

describe('crisisSecondOpinion', () => {
  it('asks with a closed grammar and the message last, so the instructions can stay evaluated between calls', async () => {
    const calls: Array<{ prompt: string; schema: object; maxTokens: number; signal: AbortSignal }> = [];
    const ask: AskJson = async (prompt, schema, o) => {
      calls.push({ prompt, schema, ...o });
      return 'A';
    };
    const signal = new AbortController().signal;
    await crisisSecondOpinion('мне "незачем" жить', 'ru', ask, signal);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.schema).toEqual(SECOND_OPINION_SCHEMA);
    expect(calls[0]!.signal).toBe(signal);
    expect(calls[0]!.maxTokens).toBeLessThanOrEqual(8);
    // Quotes inside the message cannot close the quoted message early.
    expect(calls[0]!.prompt.endsWith(`"мне 'незачем' жить"\nAnswer:`)).toBe(true);
    expect(secondOpinionPrompt('a', 'en').slice(0, 200)).toBe(secondOpinionPrompt('b', 'ru').slice(0, 200));
  });

  it('maps each allowed answer to a crisis kind or to none', async () => {
    const answerWith = (letter: string) => crisisSecondOpinion('x', 'en', async () => letter, new AbortController().signal);
    expect(await answerWith('A')).toBe('suicide');
    expect(await answerWith('B')).toBe('self_harm');
    expect(await answerWith('C')).toBe('abuse');
    expect(await answerWith('D')).toBe('panic');
    for (const harmless of ['E', 'F', 'G', 'H', 'I', 'J', 'K']) expect(await answerWith(harmless)).toBeNull();
    expect((SECOND_OPINION_SCHEMA.enum as readonly string[]).length).toBe(11);
  });

  it('rejects an answer outside the grammar, and passes on a failure, so the caller keeps the fast answer', async () => {
    await expect(crisisSecondOpinion('x', 'en', async () => 'maybe', new AbortController().signal)).rejects.toThrow(/unexpected answer/);
    await expect(
      crisisSecondOpinion(
        'x',
        'en',
        async () => {
          throw new Error('aborted');
        },
        new AbortController().signal,
      ),
    ).rejects.toThrow('aborted');
  });
});
