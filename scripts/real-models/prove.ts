import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatheredRecord } from './gather.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

export interface ProofResult {
  id: string;
  ok: boolean;
  [k: string]: unknown;
}

/**
 * Runs one probe script in its own Node process: a native abort or segfault then ends only
 * the probe, and the parent reports it as a failed proof instead of dying.
 */
function runProbe(script: string, probeArgs: string[], timeoutMs = 15 * 60_000): { result: Record<string, unknown> | null; error?: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, script), ...probeArgs], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  const ms = Date.now() - t0;
  const line = r.stdout
    ?.split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT '));
  if (line) return { result: JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>, ms };
  const why = r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  const tail = `${r.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
  return { result: null, error: `${why}: ${tail}`, ms };
}

/**
 * Proves the models (all, or those named in `only`), and writes proof.json; with `only`, the other
 * models keep their earlier results there, so proving one new model does not erase the rest.
 */
export async function runProofs(out: string, shared: string, all: GatheredRecord[], log: (s: string) => void, only?: string[]): Promise<ProofResult[]> {
  const models = only ? all.filter((m) => only.includes(m.id)) : all;
  if (models.length === 0) {
    log('  nothing to prove: none of the chosen models is there');
    return [];
  }
  const results: ProofResult[] = [];
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
  log(`  (machine load average ${load} on ${(await import('node:os')).cpus().length} cores: timings are from this machine as it was)`);
  const proofDir = path.join(out, 'proof');
  fs.mkdirSync(proofDir, { recursive: true });
  const jfk = path.join(shared, 'models', 'audio', 'jfk.wav');
  for (const m of models) {
    const dir = path.join(out, m.dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'lumio-model.json'), 'utf8')) as { files: { model: string } };
    const model = path.join(dir, manifest.files.model);
    let probe: ReturnType<typeof runProbe>;
    if (m.role === 'llm') probe = runProbe('probe-llm.ts', [model]);
    else if (m.role === 'tts') probe = runProbe('probe-tts.ts', [dir, path.join(proofDir, `${m.id}.wav`)]);
    else if (m.role === 'vad') {
      if (!fs.existsSync(jfk)) {
        log(`  ${m.id}: skipped (no ${jfk})`);
        continue;
      }
      probe = runProbe('probe-vad.ts', [model, jfk]);
    } else if (m.role === 'stt') {
      if (!fs.existsSync(jfk)) {
        log(`  ${m.id}: skipped (no ${jfk})`);
        continue;
      }
      probe = runProbe('probe-stt.ts', [model, jfk, 'en']);
      // Russian too (no reference transcript exists for these samples; the text is shown for a person to judge).
      const ru = path.join(shared, 'models', 'audio', 'tinkoff_sample_3_ru.wav');
      if (probe.result && fs.existsSync(ru)) {
        const r = runProbe('probe-stt.ts', [model, ru, 'ru']);
        probe.result.ru = r.result ?? { error: r.error };
      }
    } else continue;
    const res: ProofResult = probe.result
      ? { id: m.id, ok: true, ...probe.result, wallMs: probe.ms }
      : { id: m.id, ok: false, error: probe.error, wallMs: probe.ms };
    results.push(res);
    log(`  ${m.id}: ${res.ok ? 'OK' : 'FAILED'} ${JSON.stringify({ ...res, id: undefined, ok: undefined })}`);
  }
  // Round trip: can the real recognizer understand the real voice?
  const stt = all.find((m) => m.role === 'stt');
  for (const r of results.filter((x) => x.ok && typeof x.wav === 'string')) {
    if (!stt) break;
    const sttManifest = JSON.parse(fs.readFileSync(path.join(out, stt.dir, 'lumio-model.json'), 'utf8')) as { files: { model: string } };
    const heard = runProbe('probe-stt.ts', [path.join(out, stt.dir, sttManifest.files.model), r.wav as string, 'en']);
    r.heardBy = { stt: stt.id, ...(heard.result ?? { error: heard.error }) };
    log(`  ${r.id} heard by ${stt.id}: ${JSON.stringify((heard.result as { text?: string } | null)?.text ?? heard.error)}`);
  }
  const proofFile = path.join(out, 'proof.json');
  // Results carried over keep the load average they were measured at.
  const before = only && fs.existsSync(proofFile) ? (JSON.parse(fs.readFileSync(proofFile, 'utf8')) as { loadAverage?: number; results?: ProofResult[] }) : {};
  const earlier = (before.results ?? []).filter((r) => !results.some((x) => x.id === r.id)).map((r) => ({ loadAverage: before.loadAverage, ...r }));
  fs.writeFileSync(proofFile, JSON.stringify({ at: new Date().toISOString(), loadAverage: Number(load), results: [...earlier, ...results] }, null, 2) + '\n');
  return results;
}
