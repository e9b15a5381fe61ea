/**
 * The kill tests (`npm run test:crash`): Lumio is killed the way bad luck kills it, and every time
 * the saved history must be whole and complete, and no recording may be left anywhere.
 *   worker   SIGKILL of the engine worker at a random moment of a turn: a typed ENGINE_CRASHED (or
 *            the turn had finished), history intact, the next turn works.
 *   host     SIGKILL of a whole `lumio talk` process at a random moment: every turn it reported is
 *            saved, the file passes integrity_check, no audio file appeared, no worker is left.
 *   save     SIGKILL inside the save transaction (nothing of that turn, the rest intact) and right
 *            after it (the turn is there: WAL with synchronous=NORMAL survives a process crash).
 * Runs on the fixture models (`npm run fixtures`). Options: --rounds N (per kind, default 8), --seed S.
 * Prints one line per kill and a summary; exits 1 when any check failed. Takes a few minutes.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { forkNodeWorker } from '../../src/core/engine/node-channel.js';
import { LumioService, type ServiceEvent } from '../../src/core/service.js';
import { createPrng } from '../fixtures/prng.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = flag('rounds', 8);
const SEED = flag('seed', 7);
const repo = path.resolve(import.meta.dirname, '../..');
const models = process.env.LUMIO_FIXTURE_MODELS ?? path.join(repo, '.fixtures/models');
const random = createPrng(SEED);
const failures: string[] = [];
const counts = { worker: 0, host: 0, save: 0 };

if (!fs.existsSync(models)) {
  console.error(`No fixture models at ${models}: run npm run fixtures first.`);
  process.exit(2);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const temp = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

/** integrity_check and the turn ids, on a read-only connection of its own. */
function inspect(file: string): { ok: boolean; turnIds: Set<string> } {
  if (!fs.existsSync(file)) return { ok: true, turnIds: new Set() };
  const db = new Database(file, { readonly: true });
  try {
    const ok = db.pragma('integrity_check', { simple: true }) === 'ok';
    const ids = (db.prepare('SELECT id FROM turns').all() as Array<{ id: string }>).map((r) => r.id);
    return { ok, turnIds: new Set(ids) };
  } finally {
    db.close();
  }
}

function audioFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(wav|pcm|raw|f32)$/i.test(e.name) || (fs.statSync(p).size >= 4 && fs.readFileSync(p).subarray(0, 4).toString('latin1') === 'RIFF'))
        out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** Processes (Linux: from /proc) whose environment holds `entry`: what one host run started. */
function processesWith(entry: string): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(entry)) found.push(Number(name));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

// ── worker kills ─────────────────────────────────────────────────────────────────────────────

