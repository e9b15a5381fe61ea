import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFixtureModel } from './testing/fixture-models.js';
import { afterAll, describe, expect, it } from 'vitest';
import { LumioService } from './service.js';
import { LumioStore } from './store/history.js';
import { sampleTurn } from './testing/sample-turn.js';
import { mountTmpfs } from './store/test-helpers.js';

/**
 * The service over homes that bad luck or an older version left behind: a poisoned models folder
 * setting, a damaged, read-only or full history. Lumio must start (quickly), say what it set right,
 * and refuse to write where it must not. The engine is never needed here (spawnWorker throws).
 */
const repo = path.resolve(import.meta.dirname, '../..');
const noEngine = (): never => {
  throw new Error('no engine in these tests');
};
const posix = process.platform !== 'win32';
const temp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-svc-storage-'));

function open(home: string, extra: Partial<Parameters<typeof LumioService.open>[0]> = {}): Promise<LumioService> {
  return LumioService.open({ home, env: {}, spawnWorker: noEngine, ...extra });
}

/** Opens with a deadline: an open that hangs (mkdir on /proc) fails the test instead of the suite. */
async function openWithin(ms: number, home: string, extra: Partial<Parameters<typeof LumioService.open>[0]> = {}): Promise<LumioService> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`open took more than ${ms} ms`)), ms)));
  try {
    return await Promise.race([open(home, extra), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A home whose settings table holds what an older Lumio accepted. */
function poisonedHome(key: string, value: unknown): string {
  const home = temp();
  const store = LumioStore.open(path.join(home, 'lumio.db'));
  store.appendTurn(sampleTurn('c1', 'said before the upgrade'));
  store.db.prepare('INSERT INTO settings(key, value) VALUES (?, ?)').run(key, JSON.stringify(value));
  store.close();
  return home;
}

/** A models folder holding one real (miniature) recognizer under the id 'fake-stt'. */
function fakeModelsDir(): string {
  const dir = temp();
  copyFixtureModel('whisper-mini', dir, 'fake-stt');
  return dir;
}

function cli(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/lumio.js'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LUMIO_MODELS_DIR: '', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a Lumio home poisoned by an older version still starts', () => {
  const link = path.join(temp(), 'to-proc');
  fs.symlinkSync('/proc/self', link);
  const file = path.join(temp(), 'a-file');
  fs.writeFileSync(file, 'x');
  const cases: Array<[string, string, unknown]> = [
    ['a models folder in /proc (mkdir loops there)', 'modelsDir', '/proc/self/x'],
    ['a relative models folder', 'modelsDir', 'models/here'],
    ['a NUL byte in the models folder', 'modelsDir', '/tmp/a\u0000b'],
    ['an existing file as models folder', 'modelsDir', file],
    ['a link into /proc', 'modelsDir', path.join(link, 'x')],
    ['a 20 MB model id', 'sttModel', 'x'.repeat(20 * 1024 * 1024)],
  ];
  for (const [what, key, value] of cases) {
    it(`${what}: opens in time, reports it, uses the default`, async () => {
      const home = poisonedHome(key, value);
      const t0 = performance.now();
      const service = await openWithin(10_000, home);
      try {
        expect(performance.now() - t0).toBeLessThan(5000);
        expect(service.paths.models).toBe(path.join(home, 'models'));
        const status = await service.handle('storage.status', {});
        expect(status.ok && status.value.notices.map((n) => n.message).join(' ')).toMatch(key === 'modelsDir' ? /models folder|modelsDir/ : /sttModel/);
        const list = await service.handle('history.list', {});
        expect(list.ok && list.value.length).toBe(1);
        const settings = await service.handle('settings.get', {});
        expect(settings.ok).toBe(true);
      } finally {
        await service.close();
      }
    });
  }

  it('the CLI too: `lumio history list` on a home with modelsDir /proc/self/x answers at once', () => {
    const home = poisonedHome('modelsDir', '/proc/self/x');
    const t0 = performance.now();
    const r = cli(['history', 'list'], { LUMIO_HOME: home });
    expect(r.status, r.stderr).toBe(0);
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(r.stdout).toMatch(/said before the upgrade/);
    expect(r.stderr).toMatch(/note: .*models folder/);
  });
});

describe('the models folder', () => {
  it('LUMIO_MODELS_DIR wins over the setting, as the README says', async () => {
    const home = poisonedHome('modelsDir', temp());
    const fromEnv = temp();
    const service = await open(home, { env: { LUMIO_MODELS_DIR: fromEnv } });
    expect(service.paths.models).toBe(fromEnv);
    await service.close();
  });

  it('a new folder applies at once: its models are listed without a restart, and going back works too', async () => {
    const home = temp();
    const models = fakeModelsDir();
    const service = await open(home);
    try {
      let overview = await service.handle('models.list', {});
      expect(overview.ok && overview.value.installed).toEqual([]);
      expect((await service.handle('settings.set', { sttModel: 'fake-stt' })).ok).toBe(false); // not installed here yet
      const set = await service.handle('settings.set', { modelsDir: models });
      expect(set.ok).toBe(true);
      overview = await service.handle('models.list', {});
      expect(overview.ok && overview.value.modelsDir).toBe(models);
      expect(overview.ok && overview.value.installed.map((m) => m.id)).toEqual(['fake-stt']);
      expect((await service.handle('settings.set', { sttModel: 'fake-stt' })).ok).toBe(true);
      await service.handle('settings.set', { modelsDir: null });
      expect(service.paths.models).toBe(path.join(home, 'models'));
    } finally {
      await service.close();
    }
  });

  it('a folder that does not exist yet is created (700); one that cannot be is refused and nothing is stored', async () => {
    const home = temp();
    const service = await open(home);
    try {
      const fresh = path.join(temp(), 'new', 'models');
      expect((await service.handle('settings.set', { modelsDir: fresh })).ok).toBe(true);
      expect(fs.statSync(fresh).isDirectory()).toBe(true);
      if (posix) expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
      const file = path.join(temp(), 'file');
      fs.writeFileSync(file, '');
      const below = path.join(file, 'below');
      const r = await service.handle('settings.set', { modelsDir: below });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', params: { reason: 'models-dir-unusable', dirProblem: 'part-is-a-file', path: below } },
      });
      const onFile = await service.handle('settings.set', { modelsDir: file });
      expect(onFile).toMatchObject({ ok: false, error: { params: { dirProblem: 'is-a-file', path: file } } });
      const settings = await service.handle('settings.get', {});
      expect(settings.ok && settings.value.modelsDir).toBe(fresh);
    } finally {
      await service.close();
    }
  });

  it('a folder refused for its text alone (relative, with .., in /proc) says why, as INVALID_ARGUMENT, not as a request Lumio did not understand', async () => {
    const home = temp();
    const service = await open(home);
    try {
      const cases = [
        ['models', 'not-absolute'],
        ['', 'not-absolute'],
        ['/home/anna/../models', 'dot-parts'],
        ['/proc/self/models', 'system-folder'],
        [`/${'x'.repeat(1100)}`, 'too-long'],
      ] as const;
      for (const [dir, dirProblem] of cases) {
        const r = await service.handle('settings.set', { modelsDir: dir });
        expect(r, dir.slice(0, 40)).toMatchObject({
          ok: false,
          error: { code: 'INVALID_ARGUMENT', params: { reason: 'models-dir-unusable', dirProblem, path: dir.slice(0, 300) } },
        });
      }
      // Not a string at all is a malformed request, still.
      expect(await service.handle('settings.set', { modelsDir: 42 })).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
      const settings = await service.handle('settings.get', {});
      expect(settings.ok && settings.value.modelsDir).toBeNull();
    } finally {
      await service.close();
    }
  });
});

describe('exports go only where the host says', () => {
  it('handle writes to the exports folder; exportTo writes the file main or the CLI chose (600)', async () => {
    const home = poisonedHome('tone', 'neutral');
    const service = await open(home);
    try {
      expect(await service.handle('history.export', { format: 'json', path: path.join(home, 'x.json') })).toMatchObject({
        ok: false,
        error: { code: 'IPC_INVALID' },
      });
      const own = await service.handle('history.export', { format: 'md' });
      expect(own.ok && path.dirname(own.value!.path)).toBe(path.join(home, 'exports'));
      const chosen = path.join(temp(), 'chosen.json');
      const r = await service.exportTo(chosen, { format: 'json' });
      expect(r).toMatchObject({ ok: true, value: { path: chosen, turns: 1 } });
      if (posix) expect(fs.statSync(chosen).mode & 0o777).toBe(0o600);
      expect(await service.exportTo(chosen, { format: 'json', path: '/etc/x' })).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    } finally {
      await service.close();
    }
  });
});

/** A home whose history has a page of garbage in its middle; returns the file and its hash. */
function damagedHome(): { home: string; file: string; before: string } {
  const home = temp();
  const file = path.join(home, 'lumio.db');
  const store = LumioStore.open(file);
  for (let i = 0; i < 300; i++) store.appendTurn(sampleTurn(`c${i % 10}`, `turn ${i} ${'words '.repeat(30)}`));
  store.close();
  const bytes = fs.readFileSync(file);
  const page = bytes.readUInt16BE(16);
  const mid = Math.floor(bytes.length / page / 2) * page;
  bytes.fill(0x3c, mid, mid + page);
  fs.writeFileSync(file, bytes);
  return { home, file, before: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

describe('a damaged history through the service', () => {
  it('starts, says so, refuses turns and settings, lists what is readable, and starts a fresh history on request', async () => {
    const { home, file, before } = damagedHome();

    const service = await open(home, { modelsDir: fakeModelsDir() });
    try {
      const status = await service.handle('storage.status', {});
      expect(status).toMatchObject({ ok: true, value: { state: 'damaged', problem: { code: 'DB_DAMAGED' } } });
      expect(await service.handle('turn.text', { text: 'hello' })).toMatchObject({ ok: false, error: { code: 'DB_DAMAGED' } });
      expect(await service.handle('settings.set', { tone: 'neutral' })).toMatchObject({ ok: false, error: { code: 'DB_DAMAGED' } });
      expect(await service.handle('history.wipe', { confirm: true })).toMatchObject({ ok: false, error: { code: 'DB_DAMAGED' } });
      const list = await service.handle('history.list', {});
      expect(list.ok && list.value.length).toBeGreaterThan(0);
      const exported = await service.exportTo(path.join(temp(), 'readable.json'), { format: 'json' });
      expect(exported.ok && exported.value!.turns).toBeGreaterThan(0);
      expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);

      const events: string[] = [];
      service.onEvent((e) => events.push(e.type === 'storage.status' ? `storage:${e.status.state}` : e.type));
      const r = await service.handle('storage.recover', { confirm: true });
      expect(r.ok).toBe(true);
      expect(r.ok && createHash('sha256').update(fs.readFileSync(r.value.keptAs)).digest('hex')).toBe(before);
      expect(events).toContain('storage:ok');
      expect((await service.handle('settings.set', { tone: 'neutral' })).ok).toBe(true);
    } finally {
      await service.close();
    }
  });

  it('the CLI: `history recover` asks for --yes, then keeps the damaged file aside and starts a fresh one', () => {
    const { home, before } = damagedHome();
    const env = { LUMIO_HOME: home, LUMIO_MODELS_DIR: fakeModelsDir() };
    expect(cli(['history', 'recover'], env).status).toBe(2);
    const r = cli(['history', 'recover', '--yes', '--json'], env);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { keptAs: string; turns: number };
    expect(createHash('sha256').update(fs.readFileSync(result.keptAs)).digest('hex')).toBe(before);
    expect(result.turns).toBeGreaterThan(0);
    expect(cli(['history', 'list', '--json'], env).status).toBe(0);
  });
});

const ro = mountTmpfs(4096);
const full = mountTmpfs(512);
if (!ro || !full) console.log('[service] skipping the read-only and full-disk tests: mounting a tmpfs needs root with CAP_SYS_ADMIN');
afterAll(() => {
  ro?.unmount();
  full?.unmount();
});

describe('read-only and full data folders (real tmpfs mounts)', () => {
  it.skipIf(!ro)('read-only: Lumio starts, history can be read and exported elsewhere, a turn is refused with DB_READONLY', async () => {
    const home = path.join(ro!.dir, 'home');
    const store = LumioStore.open(path.join(home, 'lumio.db'));
    store.appendTurn(sampleTurn('c1', 'words before the disk went read-only'));
    store.close();
    ro!.remountReadOnly();
    const service = await openWithin(10_000, home, { modelsDir: fakeModelsDir() });
    try {
      expect(service.storageStatus()).toMatchObject({ state: 'read-only', problem: { code: 'DB_READONLY' } });
      const list = await service.handle('history.list', {});
      expect(list.ok && list.value.map((c) => c.title)).toEqual(['words before the disk went read-only']);
      const out = path.join(temp(), 'export.md');
      expect(await service.exportTo(out, { format: 'md' })).toMatchObject({ ok: true, value: { turns: 1 } });
      expect(await service.handle('turn.text', { text: 'hello' })).toMatchObject({ ok: false, error: { code: 'DB_READONLY' } });
    } finally {
      await service.close();
    }
    const r = cli(['history', 'list'], { LUMIO_HOME: home });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/words before the disk went read-only/);
  });

  it.skipIf(!full)('full disk: Lumio starts read-only with DISK_FULL; the CLI exits 6 for a turn', async () => {
    const home = path.join(full!.dir, 'home');
    const store = LumioStore.open(path.join(home, 'lumio.db'));
    store.appendTurn(sampleTurn('c1', 'words before the disk filled up'));
    store.close();
    try {
      for (let i = 0; ; i++) fs.writeFileSync(path.join(full!.dir, `fill-${i}`), Buffer.alloc(4096));
    } catch {
      /* full now */
    }
    const service = await openWithin(10_000, home, { modelsDir: fakeModelsDir() });
    try {
      expect(service.storageStatus()).toMatchObject({ state: 'read-only', problem: { code: 'DISK_FULL' } });
      expect(await service.handle('turn.text', { text: 'hello' })).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    } finally {
      await service.close();
    }
    const r = cli(['talk', '--text', 'hello'], { LUMIO_HOME: home });
    expect(r.status, r.stderr).toBe(6);
    expect(r.stderr).toMatch(/disk is full/);
    const list = cli(['history', 'list'], { LUMIO_HOME: home });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/words before the disk filled up/);
  });
});
