/**
 * Measures the app's whole crisis check on a labelled TSV (a header naming label, lang and text):
 * the rules and the learned model (assessCrisis), and the chat model's second opinion on the turns
 * the model is unsure of, when a chat model is installed in LUMIO_MODELS_DIR.
 *
 *   npm run eval:safety -- --data data/safety-eval.tsv
 *   npm run eval:safety -- --data F --no-second-opinion     # the fast check alone
 *   npm run eval:safety -- --data F --try-judge             # ask the chat model even if its manifest lacks crisisJudge
 *   npm run eval:safety -- --ordinary                        # false alarms on the 18,380 ordinary messages
 *   npm run eval:safety -- --timing                          # p50/p99 of assessCrisis per turn
 *   npm run eval:safety -- --replies                         # turns flagged in the reply sets (data/replies/*.tsv)
 *
 * Prints every misclassified line, one line per language
 * (`en: tp … fp … fn … tn …; precision P recall R`), and last `precision P recall R`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../src/shared/domain.js';
import { llmThreads } from '../src/core/engine/threads.js';
import { loadLlamaChat, type LlamaChatModel } from '../src/core/llm/llama-chat.js';
import { listInstalledModels } from '../src/core/models/locate.js';
import { assessCrisis } from '../src/core/safety/assess-crisis.js';
import type { CrisisCategory } from '../src/core/safety/crisis-patterns.js';
import { crisisSecondOpinion } from '../src/core/safety/second-opinion.js';
import { loadScenarios } from './lib/reply-scenarios.js';
import { isOrdinaryHoldout, loadOrdinary, readSafetyTsv } from './lib/safety-data.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const file = arg('data');
const ordinaryMode = argv.includes('--ordinary');
const timingMode = argv.includes('--timing');
const repliesMode = argv.includes('--replies');
if (!file && !ordinaryMode && !timingMode && !repliesMode) {
  console.error('usage: eval-safety --data <file.tsv> [--no-second-opinion] | --ordinary [--all] | --timing | --replies');
  process.exit(2);
}

/**
 * The installed chat model the app would ask: one whose manifest says crisisJudge (as the app's
 * worker decides), or with --try-judge any chat model, to measure a candidate.
 */
async function findChatModel(): Promise<string | null> {
  const dir = process.env.LUMIO_MODELS_DIR;
  if (!dir) return null;
  const llm = (await listInstalledModels(dir)).find((m) => m.manifest.role === 'llm' && (m.manifest.crisisJudge || argv.includes('--try-judge')));
  const file = llm?.manifest.files.model;
  return llm && file ? path.join(llm.dir, file) : null;
}

const SECOND_OPINION_BUDGET_MS = 20_000;
let llm: LlamaChatModel | null = null;
if (!argv.includes('--no-second-opinion') && !timingMode) {
  const modelPath = await findChatModel();
  if (modelPath) {
    llm = await loadLlamaChat({ modelPath, threads: llmThreads(), contextSize: 1024 });
    console.log(`second opinion: ${path.basename(modelPath)} (${llm.backend})`);
  } else {
    console.log(
      'second opinion: none (no chat model in LUMIO_MODELS_DIR whose manifest says crisisJudge; --try-judge asks one anyway); the fast check decides alone',
    );
  }
}
const askTimes: number[] = [];

/** The decision the app makes for one turn. */
async function decide(text: string, lang: Language): Promise<{ category: CrisisCategory | null; how: string }> {
  const a = assessCrisis(text, lang);
  const how = a.source === 'rule' ? `rule "${a.matched}"` : `model p=${a.probability.toFixed(2)}`;
  if (!a.unsure || !llm) return { category: a.category, how };
  const started = performance.now();
  try {
    const chat = llm;
    const category = await crisisSecondOpinion(text, lang, (p, s, o) => chat.completeJson(p, s, o), AbortSignal.timeout(SECOND_OPINION_BUDGET_MS));
    return { category, how: `${how}, unsure; chat model: ${category ?? 'none'}` };
  } catch (e) {
    return { category: a.category, how: `${how}, unsure; chat model failed (${(e as Error).message})` };
  } finally {
    askTimes.push(performance.now() - started);
  }
}

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}
const ratio = (a: number, b: number): string => (b === 0 ? '1.000' : (a / b).toFixed(3));

