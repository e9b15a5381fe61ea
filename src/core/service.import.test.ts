import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LumioService } from './service.js';
import { LumioStore } from './store/history.js';
import { sampleTurn } from './testing/sample-turn.js';

/** history.import reads what history.export wrote, merges it without duplicates, and refuses what is not an export. */
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-import-'));
const opened: LumioService[] = [];

async function open(name: string, seed?: (store: LumioStore) => void): Promise<LumioService> {
  const home = path.join(sandbox, name);
  fs.mkdirSync(home, { recursive: true });
  if (seed) {
    const store = LumioStore.open(path.join(home, 'lumio.db'));
    seed(store);
    store.close();
  }
  const service = await LumioService.open({
    home,
    modelsDir: path.join(sandbox, 'no-models'),
    env: {},
    exportDir: path.join(home, 'exports'),
    spawnWorker: () => {
      throw new Error('an import never starts the engine');
    },
  });
  opened.push(service);
  return service;
}

afterAll(async () => {
  for (const s of opened) await s.close();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

describe('history.import', () => {
  it('merges an export into another history once: importing it again, or into its source, adds nothing', async () => {
    const source = await open('a', (s) => {
      s.appendTurn(sampleTurn('garden', 'the roses'));
      s.appendTurn(sampleTurn('garden', 'the rain'));
      s.appendTurn(sampleTurn('exam', 'tomorrow morning'));
    });
    const exported = await source.handle('history.export', { format: 'json' });
    if (!exported.ok || !exported.value) throw new Error('export failed');
    const text = fs.readFileSync(exported.value.path, 'utf8');

    const target = await open('b', (s) => s.appendTurn(sampleTurn('own', 'my own evening')));
    const first = await target.handle('history.import', { text });
    expect(first).toEqual({ ok: true, value: expect.objectContaining({ conversations: 2, turns: 3 }) });
    const again = await target.handle('history.import', { text });
    expect(again).toEqual({ ok: true, value: expect.objectContaining({ conversations: 0, turns: 0 }) });
    const list = await target.handle('history.list', {});
    expect(list.ok && list.value.map((c) => c.turnCount).sort()).toEqual([1, 1, 2]);
    const garden = await target.handle('history.get', { conversationId: 'garden' });
    expect(garden.ok && garden.value.map((t) => t.userText)).toEqual(['the roses', 'the rain']);

    const back = await source.handle('history.import', { text });
    expect(back).toEqual({ ok: true, value: expect.objectContaining({ turns: 0 }) });
  });

  it('refuses text that is not a Lumio export, with a reason the UI can say', async () => {
    const s = await open('c');
    for (const text of ['not json at all', '{"format":"something-else"}', '[1,2,3]']) {
      const r = await s.handle('history.import', { text });
      expect(r, text).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { reason: 'not-an-export' } } });
    }
    const list = await s.handle('history.list', {});
    expect(list.ok && list.value).toEqual([]);
  });
});
