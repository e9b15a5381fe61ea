import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LumioError } from '../../shared/errors.js';
import { exportJson } from './export.js';
import { LumioStore } from './history.js';
import { openLumioStore } from './open-store.js';
import { startFreshHistory } from './recover.js';
import { sampleTurn } from '../testing/sample-turn.js';
import { mountTmpfs, tempDir } from './test-helpers.js';

/**
 * The history as the service opens it, on files that bad luck has reached: damaged in the middle
 * (detected at open or by the background check, then never written), on a read-only file system
 * and on a full disk (real tmpfs mounts, where the tests run as root), and its files' modes.
 */
const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const posix = process.platform !== 'win32';
const mode = (p: string): number => fs.statSync(p).mode & 0o777;

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LumioError);
    return (e as LumioError).code;
  }
  return 'no error';
}

/** A history of `turns` turns over 20 conversations, closed (so the WAL is folded into the file). */
function history(turns: number, dir = tempDir()): string {
  const file = path.join(dir, 'lumio.db');
  const s = LumioStore.open(file);
  s.patchSettings({ tone: 'supportive', voice: 'male' });
  for (let i = 0; i < turns; i++) s.appendTurn(sampleTurn(`c${i % 20}`, `turn ${i}: ${'about my day at work '.repeat(8)}`, `reply ${i}`));
  s.close();
  return file;
}

/** Seeded random bytes over whole pages in the middle of the file (page headers included, so SQLite can tell). */
function damageMiddle(file: string, pages = 2): void {
  const bytes = fs.readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  const count = bytes.length / pageSize;
  let seed = 12345;
  const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const first = Math.floor(count / 2);
  for (let p = first; p < first + pages; p++) for (let i = p * pageSize; i < (p + 1) * pageSize; i++) bytes[i] = next();
  fs.writeFileSync(file, bytes);
}

describe('openLumioStore: a history damaged in the middle', () => {
  it('is found at open, never written to, still read and exported, and replaced by a fresh one beside it', () => {
    const file = history(400);
    damageMiddle(file);
    const before = sha(file);
    const store = openLumioStore(file);
    expect(store.health.state).toBe('damaged');
    expect(store.health.problem?.code).toBe('DB_DAMAGED');
    expect(store.db.readonly || store.db.memory).toBe(true);

    // Nothing may be written: each write says why, before touching the file.
    expect(code(() => store.appendTurn(sampleTurn('c1', 'new words')))).toBe('DB_DAMAGED');
    expect(code(() => store.patchSettings({ tone: 'neutral' }))).toBe('DB_DAMAGED');
    expect(code(() => store.deleteConversation('c1'))).toBe('DB_DAMAGED');
    expect(code(() => store.wipeAll())).toBe('DB_DAMAGED');
    expect(code(() => store.kvSet('k', 1))).toBe('DB_DAMAGED');

    // What can be read is read: the list, the turns, the settings, an export.
    const list = store.listConversations({ limit: 100 });
    expect(list.length).toBeGreaterThan(0);
    const readable = list.reduce((n, c) => n + c.turnCount, 0);
    expect(readable).toBeGreaterThan(0);
    expect(readable).toBeLessThanOrEqual(400);
    expect(store.getTurns(list[0]!.id).length).toBe(list[0]!.turnCount);
    expect(store.getSettings()).toMatchObject({ tone: 'supportive', voice: 'male' });
    const exported = exportJson(store, path.join(tempDir(), 'readable.json'));
    expect(exported.turns).toBe(readable);
    console.log(`[store] damaged in the middle: ${readable} of 400 turns readable, ${store.salvage().unreadableTurns} unreadable`);
    expect(sha(file)).toBe(before);

    // A fresh history beside it: the old file kept (same bytes, new name), the readable turns and settings carried over.
    const r = startFreshHistory(store, new Date('2026-12-01T10:00:00Z'));
    expect(path.dirname(r.keptAs)).toBe(path.dirname(file));
    expect(path.basename(r.keptAs)).toBe('lumio.damaged-2026-12-01T10-00-00.db');
    expect(sha(r.keptAs)).toBe(before);
    expect(r.turns).toBe(readable);
    expect(store.health.state).toBe('ok');
    expect(store.listConversations({ limit: 100 }).reduce((n, c) => n + c.turnCount, 0)).toBe(readable);
    expect(store.getSettings()).toMatchObject({ tone: 'supportive', voice: 'male' });
    store.appendTurn(sampleTurn('c-new', 'after the fresh start'));
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
    expect(sha(r.keptAs)).toBe(before);
    if (posix) expect(mode(file)).toBe(0o600);
  });

  it('a file that is not a database at all: damaged, nothing to read, a fresh start keeps it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lumio.db');
    fs.writeFileSync(file, Buffer.alloc(32 * 1024, 0x5a));
    const store = openLumioStore(file);
    expect(store.health.state).toBe('damaged');
    expect(store.listConversations()).toEqual([]);
    const r = startFreshHistory(store);
    expect(fs.readFileSync(r.keptAs).equals(Buffer.alloc(32 * 1024, 0x5a))).toBe(true);
    expect(r.turns).toBe(0);
    store.appendTurn(sampleTurn('c1', 'hello'));
    store.close();
  });

  it('above the quick-check size, the background integrity check finds it and writing stops, without a checkpoint into it', async () => {
    const file = history(400);
    damageMiddle(file);
    const store = openLumioStore(file, { quickCheckMaxBytes: 1024 });
    expect(store.health.state).toBe('ok');
    expect(store.checking).toBe(true);
    for (let i = 0; i < 100 && store.checking; i++) await new Promise((r) => setTimeout(r, 50));
    expect(store.checking).toBe(false);
    expect(store.health.state).toBe('damaged');
    const before = sha(file);
    expect(code(() => store.appendTurn(sampleTurn('c1', 'x')))).toBe('DB_DAMAGED');
    store.close();
    expect(sha(file)).toBe(before);
  });

  it('a whole file is whole: quick_check passes and it opens for writing', () => {
    const file = history(50);
    const store = openLumioStore(file);
    expect(store.health).toEqual({ state: 'ok' });
    store.appendTurn(sampleTurn('c1', 'more'));
    store.close();
  });
});