if (timingMode) {
  const texts = readSafetyTsv(path.join(root, 'data', 'safety', 'team.tsv'), 'team');
  const first = performance.now();
  assessCrisis(texts[0]!.text, texts[0]!.lang);
  const firstMs = performance.now() - first;
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const r of texts) {
      const t = performance.now();
      assessCrisis(r.text, r.lang);
      times.push(performance.now() - t);
    }
  }
  console.log(
    `assessCrisis on ${texts.length} lines × 3: first call ${firstMs.toFixed(1)} ms (loads the model), then p50 ${percentile(times, 0.5).toFixed(3)} ms, p99 ${percentile(times, 0.99).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms`,
  );
}

if (ordinaryMode) {
  const all = loadOrdinary(path.join(root, '..', 'shared', 'data'));
  const messages = argv.includes('--all') ? all : all.filter((m) => isOrdinaryHoldout(m.text));
  let flagged = 0,
    unsure = 0;
  for (const m of messages) {
    const a = assessCrisis(m.text, m.lang);
    if (a.unsure) unsure++;
    const d = await decide(m.text, m.lang);
    if (d.category) {
      flagged++;
      console.log(`FALSE ALARM [${m.lang}] ${m.text.replace(/\s+/g, ' ').slice(0, 200)}   (${d.category}: ${d.how})`);
    }
  }
  const what = argv.includes('--all')
    ? 'all ordinary messages (half were training negatives)'
    : 'the held-out half of the ordinary messages (never trained on)';
  console.log(
    `${what}: ${messages.length}; flagged ${flagged} (${((100 * flagged) / messages.length).toFixed(3)} %); unsure ${unsure} (${((100 * unsure) / messages.length).toFixed(2)} %)`,
  );
}

if (repliesMode) {
  // The person's turns of the scripted conversations: what people say to a companion, in its own
  // register, and none of them written as a crisis, so every flag is a false alarm that would
  // have answered an ordinary turn with the crisis reply.
  const dir = path.join(root, 'data', 'replies');
  let turns = 0,
    flagged = 0,
    unsure = 0;
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()) {
    for (const scenario of loadScenarios(path.join(dir, name))) {
      for (const { text } of scenario.turns) {
        turns++;
        if (assessCrisis(text, scenario.lang).unsure) unsure++;
        const d = await decide(text, scenario.lang);
        if (d.category) {
          flagged++;
          console.log(`FLAGGED [${name} ${scenario.id} ${scenario.lang}] ${text}   (${d.category}: ${d.how})`);
        }
      }
    }
  }
  console.log(
    `reply-set turns: ${turns}; flagged ${flagged} (${((100 * flagged) / turns).toFixed(2)} %); unsure ${unsure} (${((100 * unsure) / turns).toFixed(2)} %)`,
  );
}

if (file) {
  const rows = readSafetyTsv(file, path.basename(file));
  let tp = 0,
    fp = 0,
    fn = 0;
  const perLang: Record<string, { tp: number; fp: number; fn: number; tn: number }> = {};
  for (const row of rows) {
    const d = await decide(row.text, row.lang);
    const s = (perLang[row.lang] ??= { tp: 0, fp: 0, fn: 0, tn: 0 });
    if (row.label === 1 && d.category) {
      tp++;
      s.tp++;
    } else if (row.label === 1) {
      fn++;
      s.fn++;
      console.log(`MISSED      [${row.lang}] ${row.text}   (${d.how})`);
    } else if (d.category) {
      fp++;
      s.fp++;
      console.log(`FALSE ALARM [${row.lang}] ${row.text}   (${d.category}: ${d.how})`);
    } else s.tn++;
  }
  for (const [lang, s] of Object.entries(perLang).sort()) {
    console.log(`${lang}: tp ${s.tp} fp ${s.fp} fn ${s.fn} tn ${s.tn}; precision ${ratio(s.tp, s.tp + s.fp)} recall ${ratio(s.tp, s.tp + s.fn)}`);
  }
  if (askTimes.length)
    console.log(
      `chat model asked on ${askTimes.length} of ${rows.length} lines; ${percentile(askTimes, 0.5).toFixed(0)} ms p50, ${percentile(askTimes, 0.9).toFixed(0)} ms p90 each`,
    );
  console.log(`precision ${ratio(tp, tp + fp)} recall ${ratio(tp, tp + fn)}`);
}
await llm?.dispose();
