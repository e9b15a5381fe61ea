import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './domain.js';
import { COMMANDS, type CommandName } from './ipc.js';

/**
 * The contract, command by command: one payload the schema must accept and payloads it must refuse.
 * The table has to name every command, so a new command cannot arrive without its own cases.
 */
const cases: Record<CommandName, { good: unknown[]; bad: unknown[] }> = {
  'settings.get': { good: [{}], bad: [{ extra: 1 }, null, 'x'] },
  'settings.set': {
    good: [
      { tone: 'supportive' },
      { voice: 'male', language: 'ru' },
      {},
      { modelsDir: '/home/a/models' },
      { modelsDir: 'D:\\Models' },
      { modelsDir: null },
      { sttModel: 'whisper-base' },
    ],
    bad: [
      { tone: 'angry' },
      { memoryEnabled: 'yes' },
      { pushToTalkKey: '' },
      { unknownKey: 1 },
      { modelsDir: 'relative/models' },
      { modelsDir: '/home/a/../b' },
      { modelsDir: '/home/a\0b' },
      { modelsDir: '/proc/self/x' },
      { modelsDir: '/sys' },
      { modelsDir: '/dev/shm/m' },
      { modelsDir: '' },
      { sttModel: 'x'.repeat(101) },
      { llmModel: 'Not An Id' },
    ],
  },
  'history.list': {
    good: [{}, { limit: 10, before: '2026-01-01' }],
    bad: [{ limit: 0 }, { limit: 501 }, { limit: 1.5 }, { before: 'x'.repeat(65) }, { before: '' }],
  },
  'history.get': { good: [{ conversationId: 'c1' }], bad: [{}, { conversationId: '' }, { conversationId: 'x'.repeat(65) }] },
  'history.search': { good: [{ query: 'exam' }], bad: [{ query: '' }, { query: 'x'.repeat(201) }, {}] },
  // No path: the renderer cannot name the file (main's save dialog does).
  'history.export': {
    good: [{ format: 'json' }, { format: 'md', conversationId: 'c1' }],
    bad: [{ format: 'pdf' }, {}, { format: 'md', path: '/tmp/x.md' }, { format: 'json', path: '../../.bashrc' }],
  },
  // The text of a file the person picked; never a path.
  'history.import': { good: [{ text: '{"format":"lumio-history"}' }], bad: [{}, { text: '' }, { path: '/etc/passwd' }, { text: '{}', path: '/tmp/x.json' }] },
  'history.delete': { good: [{ conversationId: 'c1' }], bad: [{ conversationId: '' }, {}] },
  'history.wipe': { good: [{ confirm: true }], bad: [{ confirm: false }, {}, { confirm: 'true' }] },
  'memory.list': { good: [{}], bad: [{ all: true }] },
  'memory.delete': {
    good: [
      { kind: 'fact', id: 'f1' },
      { kind: 'summary', id: 's1' },
    ],
    bad: [
      { kind: 'turn', id: 'x' },
      { kind: 'fact', id: '' },
    ],
  },
  'models.list': { good: [{}], bad: [{ refresh: 1 }] },
  'models.download': { good: [{ ids: ['whisper-small'] }], bad: [{ ids: [] }, { ids: [''] }, { ids: 'whisper-small' }] },
  'models.pause': { good: [{ id: 'whisper-small' }], bad: [{ id: '' }, {}] },
  'models.cancel': { good: [{ id: 'whisper-small' }], bad: [{ id: 42 }, {}] },
  'engine.status': { good: [{}], bad: [{ verbose: true }] },
  'storage.status': { good: [{}], bad: [{ refresh: true }] },
  'storage.recover': { good: [{ confirm: true }], bad: [{}, { confirm: false }, { confirm: true, keep: false }] },
  'turn.begin': {
    good: [
      { turnId: 't1', sampleRate: 48000 },
      { turnId: 'a1b2-C3_d4', sampleRate: 16000, options: { tone: 'neutral' } },
    ],
    bad: [
      { sampleRate: 48000 },
      { turnId: '', sampleRate: 48000 },
      { turnId: 'x'.repeat(65), sampleRate: 48000 },
      { turnId: '../etc', sampleRate: 48000 },
      { turnId: 't1', sampleRate: 4000 },
      { turnId: 't1', sampleRate: 48000, options: { voice: 'robot' } },
    ],
  },
  'turn.audio': {
    good: [
      { turnId: 't1', seq: 0, pcm: new Float32Array(4800).buffer },
      { turnId: 't1', seq: 7, pcm: new ArrayBuffer(0) },
    ],
    bad: [
      { turnId: 't1', seq: 0, pcm: [0.1, 0.2] },
      { turnId: 't1', seq: 0, pcm: new ArrayBuffer(3) },
      { turnId: 't1', seq: -1, pcm: new ArrayBuffer(8) },
      { turnId: 't1', seq: 0, pcm: new ArrayBuffer(2 * 192_000 * 4 + 4) },
      { seq: 0, pcm: new ArrayBuffer(8) },
    ],
  },
  'turn.end': { good: [{ turnId: 't1' }], bad: [{}, { turnId: 42 }] },
  'turn.cancel': { good: [{ turnId: 't1' }], bad: [{}, { turnId: 'a b' }] },
  'turn.text': {
    good: [{ text: 'I had a long day.' }, { text: 'Привет', options: { language: 'ru' } }, { turnId: 't9', text: 'hi' }],
    bad: [{ text: '' }, { text: '   ' }, { text: 'x'.repeat(4001) }, { text: 42 }, {}],
  },
  'turn.draft': {
    good: [{ text: 'I had a long' }, { text: '', options: { conversationId: 'c1' } }, { text: 'Мне сегодня', options: { language: 'ru' } }],
    bad: [{ text: 'x'.repeat(4001) }, { text: 42 }, {}, { text: 'hi', turnId: 't1' }],
  },
  'turn.abort': {
    good: [{ turnId: 't1' }, { turnId: 't1', spokenChars: 12 }],
    bad: [{}, { turnId: 't1', spokenChars: -1 }, { turnId: 'x'.repeat(1000) }, { turnId: '' }, { turnId: 't1', extra: 1 }],
  },
};

describe('IPC contract', () => {
  it('has cases for every command', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  for (const [name, { good, bad }] of Object.entries(cases) as Array<[CommandName, { good: unknown[]; bad: unknown[] }]>) {
    it(`${name}: accepts good payloads and refuses bad ones`, () => {
      for (const payload of good) expect(COMMANDS[name].request.safeParse(payload).success, JSON.stringify(payload)).toBe(true);
      for (const payload of bad) expect(COMMANDS[name].request.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    });
  }

  it('typed messages are trimmed before they reach the core', () => {
    expect(COMMANDS['turn.text'].request.parse({ text: '  hello \n' })).toMatchObject({ text: 'hello', options: {} });
  });

  it('responses are checked too: settings, turn ids, ok', () => {
    expect(COMMANDS['settings.get'].response.safeParse(DEFAULT_SETTINGS).success).toBe(true);
    expect(COMMANDS['settings.get'].response.safeParse({ ...DEFAULT_SETTINGS, tone: 'angry' }).success).toBe(false);
    expect(COMMANDS['turn.text'].response.safeParse({ turnId: 't1' }).success).toBe(true);
    expect(COMMANDS['turn.text'].response.safeParse({}).success).toBe(false);
    expect(COMMANDS['history.wipe'].response.safeParse({ ok: true }).success).toBe(true);
    expect(COMMANDS['history.wipe'].response.safeParse({ ok: false }).success).toBe(false);
  });
});
