import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFixtureModel } from './testing/fixture-models.js';
import { sampleTurn } from './testing/sample-turn.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../shared/errors.js';
import { LumioService } from './service.js';
import { LumioStore } from './store/history.js';
import { findingPayloads, fuzzCases, type FuzzCase, type FuzzWorld } from './testing/payload-fuzz.js';

/**
 * The probe, kept: seeded payloads through LumioService.handle, the one door every host uses.
 * Each must come back as a typed result (no throw), within a deadline (no hang), refused when the
 * contract says it is bad, and nothing may be written outside Lumio's own folders. The engine is
 * never needed: no voice is installed, so turns stop at MODEL_MISSING after validation, and the
 * worker factory fails the test if it is ever called. LUMIO_FUZZ_SEED / LUMIO_FUZZ_COUNT change the run.
 */
const SEED = Number(process.env.LUMIO_FUZZ_SEED ?? 20261201);
const COUNT = Number(process.env.LUMIO_FUZZ_COUNT ?? 2500);
const DEADLINE_MS = 5000;
const REFUSALS = new Set(['IPC_INVALID', 'INVALID_ARGUMENT']);

const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-fuzz-'));
const home = path.join(sandbox, 'home');
const models = path.join(sandbox, 'models');
const allowed = path.join(sandbox, 'allowed-models');
const canary = path.join(sandbox, '.bashrc');
let service: LumioService;
let cwd: string;
const settingsNow = async () => {
  const r = await service.handle('settings.get', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** A model folder whose files match its manifest: "installed", though no engine could load it. */
/** A real (miniature) model installed under a test id: the models scan finds it whole. */
function fakeModel(id: string, role: 'stt' | 'llm'): void {
  copyFixtureModel(role === 'stt' ? 'whisper-mini' : 'llm-stories', models, id);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

let nextDir = 0;
const world: FuzzWorld = {
  goodModelsDir: () => path.join(allowed, `m${nextDir++ % 5}`),
  badModelsDirs: [],
  installedStt: 'fake-stt',
  installedLlm: 'fake-llm',
  catalogIds: [],
  conversationIds: () => [],
};

beforeAll(async () => {
  fakeModel('fake-stt', 'stt');
  fakeModel('fake-llm', 'llm');
  fs.writeFileSync(canary, 'echo canary\n');
  fs.mkdirSync(path.join(sandbox, 'not-a-folder-parent'));
  fs.writeFileSync(path.join(sandbox, 'not-a-folder-parent', 'file'), 'x');
  fs.symlinkSync('/proc/self', path.join(sandbox, 'link-to-proc'));
  world.badModelsDirs.push(
    canary,
    path.join(sandbox, 'not-a-folder-parent', 'file', 'below'),
    path.join(sandbox, 'link-to-proc'),
    path.join(sandbox, 'link-to-proc', 'x'),
  );
  fs.mkdirSync(home, { recursive: true });
  const seed = LumioStore.open(path.join(home, 'lumio.db'));
  for (let i = 0; i < 5; i++) seed.appendTurn(sampleTurn(`conv-${i}`, `hello ${i}`, 'hi'));
  seed.close();
  service = await LumioService.open({
    home,
    modelsDir: models,
    env: {},
    spawnWorker: () => {
      throw new Error('the fuzz run must never start the engine');
    },
    fetchImpl: async () => {
      throw Object.assign(new Error('offline'), { code: 'ENOTFOUND' });
    },
  });
  const overview = await service.handle('models.list', {});
  world.catalogIds.push(...(overview.ok ? overview.value.catalog.map((m) => m.id) : []));
  // Some history to read, export and delete: written before the service opened it (see the store seeded above).
  const list = await service.handle('history.list', { limit: 20 });
  const conversationIds = list.ok ? list.value.map((c) => c.id) : [];
  world.conversationIds = () => conversationIds;
  // Anything written relative to the current folder would land here.
  cwd = process.cwd();
  process.chdir(sandbox);
});

afterAll(async () => {
  process.chdir(cwd);
  await service?.close();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

async function run(c: FuzzCase): Promise<{ outcome: 'threw' | 'hung' | 'answered'; result?: unknown; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      service.handle(c.command as never, c.request),
      new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), DEADLINE_MS))),
    ]);
    return answer === 'hung' ? { outcome: 'hung' } : { outcome: 'answered', result: answer };
  } catch (e) {
    return { outcome: 'threw', error: e };
  } finally {
    clearTimeout(timer);
  }
}

