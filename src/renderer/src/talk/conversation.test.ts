import { describe, it, expect } from 'vitest';
import { applyTurnEvent, dropTurn, EMPTY_CONVERSATION, failTurn, markInterrupted, markWaited, spokenCharacters, startTurn } from './conversation.js';
import type { TurnEvent } from '../../../shared/domain.js';

function run(events: TurnEvent[]) {
  return events.reduce(applyTurnEvent, startTurn(EMPTY_CONVERSATION, 't1'));
}

describe('applyTurnEvent', () => {
  it('shows the words heard while the key is held, then the whole transcript', () => {
    let s = run([
      { type: 'turn.heard', turnId: 't1', text: 'I had a long day' },
      { type: 'turn.heard', turnId: 't1', text: 'I had a long day at work' },
    ]);
    expect(s.turns[0]).toMatchObject({ heardText: 'I had a long day at work', userText: null });
    s = applyTurnEvent(s, { type: 'turn.transcript', turnId: 't1', transcript: { text: 'I had a long day at work.', language: 'en', segments: [] } });
    expect(s.turns[0]).toMatchObject({ heardText: null, userText: 'I had a long day at work.' });
    // A late partial never overwrites the final words.
    s = applyTurnEvent(s, { type: 'turn.heard', turnId: 't1', text: 'I had' });
    expect(s.turns[0]?.heardText).toBeNull();
  });

  it('records the wait once and drops a recording that never became a turn', () => {
    let s = markWaited(startTurn(EMPTY_CONVERSATION, 't1'), 't1', 1800);
    s = markWaited(s, 't1', 2500);
    expect(s.turns[0]?.waitedMs).toBe(1800);
    expect(dropTurn(s, 't1').turns).toEqual([]);
  });

  it('folds a whole turn: transcript, mood, streamed reply, audio, done', () => {
    const s = run([
      { type: 'turn.started', turnId: 't1', conversationId: 'c1' },
      { type: 'turn.transcript', turnId: 't1', transcript: { text: 'Hello there', language: 'en', segments: [] } },
      { type: 'turn.mood', turnId: 't1', mood: { label: 'joy', confidence: 0.8, valence: 0.6, arousal: 0.2, sources: ['text'] } },
      { type: 'turn.token', turnId: 't1', text: 'Hi' },
      { type: 'turn.token', turnId: 't1', text: '! Nice.' },
      { type: 'turn.sentence', turnId: 't1', index: 0, text: 'Hi!' },
      { type: 'turn.audio', turnId: 't1', index: 0, sampleRate: 22050, pcm: new Float32Array(10) },
      { type: 'turn.done', turnId: 't1', conversationId: 'c1', replyText: 'Hi! Nice.', interrupted: false, timings: { firstAudioMs: 900 } },
    ]);
    expect(s.conversationId).toBe('c1');
    const t = s.turns[0];
    expect(t).toMatchObject({ userText: 'Hello there', replyText: 'Hi! Nice.', done: true, audioChunks: 1, sentences: ['Hi!'] });
    expect(t?.mood?.label).toBe('joy');
  });

  it('shows a reply that could not be spoken as whole, with the reason', () => {
    const s = run([
      { type: 'turn.token', turnId: 't1', text: 'Привет.' },
      {
        type: 'turn.done',
        turnId: 't1',
        conversationId: 'c1',
        replyText: 'Привет.',
        interrupted: false,
        timings: {},
        speechError: { code: 'MODEL_MISSING', message: 'No voice is installed for Russian.', hint: 'Open Models and download a voice.' },
      },
    ]);
    expect(s.turns[0]).toMatchObject({ replyText: 'Привет.', done: true, error: null, speechError: { code: 'MODEL_MISSING' } });
  });

  it('keeps the stored (spoken-only) reply after an interrupt, and ignores late tokens', () => {
    let s = run([{ type: 'turn.token', turnId: 't1', text: 'One. Two. Three.' }]);
    s = markInterrupted(s, 't1');
    s = applyTurnEvent(s, { type: 'turn.done', turnId: 't1', conversationId: 'c1', replyText: 'One.', interrupted: true, timings: {} });
    s = applyTurnEvent(s, { type: 'turn.token', turnId: 't1', text: ' Four.' });
    expect(s.turns[0]).toMatchObject({ replyText: 'One.', interrupted: true, done: true });
  });

  it('cuts a finished reply to what was heard when it is stopped during playback', () => {
    let s = run([
      { type: 'turn.token', turnId: 't1', text: 'One. Two. Three.' },
      { type: 'turn.done', turnId: 't1', conversationId: 'c1', replyText: 'One. Two. Three.', interrupted: false, timings: {} },
    ]);
    s = markInterrupted(s, 't1', 5);
    expect(s.turns[0]).toMatchObject({ replyText: 'One.', interrupted: true });
    // While the engine is still writing, the stored text arrives with turn.done instead.
    const writing = markInterrupted(run([{ type: 'turn.token', turnId: 't1', text: 'One. Two.' }]), 't1', 4);
    expect(writing.turns[0]).toMatchObject({ replyText: 'One. Two.', interrupted: true });
  });

  it('records errors and ignores turns it did not start', () => {
    let s = run([{ type: 'turn.error', turnId: 't1', error: { code: 'ENGINE_CRASHED', message: 'stopped' } }]);
    s = applyTurnEvent(s, { type: 'turn.token', turnId: 'other', text: 'x' });
    expect(s.turns).toHaveLength(1);
    expect(s.turns[0]?.error?.code).toBe('ENGINE_CRASHED');
  });

  it('a turn whose call failed: gone when it showed nothing yet, ended with the error when it shows words', () => {
    const busy = { code: 'ENGINE_BUSY' as const, message: 'busy' };
    const earlier = run([
      { type: 'turn.transcript', turnId: 't1', transcript: { text: 'Hello', language: 'en', segments: [] } },
      { type: 'turn.done', turnId: 't1', conversationId: 'c1', replyText: 'Hi.', interrupted: false, timings: {} },
    ]);
    const refused = failTurn(startTurn(earlier, 't2'), 't2', busy);
    expect(refused.turns.map((t) => t.turnId)).toEqual(['t1']);
    expect(refused.turns[0]).toMatchObject({ replyText: 'Hi.', error: null });

    const said = applyTurnEvent(startTurn(earlier, 't2'), {
      type: 'turn.transcript',
      turnId: 't2',
      transcript: { text: 'Are you there?', language: 'en', segments: [] },
    });
    const lost = failTurn(said, 't2', { code: 'ENGINE_CRASHED', message: 'stopped' });
    expect(lost.turns[1]).toMatchObject({ userText: 'Are you there?', replyText: '', done: true, error: { code: 'ENGINE_CRASHED' } });
    expect(failTurn(said, 'never-started', busy)).toBe(said);
  });
});

describe('spokenCharacters', () => {
  it('counts whole played sentences and the played share of the current one', () => {
    const sentences = ['Hello there.', 'How are you today?', 'Tell me.'];
    expect(
      spokenCharacters(
        sentences,
        new Map([
          [0, 1],
          [1, 0.5],
        ]),
      ),
    ).toBe(12 + 9);
    expect(spokenCharacters(sentences, new Map())).toBe(0);
  });
});
