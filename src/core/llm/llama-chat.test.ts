import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../engines.js';
import { resolveEngineModels } from '../host/engine-models.js';
import { loadLlamaChat, windowLimits, type LlamaChatModel } from './llama-chat.js';
import { planWindow } from './chat-window.js';

/**
 * The chat model's cache across a conversation, on the fixture llama (TinyStories 260K, 512-token
 * context, so folds come after a few turns). What is measured is what llama.cpp really evaluated
 * (its token meter): after the first turn, each reply reads only its own new turn, and a fold
 * costs no re-reading. The words themselves are not judged (the model is tiny).
 */
const modelsDir = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures/models');
let llm: LlamaChatModel;
const SYSTEM = 'You are a kind friend. Answer in one short sentence.';

beforeAll(async () => {
  const resolved = await resolveEngineModels(modelsDir, { sttModel: null, llmModel: null });
  const ref = resolved.models.llm!;
  llm = await loadLlamaChat({ modelPath: path.join(ref.dir, ref.manifest.files.model), threads: 1, contextSize: 512, seed: 3 });
});
afterAll(async () => llm?.dispose());

async function conversation(turns: number, o: { fresh?: boolean; note?: string } = {}) {
  const history: ChatMessage[] = [];
  const out: Array<{ promptTokens: number; dropped: number }> = [];
  for (let i = 0; i < turns; i++) {
    // Turns of the same shape, so each costs the same to read: what differs is what else gets re-read.
    const user = `Tell me about day ${String.fromCharCode(65 + i)} of the trip.`;
    const note = o.note ?? 'Be kind.';
    const reply = await llm.reply({ system: SYSTEM, history, note, user, maxTokens: 24, ...(o.fresh ? { freshContext: true } : {}) });
    out.push({ promptTokens: reply.promptTokens, dropped: reply.droppedHistory });
    history.push({ role: 'user', text: user, note: reply.note }, { role: 'assistant', text: reply.text });
  }
  return { out, history };
}