function judge(c: FuzzCase, result: unknown): string | null {
  const r = result as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') return 'not a CommandResult';
  if (!r.ok) {
    if (!(ERROR_CODES as readonly string[]).includes(String(r.error?.code)) || typeof r.error?.message !== 'string') return 'an untyped error';
    if (c.expect === 'invalid' && !REFUSALS.has(String(r.error.code))) return `refused, but as ${String(r.error.code)}`;
    if (c.expect === 'valid' && (r.error.code === 'IPC_INVALID' || r.error.code === 'INTERNAL')) {
      // storage.recover on a whole history is a domain refusal, not a bad payload.
      if (!(c.command === 'storage.recover' && r.error.code !== 'INTERNAL'))
        return `a valid payload failed: ${String(r.error.code)} ${String(r.error.message)}`;
    }
    return null;
  }
  return c.expect === 'invalid' ? 'accepted a payload that must be refused' : null;
}

describe('LumioService.handle under fuzzing', () => {
  it(`answers ${COUNT} seeded payloads (seed ${SEED}) typed, in time, and refuses every bad one`, async () => {
    const started = performance.now();
    const cases = fuzzCases(SEED, COUNT, world);
    const canaryBefore = fs.readFileSync(canary, 'utf8');
    const tally = { threw: 0, hung: 0, wronglyAccepted: 0, wrongOutcome: 0, valid: 0, invalid: 0 };
    const failures: string[] = [];
    for (const c of cases) {
      tally[c.expect]++;
      const { outcome, result, error } = await run(c);
      if (outcome !== 'answered') {
        tally[outcome]++;
        failures.push(`${outcome}: ${String(c.command)} (${c.why}) ${error instanceof Error ? error.message : ''}`);
        continue;
      }
      const problem = judge(c, result);
      if (problem) {
        if (problem.startsWith('accepted')) tally.wronglyAccepted++;
        else tally.wrongOutcome++;
        failures.push(`${problem}: ${String(c.command)} (${c.why})`);
      }
    }
    const ms = performance.now() - started;
    console.log(
      `[fuzz] seed ${SEED}: ${cases.length} payloads (${tally.valid} valid, ${tally.invalid} invalid) in ${Math.round(ms)} ms; ` +
        `${tally.threw} threw, ${tally.hung} hung, ${tally.wronglyAccepted} wrongly accepted, ${tally.wrongOutcome} other wrong outcomes`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(tally).toMatchObject({ threw: 0, hung: 0, wronglyAccepted: 0, wrongOutcome: 0 });
    expect(tally.invalid).toBeGreaterThan(COUNT / 3);
    expect(tally.valid).toBeGreaterThan(COUNT / 3);

    // Nothing written outside Lumio's folders: the canary is intact, the sandbox holds only ours.
    expect(fs.readFileSync(canary, 'utf8')).toBe(canaryBefore);
    const stray = listFiles(sandbox).filter(
      (f) =>
        ![home, models, allowed].some((d) => f.startsWith(d + path.sep)) && f !== canary && !f.includes('not-a-folder-parent') && !f.endsWith('link-to-proc'),
    );
    expect(stray).toEqual([]);
    const exported = listFiles(home).filter((f) => f.includes(`${path.sep}exports${path.sep}`));
    for (const f of exported) expect(path.dirname(f)).toBe(path.join(home, 'exports'));
  });

  it('refuses every payload of the probe’s findings 1–4 with a typed error, and stores none of them', async () => {
    const before = await settingsNow();
    for (const c of findingPayloads(world)) {
      const { outcome, result } = await run(c);
      expect(outcome, c.why).toBe('answered');
      expect(judge(c, result), c.why).toBeNull();
    }
    expect(await settingsNow()).toEqual(before);
    expect(service.paths.models).toBe(models);
  });
});
