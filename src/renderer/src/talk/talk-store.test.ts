import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import type { LumioApi } from '../../../shared/ipc.js';
import { TalkStore } from './talk-store.js';

/**
 * The Talk store against a fake host: window.lumio answers each command from a table (the store's
 * real door, lumio.ts, is used as it is), and the microphone is a stand-in that is always open (a
 * browser's getUserMedia and AudioWorklet do not exist under Node). What is checked is the store:
 * the conversation it keeps and the phase it shows.
 */
vi.mock('../audio/recorder.js', () => ({
  MicError: class MicError extends Error {},
  Recorder: {
    open: () =>
      Promise.resolve({
        sampleRate: 48_000,
        onAudio: () => undefined,
        level: () => 0,
        stop: () => Promise.resolve({ durationMs: 1_500 }),
        cancel: () => undefined,
      }),
  },
}));

let refusals: Partial<Record<string, LumioErrorPayload>> = {};
const sent: string[] = [];
let hostEvents: ((event: unknown) => void) | null = null;

/** What each command was sent with, in order. */
const requests: Array<[command: string, request: unknown]> = [];

const bridge = {
  invoke: (command: string, request: unknown) => {
    sent.push(command);
    requests.push([command, request]);
    const error = refusals[command];
    return Promise.resolve(error ? { ok: false, error } : { ok: true, value: { ok: true } });
  },
  onEvent: (listener: (event: unknown) => void) => {
    hostEvents = listener;
    return () => (hostEvents = null);
  },
} as unknown as LumioApi;

/** Enough of an AudioContext for the player's unlock (nothing is played in these tests). */
class SilentAudioContext {
  state = 'running';
  currentTime = 0;
  resume(): Promise<void> {
    return Promise.resolve();
  }
}

/** Lets the bridge's answers and the store's handlers of them run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  refusals = {};
  sent.length = 0;
  requests.length = 0;
  vi.stubGlobal('window', { lumio: bridge, setTimeout, clearTimeout });
  vi.stubGlobal('AudioContext', SilentAudioContext);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('TalkStore: a turn refused before it starts leaves no bubble', () => {
  it('a typed message while the engine is busy: the alert says so, the transcript has no empty reply', async () => {
    const store = new TalkStore();
    refusals['turn.text'] = { code: 'ENGINE_BUSY', message: 'The engine is busy.' };
    await store.sendTyped('Hello?');
    const state = store.getSnapshot();
    expect(sent).toEqual(['turn.text']);
    expect(state.conversation.turns).toEqual([]);
    expect(state).toMatchObject({ phase: 'error', problem: { code: 'ENGINE_BUSY' }, liveTurnId: null });
  });

  it('a press when models are missing: turn.begin is refused, the bubble it opened goes, the microphone closes', async () => {
    const store = new TalkStore();
    refusals['turn.begin'] = { code: 'MODEL_MISSING', message: 'Models are missing.', params: { roles: ['stt'] } };
    await store.press();
    await settle();
    const state = store.getSnapshot();
    expect(sent).toEqual(['turn.begin']);
    expect(state.conversation.turns).toEqual([]);
    expect(state).toMatchObject({ phase: 'error', problem: { code: 'MODEL_MISSING' }, liveTurnId: null });
    // The key coming up afterwards finds nothing to send.
    await store.release();
    expect(sent).toEqual(['turn.begin']);
  });

  it('earlier turns stay, and the next accepted message gets its bubble', async () => {
    const store = new TalkStore();
    const unsubscribe = store.subscribe(() => undefined);
    await store.sendTyped('First.');
    const first = store.getSnapshot().conversation.turns.map((t) => t.turnId);
    expect(first).toHaveLength(1);
    hostEvents?.({ type: 'turn.done', turnId: first[0], conversationId: 'c1', replyText: 'Hi.', interrupted: false, timings: {} });
    expect(store.getSnapshot()).toMatchObject({ phase: 'idle', conversation: { conversationId: 'c1' } });
    refusals['turn.text'] = { code: 'ENGINE_BUSY', message: 'busy' };
    await store.sendTyped('Second.');
    expect(store.getSnapshot().conversation.turns.map((t) => t.turnId)).toEqual(first);
    refusals = {};
    await store.sendTyped('Third.');
    expect(store.getSnapshot().conversation.turns).toHaveLength(2);
    expect(store.getSnapshot().conversation.turns[0]).toMatchObject({ replyText: 'Hi.', done: true, error: null });
    expect(store.getSnapshot().phase).toBe('thinking');
    unsubscribe();
  });
});

describe('TalkStore: a message being typed goes ahead in whole words', () => {
  const drafts = () => requests.filter(([c]) => c === 'turn.draft').map(([, r]) => (r as { text: string }).text);

  it('sends the whole words at once, then at most every half second, and never the word still being typed', async () => {
    const store = new TalkStore();
    store.typing('Hel');
    store.typing('Hello the');
    store.typing('Hello there, I was');
    await settle();
    // The first whole word went at once; the rest waits out the interval as one draft, not one per keystroke.
    expect(drafts()).toEqual(['Hello']);
    await new Promise((r) => setTimeout(r, 600));
    expect(drafts()).toEqual(['Hello', 'Hello there, I']);
  });

  it('sending the message drops the draft still waiting', async () => {
    const store = new TalkStore();
    store.typing('I feel ');
    store.typing('I feel a bit lonely ');
    await store.sendTyped('I feel a bit lonely tonight');
    await new Promise((r) => setTimeout(r, 600));
    expect(drafts()).toEqual(['I feel']);
    expect(sent.filter((c) => c === 'turn.text')).toHaveLength(1);
  });
});