describe('LlamaChat prompt cache (fixture model)', () => {
  it('reads only the new turn after the first, turn after turn, through folds', async () => {
    const { out } = await conversation(14);
    const fresh = await conversation(4, { fresh: true });
    // Turn 2's cost is one turn's words and markup (the fixture's tiny vocabulary spells the markup out).
    const oneTurn = out[1]!.promptTokens;
    // The conversation outgrew the 512-token window: turns were folded out of view…
    expect(out.at(-1)!.dropped).toBeGreaterThan(0);
    for (const [i, turn] of out.entries()) {
      if (i === 0) continue;
      // …yet every turn, folds included, read no more than one turn's worth (± the length of the previous reply's ending).
      expect(turn.promptTokens, `turn ${i + 1}`).toBeLessThanOrEqual(oneTurn * 1.25);
    }
    // Without the cache, turn 3 reads the system prompt and both earlier turns again, and it grows.
    expect(fresh.out[2]!.promptTokens).toBeGreaterThan(2 * oneTurn);
    expect(fresh.out[2]!.promptTokens).toBeGreaterThan(fresh.out[1]!.promptTokens);
  });

  it('prefill reads the conversation ahead of the reply; then the reply reads only its turn', async () => {
    const history: ChatMessage[] = [
      { role: 'user', text: 'We went to the sea.', note: 'Be kind.' },
      { role: 'assistant', text: 'That sounds lovely.' },
    ];
    const read = await llm.prefill!({ system: 'You are a calm friend who listens.', history });
    expect(read).toBeGreaterThan(10);
    // Nothing new to read a second time.
    expect(await llm.prefill!({ system: 'You are a calm friend who listens.', history })).toBeLessThanOrEqual(2);
    const reply = await llm.reply({ system: 'You are a calm friend who listens.', history, note: 'Be kind.', user: 'And then it rained.', maxTokens: 16 });
    // Only the new turn: far less than the system prompt and the history the prefill read.
    expect(reply.promptTokens).toBeLessThan(read);
    expect(reply.promptTokens).toBeGreaterThan(0);
  });

  it("prefill also reads the start of the next turn's note, so the reply reads only the rest and the words", async () => {
    const system = 'You are a calm friend who listens to the person.';
    const history: ChatMessage[] = [
      { role: 'user', text: 'We went to the old harbour today.', note: 'Be kind.' },
      { role: 'assistant', text: 'That sounds calm and nice.' },
    ];
    const noteHead = 'Their name is Anna; say it now and then. You already asked: "Where did you go?" Do not ask these again.';
    const note = `${noteHead} Be kind.`;
    const user = 'And then it rained.';
    const headRead = await llm.prefill!({ system: `${system} A`, history, noteHead });
    const withHead = await llm.reply({ system: `${system} A`, history, noteHead, note, user, maxTokens: 8 });
    // The same, with the prefill stopping before the note (a different system prompt, so nothing is shared).
    const plainRead = await llm.prefill!({ system: `${system} B`, history });
    const withoutHead = await llm.reply({ system: `${system} B`, history, note, user, maxTokens: 8 });
    expect(headRead).toBeGreaterThan(plainRead);
    // The head's tokens (a few dozen on this vocabulary) moved from the reply to the prefill.
    expect(withoutHead.promptTokens - withHead.promptTokens).toBeGreaterThanOrEqual((headRead - plainRead) * 0.8);
    expect(withHead.promptTokens).toBeGreaterThan(0);
  });

  it('a draft read ahead leaves the reply only the words typed after it, and a draft that went astray costs nothing', async () => {
    const system = 'You are a calm friend who listens to the person you talk with.';
    const history: ChatMessage[] = [
      { role: 'user', text: 'We went to the old harbour today.', note: 'Be kind.' },
      { role: 'assistant', text: 'That sounds calm and nice.' },
    ];
    const note = 'They sound a little sad: be gentle. Reply in English.';
    const user = 'I miss the boats my grandfather used to build in his shed by the water.';
    const typedSoFar = 'I miss the boats my grandfather used to build in his shed';
    const run = async (variant: string, draft?: { note: string; user: string }) => {
      await llm.prefill!({ system: `${system} ${variant}`, history });
      const read = draft ? await llm.prefill!({ system: `${system} ${variant}`, history, draft }) : 0;
      const reply = await llm.reply({ system: `${system} ${variant}`, history, note, user, maxTokens: 8 });
      return { read, promptTokens: reply.promptTokens };
    };
    const plain = await run('A');
    const ahead = await run('B', { note, user: typedSoFar });
    // The draft's note and words were read before the send, and every token of it was of use: what
    // is left is the last words and the markup that closes the message (many tokens on this vocabulary).
    expect(ahead.read).toBeGreaterThanOrEqual(llm.countTokens(note) + llm.countTokens(typedSoFar) - 2);
    expect(ahead.promptTokens).toBeLessThanOrEqual(plain.promptTokens - ahead.read + 2);
    // A draft whose note came out otherwise (the mood changed as the message grew): the reply reads its
    // note and words as if there had been no draft, no more.
    const astray = await run('C', { note: 'They sound happy: share it. Reply in English.', user: typedSoFar });
    expect(astray.promptTokens).toBeLessThanOrEqual(plain.promptTokens + 2);
    expect(astray.promptTokens).toBeGreaterThan(ahead.promptTokens);
  });

  it("a prefill before a folding turn reads the fold's summary too, so that turn reads only its own words", async () => {
    const summary = 'Earlier they told you about the long walk, the rain on the hills and the dog that followed them home.';
    const foldNote = () => summary;
    const run = async (prefillKnowsFold: boolean) => {
      const history: ChatMessage[] = [];
      const turns: Array<{ promptTokens: number; folded: boolean }> = [];
      let dropped = 0;
      for (let i = 0; i < 14; i++) {
        // As the worker does after each reply: the conversation so far goes into the cache first.
        await llm.prefill!({ system: SYSTEM, history, ...(prefillKnowsFold ? { foldNote } : {}) });
        const user = `Tell me about day ${String.fromCharCode(65 + i)} of the trip.`;
        const reply = await llm.reply({ system: SYSTEM, history, note: 'Be kind.', user, maxTokens: 24, foldNote });
        turns.push({ promptTokens: reply.promptTokens, folded: reply.droppedHistory > dropped });
        dropped = reply.droppedHistory;
        history.push({ role: 'user', text: user, note: reply.note }, { role: 'assistant', text: reply.text });
      }
      return turns;
    };
    const ahead = await run(true);
    const late = await run(false);
    const oneTurn = ahead[1]!.promptTokens;
    const foldsAhead = ahead.filter((t) => t.folded);
    const foldsLate = late.filter((t) => t.folded);
    expect(foldsAhead.length).toBeGreaterThan(0);
    expect(foldsLate.length).toBe(foldsAhead.length);
    // The summary's tokens were read before the turn: a folding turn costs what any turn costs…
    for (const t of foldsAhead) expect(t.promptTokens).toBeLessThanOrEqual(oneTurn * 1.25);
    // …where without it the folding turn reads the summary after the words came (dozens of tokens more).
    const summaryTokens = llm.countTokens(summary);
    for (const [i, t] of foldsLate.entries()) expect(t.promptTokens).toBeGreaterThanOrEqual(foldsAhead[i]!.promptTokens + summaryTokens * 0.8);
  });

  it('a stop during prefill leaves the cache usable, and a reply waits for a running one instead of failing', async () => {
    const stop = new AbortController();
    const history: ChatMessage[] = Array.from({ length: 6 }, (_, i) => [
      { role: 'user' as const, text: `Line ${i} of a long story about a dog.` },
      { role: 'assistant' as const, text: 'Go on.' },
    ]).flat();
    const prefill = llm.prefill!({ system: SYSTEM, history }, stop.signal);
    stop.abort();
    await prefill;
    const replies = await Promise.all([
      llm.reply({ system: SYSTEM, history, user: 'What happened next?', maxTokens: 8 }),
      llm.reply({ system: SYSTEM, history, user: 'And after that?', maxTokens: 8 }),
    ]);
    for (const r of replies) expect(r.aborted).toBe(false);
  });
});

