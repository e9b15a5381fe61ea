import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LumioError } from '../../shared/errors.js';
import { openDatabase } from './db.js';
import { LumioStore, unsavedTurnsFile } from './history.js';
import { openLumioStore } from './open-store.js';
import { SCHEMA_VERSION } from './migrations.js';
import { sampleTurn } from '../testing/sample-turn.js';
import { mountTmpfs, tempDir } from './test-helpers.js';

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function caught(fn: () => unknown): LumioError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LumioError);
    return e as LumioError;
  }
  throw new Error('expected a LumioError, nothing was thrown');
}

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const d of open.splice(0)) {
    try {
      d.close();
    } catch {
      /* already closed */
    }
  }
});

describe('openDatabase', () => {
  it('creates the folder and an up-to-date schema with WAL, foreign keys and secure_delete', () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'lumio.db');
    const db = openDatabase(file);
    open.push(db);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    for (const t of ['conversations', 'turns', 'turns_fts', 'settings', 'memory_facts', 'memory_summaries', 'kv']) expect(tables).toContain(t);
    // FTS5 secure-delete is a persistent option of the index, set by the migration.
    expect(db.prepare("SELECT v FROM turns_fts_config WHERE k = 'secure-delete'").get()).toEqual({ v: 1 });
  });

  it('reopens idempotently: same version, data kept, no migration re-run', () => {
    const file = path.join(tempDir(), 'lumio.db');
    const a = LumioStore.open(file);
    a.appendTurn(sampleTurn('c1', 'hello there'));
    a.close();
    for (let i = 0; i < 3; i++) {
      const b = LumioStore.open(file);
      expect(b.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(b.getTurns('c1')).toHaveLength(1);
      b.close();
    }
  });

  it('refuses a database from a newer Lumio and leaves it unchanged', () => {
    const file = path.join(tempDir(), 'lumio.db');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha(file);
    const e = caught(() => openDatabase(file));
    expect(e.message).toMatch(/newer version of Lumio/);
    expect(e.message).toContain(file);
    expect(sha(file)).toBe(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    check.close();
  });

  it('reports a corrupt file (random bytes) clearly and leaves it exactly as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lumio.db');
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24; // deterministic noise
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    const e = caught(() => openDatabase(file));
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toMatch(/is damaged/);
    expect(e.message).toContain(file);
    expect(e.hint).toContain(file);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['lumio.db']); // no -wal/-shm/journal appeared beside it
  });

  it('a damaged page inside a valid file: a clear error on read, the file left as it was', () => {
    const file = path.join(tempDir(), 'lumio.db');
    const w = LumioStore.open(file);
    for (let i = 0; i < 200; i++) w.appendTurn(sampleTurn('c1', `turn ${i} `.repeat(50)));
    w.close();
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    expect(pages).toBeGreaterThan(20);
    // Overwrite every page after the schema pages with a pattern that is no valid b-tree page.
    for (let p = 8; p < pages; p++) bytes.fill(0xa5, p * pageSize, (p + 1) * pageSize);
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    let e: LumioError | undefined;
    try {
      const s = LumioStore.open(file);
      open.push(s);
      s.getTurns('c1');
    } catch (x) {
      e = x as LumioError;
    }
    expect(e).toBeInstanceOf(LumioError);
    expect(e!.code).toBe('DB_DAMAGED');
    expect(sha(file)).toBe(before);
  });

  it('a lock held past the busy timeout: the turn is kept in memory, readable, and saved once the lock lets go', async () => {
    const file = path.join(tempDir(), 'lumio.db');
    const store = LumioStore.open(file, { busyTimeoutMs: 300 });
    open.push(store);
    store.appendTurn(sampleTurn('c1', 'first'));
    const other = new Database(file);
    open.push(other);
    other.exec('BEGIN EXCLUSIVE');
    other.prepare("INSERT INTO kv(key, value) VALUES ('other', '1')").run();

    const t0 = performance.now();
    const kept = store.appendTurn(sampleTurn('c1', 'second'));
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(250); // it did wait for the busy timeout …
    expect(waited).toBeLessThan(3000); // … and no longer
    expect(store.unsavedTurns).toBe(1);
    // What a turn saves after the turn itself waits behind it, in order.
    store.addFact('Likes tea', 'c1');
    // WAL readers are not blocked, and the waiting turn is part of what is read (the next turn's context too).
    expect(store.getTurns('c1').map((t) => t.userText)).toEqual(['first', 'second']);
    expect(store.recentTurns('c1', 1).map((t) => t.id)).toEqual([kept.id]);
    expect(new Database(file, { readonly: true }).prepare('SELECT count(*) AS n FROM turns').get()).toEqual({ n: 1 });
    // Other writes the person asks for say so at once.
    const e = caught(() => store.patchSettings({ tone: 'neutral' }));
    expect(e.code).toBe('DB_LOCKED');
    expect(e.message).toMatch(/another Lumio window/);

    other.exec('COMMIT');
    // The first retry comes after 1 s.
    for (let i = 0; i < 40 && store.unsavedTurns > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(store.unsavedTurns).toBe(0);
    const check = new Database(file, { readonly: true });
    open.push(check);
    expect(check.prepare('SELECT user_text FROM turns ORDER BY seq').all()).toEqual([{ user_text: 'first' }, { user_text: 'second' }]);
    expect(store.listFacts().map((f) => f.text)).toEqual(['Likes tea']);
    expect(store.kvGet('other')).toBe(1);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a lock that outlasts the program: at close the waiting turn goes to a private file, saved at the next open', () => {
    const file = path.join(tempDir(), 'lumio.db');
    const store = openLumioStore(file);
    store.appendTurn(sampleTurn('c1', 'first'));
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    store.db.pragma('busy_timeout = 50');
    store.appendTurn(sampleTurn('c1', 'said while locked'));
    expect(store.unsavedTurns).toBe(1);
    store.close();
    const kept = unsavedTurnsFile(file);
    expect(fs.existsSync(kept)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(kept).mode & 0o777).toBe(0o600);
    other.exec('ROLLBACK');
    other.close();
    const again = openLumioStore(file);
    open.push(again);
    expect(again.getTurns('c1').map((t) => t.userText)).toEqual(['first', 'said while locked']);
    expect(fs.existsSync(kept)).toBe(false);
  });

  it('readonly: true — reads work, every write fails with DB_READONLY, the file does not change', () => {
    // What this proves: our mapping of SQLITE_READONLY and that a refused write leaves no trace.
    // It does not involve the OS refusing; the next test does.
    const file = path.join(tempDir(), 'lumio.db');
    const w = LumioStore.open(file);
    w.appendTurn(sampleTurn('c1', 'kept words'));
    w.close();
    const before = sha(file);
    const r = LumioStore.open(file, { readonly: true });
    open.push(r);
    expect(r.getTurns('c1')).toHaveLength(1);
    expect(r.searchTurns('kept')).toHaveLength(1);
    expect(caught(() => r.appendTurn(sampleTurn('c1', 'new'))).code).toBe('DB_READONLY');
    expect(caught(() => r.patchSettings({ tone: 'neutral' })).code).toBe('DB_READONLY');
    expect(caught(() => r.deleteConversation('c1')).code).toBe('DB_READONLY');
    r.close();
    expect(sha(file)).toBe(before);
  });

  it('readonly open of a missing file is NOT_FOUND (and creates nothing)', () => {
    const dir = tempDir();
    expect(caught(() => openDatabase(path.join(dir, 'lumio.db'), { readonly: true })).code).toBe('NOT_FOUND');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  // Tests run as root here, and root ignores file modes. So the OS-level check runs the store in a
  // child process as an unprivileged user (uid 65534), where chmod really does stop writes.
  const root = process.getuid?.() === 0;
  it.skipIf(process.platform === 'win32')('a file and folder without write permission → DB_READONLY, file unchanged', (ctx) => {
    const repo = path.resolve(import.meta.dirname, '../../..');
    const asNobody = root ? { uid: 65534, gid: 65534 } : {};
    if (root) {
      // The unprivileged child must be able to read the code; a checkout under /root may not allow it.
      const probe = spawnSync(process.execPath, ['--import', 'tsx', '-e', `await import(${JSON.stringify(path.join(import.meta.dirname, 'db.ts'))})`], {
        cwd: repo,
        ...asNobody,
        env: { ...process.env, HOME: '/tmp' },
      });
      if (probe.status !== 0) {
        console.log('[store] skipping the file-permission test: an unprivileged user cannot read this checkout');
        ctx.skip();
      }
    }
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, 'lumio.db');
    const w = LumioStore.open(file);
    w.appendTurn(sampleTurn('c1', 'kept words'));
    w.close();
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o555);
    const before = sha(file);
    const script = path.join(tempDir(), 'try-write.ts');
    fs.chmodSync(path.dirname(script), 0o755);
    const storeModule = path.resolve(import.meta.dirname, 'history.ts');
    const sampleTurnModule = path.resolve(import.meta.dirname, '../testing/sample-turn.ts');
    fs.writeFileSync(
      script,
      `import { LumioStore } from ${JSON.stringify(storeModule)};
       import { sampleTurn } from ${JSON.stringify(sampleTurnModule)};
       const out: Record<string, unknown> = {};
       try { const s = LumioStore.open(${JSON.stringify(file)}); out.opened = true;
             try { s.appendTurn(sampleTurn('c1', 'x', 'y', { voice: 'male' })); out.wrote = true; }
             catch (e: any) { out.writeError = e.code; } }
       catch (e: any) { out.openError = e.code; out.message = e.message; }
       console.log(JSON.stringify(out));`,
    );
    fs.chmodSync(script, 0o644);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: repo,
      encoding: 'utf8',
      ...asNobody,
      env: { ...process.env, HOME: '/tmp' },
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    console.log('[store] unprivileged open of a read-only history:', out);
    expect(out.wrote).toBeUndefined();
    expect(out.openError ?? out.writeError).toBe('DB_READONLY');
    expect(sha(file)).toBe(before);
    fs.chmodSync(dir, 0o755);
  });

  const fsRo = mountTmpfs(4096);
  if (!fsRo) console.log('[store] skipping the read-only file system test: mounting a tmpfs needs root with CAP_SYS_ADMIN');
  it.skipIf(!fsRo)('a history on a read-only file system (EROFS): clear DB_READONLY, readonly open still reads', () => {
    try {
      const file = path.join(fsRo!.dir, 'lumio.db');
      const w = LumioStore.open(file);
      w.appendTurn(sampleTurn('c1', 'words on a soon read-only disk'));
      w.close();
      fsRo!.remountReadOnly();
      const e = caught(() => LumioStore.open(file));
      expect(e.code).toBe('DB_READONLY');
      const r = LumioStore.open(file, { readonly: true });
      expect(r.getTurns('c1').map((t) => t.userText)).toEqual(['words on a soon read-only disk']);
      expect(caught(() => r.appendTurn(sampleTurn('c1', 'no'))).code).toBe('DB_READONLY');
      r.close();
    } finally {
      fsRo!.unmount();
    }
  });

  const fsSmall = mountTmpfs(512);
  afterAll(() => {
    fsRo?.unmount();
    fsSmall?.unmount();
  });
  it.skipIf(!fsSmall)('a full disk while saving turns → DISK_FULL, and everything saved before is intact', () => {
    try {
      const file = path.join(fsSmall!.dir, 'lumio.db');
      const store = LumioStore.open(file);
      const big = 'x'.repeat(20_000);
      let saved = 0;
      let err: LumioError | undefined;
      for (let i = 0; i < 200; i++) {
        try {
          store.appendTurn(sampleTurn('c1', `turn ${i} ${big}`));
          saved++;
        } catch (e) {
          err = e as LumioError;
          break;
        }
      }
      expect(err?.code).toBe('DISK_FULL');
      expect(saved).toBeGreaterThan(0);
      expect(store.getTurns('c1')).toHaveLength(saved);
      store.close();
      const again = LumioStore.open(file, { readonly: true });
      expect(again.getTurns('c1')).toHaveLength(saved);
      expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
      again.close();
    } finally {
      fsSmall!.unmount();
    }
  });
});
