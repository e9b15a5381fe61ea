import { describe, it, expect } from 'vitest';
import { COMMANDS } from '../../shared/ipc.js';
import { isCommandName, parseCommandRequest } from './validate.js';

describe('parseCommandRequest', () => {
  it('accepts a good payload and applies schema defaults', () => {
    const r = parseCommandRequest('history.list', {});
    expect(r).toEqual({ ok: true, command: 'history.list', request: { limit: 100 } });
  });

  it('accepts audio as a Float32-sized ArrayBuffer', () => {
    const audio = new Float32Array(1600).buffer;
    const r = parseCommandRequest('turn.audio', { turnId: 't1', seq: 0, pcm: audio });
    expect(r.ok).toBe(true);
  });

  it('rejects audio sent as a JSON array or an odd byte count, with IPC_INVALID', () => {
    for (const audio of [[0.1, 0.2], new ArrayBuffer(3), 'AAAA']) {
      const r = parseCommandRequest('turn.audio', { turnId: 't1', seq: 0, pcm: audio });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('IPC_INVALID');
    }
  });

  it('rejects unknown commands, prototype keys and wrong shapes', () => {
    for (const [command, payload] of [
      ['shell.exec', {}],
      ['__proto__', {}],
      ['toString', {}],
      ['history.wipe', { confirm: false }],
      ['history.wipe', {}],
      ['settings.get', { extra: 1 }],
      ['settings.set', { tone: 'angry' }],
      ['history.search', { query: '' }],
      ['models.download', { ids: [] }],
    ] as const) {
      const r = parseCommandRequest(command, payload);
      expect(r.ok, `${command} ${JSON.stringify(payload)}`).toBe(false);
    }
  });

  it('knows every command of the contract and nothing else', () => {
    for (const name of Object.keys(COMMANDS)) expect(isCommandName(name)).toBe(true);
    expect(isCommandName('constructor')).toBe(false);
    expect(isCommandName(42)).toBe(false);
  });
});