describe('windowLimits', () => {
  it('keeps a long conversation to the steady window on a large context, and to the context on a small one', () => {
    // 8,192 tokens of context: the window still folds at 1,792, so a reply never attends to thousands of old tokens.
    expect(windowLimits(8192)).toEqual({ high: 1792, low: 985, reserve: 280, hard: 8160 });
    expect(windowLimits(512)).toEqual({ high: 480, low: 264, reserve: 120, hard: 480 });
  });
});

describe('planWindow', () => {
  const limits = { high: 100, low: 60, reserve: 20, hard: 200 };
  it('shows everything while it fits', () => {
    expect(planWindow(10, [10, 10, 10], 20, limits)).toEqual({ start: 1, fold: null, previousStart: 1 });
  });

  it('folds the oldest turns after the first when a new turn would overflow, down to the low mark', () => {
    // 10 + 20 (first) + 20 + 20 + 20 + reserve 20 = 110 > 100: drop turns 1, 2, 3 (90, 70, 50 ≤ 60).
    expect(planWindow(10, [20, 20, 20, 20], 20, limits)).toEqual({ start: 4, fold: { from: 1, to: 4 }, previousStart: 1 });
  });

  it('replays earlier folds the same way, so the window is the same after a restart', () => {
    // The fold happened when turn 4 was new (as above). Turn 4 (30) and a new turn then fit beside it.
    const plan = planWindow(10, [20, 20, 20, 20, 30, 5], 5, limits);
    expect(plan.fold).toBeNull();
    expect(plan.start).toBe(4);
    expect(plan.previousStart).toBe(4);
  });

  it('replays a fold the same way when the folding turn came out smaller than its estimate', () => {
    // Live, turn 4 was estimated at 60 (words, note, room for the reply) and folded; its stored size is 5
    // (a short reply). A replay that used the stored size would see no fold there and show turns 1–3
    // again, which the cache no longer holds: every token would be read again.
    expect(planWindow(10, [20, 20, 20, 20], 60, limits)).toEqual({ start: 4, fold: { from: 1, to: 4 }, previousStart: 1 });
    expect(planWindow(10, [20, 20, 20, 20, 5], 20, limits)).toEqual({ start: 4, fold: null, previousStart: 4 });
  });

  it('folds further when the new turn itself is too long for the context', () => {
    // The window fits the reserve (90 ≤ 100), but 10 + 20 + 20 + 20 + 150 = 220 > 200: turn 1 goes.
    expect(planWindow(10, [20, 20, 20], 150, limits)).toEqual({ start: 2, fold: { from: 1, to: 2 }, previousStart: 1 });
  });
});