describe('openLumioStore: files are private', () => {
  it.skipIf(!posix)('data folder 700; database, -wal and -shm 600; an older 644 install is tightened', () => {
    const home = path.join(tempDir(), 'home');
    const file = path.join(home, 'lumio.db');
    const store = openLumioStore(file);
    store.appendTurn(sampleTurn('c1', 'private words'));
    expect(mode(home)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
    store.close();
    fs.chmodSync(home, 0o755);
    fs.chmodSync(file, 0o644);
    const again = openLumioStore(file);
    expect(mode(file)).toBe(0o600);
    again.close();
  });
});

const ro = mountTmpfs(4096);
const small = mountTmpfs(512);
if (!ro || !small) console.log('[store] skipping the read-only and full-disk tests: mounting a tmpfs needs root with CAP_SYS_ADMIN');
afterAll(() => {
  ro?.unmount();
  small?.unmount();
});

describe('openLumioStore: read-only and full disks (real tmpfs mounts)', () => {
  it.skipIf(!ro)('a read-only file system: opens read-only, history is read and exported, writes say DB_READONLY', () => {
    const file = path.join(ro!.dir, 'lumio.db');
    const w = LumioStore.open(file);
    w.appendTurn(sampleTurn('c1', 'words on a read-only disk'));
    w.close();
    ro!.remountReadOnly();
    const store = openLumioStore(file);
    expect(store.health.state).toBe('read-only');
    expect(store.health.problem?.code).toBe('DB_READONLY');
    expect(store.getTurns('c1').map((t) => t.userText)).toEqual(['words on a read-only disk']);
    expect(store.searchTurns('disk')).toHaveLength(1);
    const out = exportJson(store, path.join(tempDir(), 'from-read-only.json'));
    expect(out.turns).toBe(1);
    expect(code(() => store.appendTurn(sampleTurn('c1', 'no')))).toBe('DB_READONLY');
    store.close();
    // With no history at all on a read-only disk: an empty one that says so.
    const none = openLumioStore(path.join(ro!.dir, 'nothing-here', 'lumio.db'));
    expect(none.health.state).toBe('read-only');
    expect(none.listConversations()).toEqual([]);
    none.close();
  });

  it.skipIf(!small)('a full disk: DISK_FULL while saving, and a history on a full disk still opens for reading', () => {
    const file = path.join(small!.dir, 'lumio.db');
    const store = openLumioStore(file);
    let saved = 0;
    let failure = '';
    for (let i = 0; i < 200 && !failure; i++) {
      failure = code(() => store.appendTurn(sampleTurn('c1', `${i} ${'x'.repeat(4000)}`)));
      if (failure === 'no error') {
        saved++;
        failure = '';
      }
    }
    expect(failure).toBe('DISK_FULL');
    store.close();
    // Fill what is left, so even the -shm cannot be made (SQLite says "disk I/O error" then).
    try {
      for (let i = 0; ; i++) fs.writeFileSync(path.join(small!.dir, `fill-${i}`), Buffer.alloc(4096));
    } catch {
      /* full */
    }
    const again = openLumioStore(file);
    expect(again.health.state).toBe('read-only');
    expect(again.health.problem?.code).toBe('DISK_FULL');
    expect(again.getTurns('c1')).toHaveLength(saved);
    expect(code(() => again.appendTurn(sampleTurn('c1', 'no room')))).toBe('DISK_FULL');
    again.close();
    void Database;
  });
});