async function workerKills(): Promise<void> {
  const home = temp('lumio-crash-worker-');
  const service = await LumioService.open({ home, modelsDir: models, spawnWorker: () => forkNodeWorker() });
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const before = inspect(service.paths.database);
      const ended = new Promise<ServiceEvent>((resolve) => {
        const off = service.onEvent((e) => {
          if (e.type === 'turn.done' || e.type === 'turn.error') {
            off();
            resolve(e);
          }
        });
      });
      const started = await service.handle('turn.text', { text: `Round ${round}: tell me about the sea and the wind.`, options: { language: 'en' } });
      if (!started.ok) {
        failures.push(`worker ${round}: the turn did not start (${started.error.code})`);
        continue;
      }
      // The first turn also loads the models; later ones are about a second on the fixtures.
      const delay = Math.floor(random.next() * 4000);
      await sleep(delay);
      const pid = service.engine.workerPid;
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* it had just exited */
        }
      }
      const end = await ended;
      await service.idle();
      const after = inspect(service.paths.database);
      const crashed = end.type === 'turn.error';
      check(
        !crashed || (end.type === 'turn.error' && end.error.code === 'ENGINE_CRASHED'),
        `worker ${round}: error was ${end.type === 'turn.error' ? end.error.code : ''}, not ENGINE_CRASHED`,
      );
      check(after.ok, `worker ${round}: integrity_check failed`);
      check(
        [...before.turnIds].every((id) => after.turnIds.has(id)),
        `worker ${round}: a saved turn is gone`,
      );
      check(
        after.turnIds.size === before.turnIds.size + (crashed ? 0 : 1),
        `worker ${round}: ${after.turnIds.size - before.turnIds.size} turns saved for one ${crashed ? 'failed' : 'finished'} turn`,
      );
      console.log(
        `worker kill ${round + 1}/${ROUNDS} after ${delay} ms: ${crashed ? 'ENGINE_CRASHED' : 'the turn had finished'}, ${after.turnIds.size} turns saved, integrity ${after.ok ? 'ok' : 'FAILED'}`,
      );
      counts.worker++;
    }
    const next = new Promise<ServiceEvent>((resolve) => {
      const off = service.onEvent((e) => {
        if (e.type === 'turn.done' || e.type === 'turn.error') {
          off();
          resolve(e);
        }
      });
    });
    await service.handle('turn.text', { text: 'And after all that, how are you?', options: { language: 'en' } });
    check((await next).type === 'turn.done', 'worker: the turn after the kills did not finish');
  } finally {
    await service.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

// ── host kills ───────────────────────────────────────────────────────────────────────────────

async function hostKills(): Promise<void> {
  const home = temp('lumio-crash-host-');
  const tmp = temp('lumio-crash-host-tmp-');
  const wav = path.join(tmp, 'question.wav');
  spawnSync('espeak-ng', ['-v', 'en', '-w', wav, 'Good evening. Today was a quiet day and I read a book.']);
  const question = fs.readFileSync(wav);
  fs.rmSync(wav);
  const input = path.join(home, '..', `${path.basename(home)}-question.wav`);
  fs.writeFileSync(input, question);
  const reported = new Set<string>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // A whole talk takes 5-15 s here (start, model loading, the turn): some kills land after it.
      const delay = Math.floor(random.next() * 15000);
      // Typed: the CLI's spoken path is being moved to the streaming turn commands (turn.begin/audio/end).
      const child = spawn(
        process.execPath,
        [path.join(repo, 'bin/lumio.js'), 'talk', '--text', 'Good evening. Today was a quiet day and I read a book.', '--lang', 'en', '--json'],
        {
          cwd: repo,
          env: { ...process.env, LUMIO_HOME: home, LUMIO_MODELS_DIR: models, TMPDIR: tmp },
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await Promise.race([sleep(delay), exited]);
      child.kill('SIGKILL');
      await exited;
      // A finished run printed its JSON after the turn was saved: that turn must be in the file.
      const printed = /"conversationId"/.test(stdout) ? (JSON.parse(stdout) as { conversationId: string }).conversationId : null;
      await sleep(1500); // the orphaned worker notices its parent is gone and exits
      const after = inspect(path.join(home, 'lumio.db'));
      const conversations = fs.existsSync(path.join(home, 'lumio.db'))
        ? (() => {
            const db = new Database(path.join(home, 'lumio.db'), { readonly: true });
            const ids = (db.prepare('SELECT id FROM conversations').all() as Array<{ id: string }>).map((r) => r.id);
            db.close();
            return new Set(ids);
          })()
        : new Set<string>();
      if (printed) reported.add(printed);
      check(after.ok, `host ${round}: integrity_check failed`);
      check(
        [...reported].every((id) => conversations.has(id)),
        `host ${round}: a reported turn is missing`,
      );
      const audio = [...audioFiles(home), ...audioFiles(tmp)];
      check(audio.length === 0, `host ${round}: audio left behind: ${audio.join(', ')}`);
      // A worker busy in native code (loading a model) sees the disconnect only when it is done: allow it 10 s.
      let orphans = processesWith(`LUMIO_HOME=${home}`);
      for (let i = 0; i < 20 && orphans.length > 0; i++) {
        await sleep(500);
        orphans = processesWith(`LUMIO_HOME=${home}`);
      }
      check(orphans.length === 0, `host ${round}: ${orphans.length} engine workers outlived their host`);
      for (const pid of orphans) process.kill(pid, 'SIGKILL');
      console.log(
        `host kill ${round + 1}/${ROUNDS} after ${delay} ms: ${printed ? 'the turn had finished' : 'mid-turn'}, ${after.turnIds.size} turns saved, integrity ${after.ok ? 'ok' : 'FAILED'}, audio files ${audio.length}${orphans.length ? `, workers left running: ${orphans.length}` : ''}`,
      );
      counts.host++;
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(input, { force: true });
  }
}

// ── kills around the save transaction ────────────────────────────────────────────────────────

const SAVE_CHILD = `
import Database from 'better-sqlite3';
import { LumioStore } from ${JSON.stringify(path.join(repo, 'src/core/store/history.ts'))};
import { sampleTurn } from ${JSON.stringify(path.join(repo, 'src/core/testing/sample-turn.ts'))};
const [file, when] = process.argv.slice(-2);
const store = LumioStore.open(file);
if (when === 'inside') {
  // A temporary trigger on this connection only: the process dies between the INSERT and the COMMIT.
  store.db.function('die', () => { process.kill(process.pid, 'SIGKILL'); return 0; });
  store.db.exec('CREATE TEMP TRIGGER die_inside AFTER INSERT ON main.turns BEGIN SELECT die(); END;');
}
const saved = store.appendTurn(sampleTurn('c1', 'the turn of this kill', 'reply', { id: 'kill-turn' }));
process.stdout.write('saved ' + saved.id + '\\n');
process.kill(process.pid, 'SIGKILL');
`;

function saveKills(): void {
  const dir = temp('lumio-crash-save-');
  const script = path.join(dir, 'save-child.mts');
  fs.writeFileSync(script, SAVE_CHILD);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const when = round % 2 === 0 ? 'inside' : 'after';
      const file = path.join(dir, `r${round}`, 'lumio.db');
      fs.mkdirSync(path.dirname(file));
      const db = new Database(file);
      db.close();
      // Earlier history, saved by a normal run.
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `const { LumioStore } = await import(${JSON.stringify(path.join(repo, 'src/core/store/history.ts'))}); const { sampleTurn } = await import(${JSON.stringify(path.join(repo, 'src/core/testing/sample-turn.ts'))}); const s = LumioStore.open(${JSON.stringify(file)}); for (let i = 0; i < 20; i++) s.appendTurn(sampleTurn('c1', 'old ' + i, 'r', { id: 'old-' + i })); s.close();`,
        ],
        { cwd: repo },
      );
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, file, when], { cwd: repo, encoding: 'utf8' });
      const after = inspect(file);
      check(r.signal === 'SIGKILL', `save ${round}: the child was not killed (${r.status} ${r.stderr.slice(0, 200)})`);
      check(after.ok, `save ${round}: integrity_check failed`);
      check(
        Array.from({ length: 20 }, (_, i) => `old-${i}`).every((id) => after.turnIds.has(id)),
        `save ${round}: an earlier turn is gone`,
      );
      if (when === 'inside') check(!after.turnIds.has('kill-turn') && !r.stdout.includes('saved'), `save ${round}: half a transaction survived`);
      else check(after.turnIds.has('kill-turn') && r.stdout.includes('saved kill-turn'), `save ${round}: a saved turn was lost by the kill after it`);
      console.log(
        `save kill ${round + 1}/${ROUNDS} ${when} the transaction: ${after.turnIds.size} turns, the killed turn ${after.turnIds.has('kill-turn') ? 'saved' : 'absent'}, integrity ${after.ok ? 'ok' : 'FAILED'}`,
      );
      counts.save++;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const t0 = performance.now();
await workerKills();
await hostKills();
saveKills();
const total = counts.worker + counts.host + counts.save;
console.log(
  `\n${total} kills (${counts.worker} worker, ${counts.host} host, ${counts.save} around the save) in ${Math.round((performance.now() - t0) / 1000)} s, seed ${SEED}: ` +
    (failures.length ? `${failures.length} FAILED` : 'no saved turn lost or damaged, no audio left behind'),
);
for (const f of failures) console.log(`  FAILED ${f}`);
process.exit(failures.length ? 1 : 0);
