/**
 * `npm run eval:replies` — the companion's replies on a real chat model, measured.
 *
 *   npm run eval:replies -- --data data/replies/scenarios.tsv --models .fixtures/real-models
 *                           [--llm ID,ID] [--only ID,ID] [--limit N] [--out FILE] [--voices DIR] [--seed N]
 *   npm run eval:replies -- --rescore eval/replies-<date>.md   (judge a written run again, no model)
 *
 * Each scenario is one conversation of typed turns through the app's own path (LumioService →
 * engine worker → turn: mood, safety, the app's prompts and turn notes, memory, the chat model),
 * in the scenario's tone. Every chat model in --models (or those named by --llm) runs every
 * scenario; each model gets a history of its own, wiped between scenarios so one scenario's
 * facts never reach another. Every exchange goes to eval/replies-<date>.md; the measures
 * (scripts/lib/reply-metrics.ts) are printed for all scenarios, the tuning set and the held-out
 * ids (ho-…), each also per language. `--seed N` fixes the chat model's sampling, so two runs of
 * the same code give the same replies and a difference between runs comes from the change made
 * (unseeded, as the app samples, one run differs from the next by as much as a change does).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DroppedSentence, Mood } from '../src/shared/domain.js';
import { LumioError } from '../src/shared/errors.js';
import { forkNodeWorker } from '../src/core/engine/node-channel.js';
import { listInstalledModels, type InstalledModel } from '../src/core/models/locate.js';
import { LumioService } from '../src/core/service.js';
import { followTurn } from '../src/core/service/follow-turn.js';
import { hitsExpected, judgeTurns, loadLexicon, metricLines, summarize, type ScoredTurn, type TurnVerdict } from './lib/reply-metrics.js';
import { isHeldOut, loadScenarios, selectScenarios, type Scenario } from './lib/reply-scenarios.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const list = (v: string | undefined): string[] | undefined =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

interface Exchange extends ScoredTurn {
  mood?: Mood;
  /** What the reply editor left out of the model's words (shown in the transcript, not measured). */
  dropped?: DroppedSentence[];
  /** The person's name, added to the reply by the reply editor (the model did not say it). */
  addedName?: string;
  ms: number;
  error?: string;
}

/**
 * A models folder with this chat model as the only one, the speech models the service insists on
 * (typed turns never load them), and voices: the project's miniature fixture voices when there
 * are any (--voices, default .fixtures/models), since the replies are read here, not listened to,
 * and a real voice would take the CPU from the chat model.
 */
function modelsDirFor(llm: InstalledModel, installed: InstalledModel[], voices: InstalledModel[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-eval-models-'));
  const speech = installed.filter((x) => x.manifest.role === 'stt' || x.manifest.role === 'vad' || (!voices.length && x.manifest.role === 'tts'));
  for (const m of [llm, ...speech, ...voices]) {
    fs.symlinkSync(m.dir, path.join(dir, path.basename(m.dir)), 'dir');
  }
  return dir;
}

async function turnOnce(service: LumioService, turnId: string, text: string, conversationId: string | undefined) {
  const { events, finished } = followTurn(service, turnId);
  const r = await service.handle('turn.text', { turnId, text, options: conversationId ? { conversationId } : {} });
  if (!r.ok) throw LumioError.fromPayload(r.error);
  const end = await finished;
  const mood = events.find((e) => e.type === 'turn.mood');
  const crisis = events.some((e) => e.type === 'turn.crisis');
  return { end, mood: mood && mood.type === 'turn.mood' ? mood.mood : undefined, crisis };
}

async function runModel(
  llm: InstalledModel,
  installed: InstalledModel[],
  voices: InstalledModel[],
  scenarios: Scenario[],
  seed: number | undefined,
  onScenario: (soFar: Exchange[]) => void,
): Promise<Exchange[]> {
  const modelsDir = modelsDirFor(llm, installed, voices);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-eval-replies-'));
  const service = await LumioService.open({ home, modelsDir, spawnWorker: () => forkNodeWorker(), ...(seed === undefined ? {} : { samplingSeed: seed }) });
  const out: Exchange[] = [];
  try {
    await service.engine.warmup();
    for (const [si, s] of scenarios.entries()) {
      const set = await service.handle('settings.set', { tone: s.tone, language: s.lang, llmModel: llm.manifest.id });
      if (!set.ok) throw LumioError.fromPayload(set.error);
      let conversationId: string | undefined;
      for (const [ti, turn] of s.turns.entries()) {
        const started = performance.now();
        const turnId = `eval-${si}-${ti}`;
        const { end, mood, crisis } = await turnOnce(service, turnId, turn.text, conversationId);
        const ms = Math.round(performance.now() - started);
        const base = {
          scenario: s.id,
          lang: s.lang,
          tone: s.tone,
          user: turn.text,
          ...(turn.expect ? { expect: turn.expect } : {}),
          ms,
          ...(mood ? { mood } : {}),
        };
        if (end.type === 'turn.done') {
          conversationId = end.conversationId;
          out.push({
            ...base,
            reply: end.replyText,
            ...(crisis ? { crisis } : {}),
            ...(end.dropped ? { dropped: end.dropped } : {}),
            ...(end.addedName ? { addedName: end.addedName } : {}),
          });
        } else if (end.type === 'turn.error') {
          out.push({ ...base, reply: '', error: `${end.error.code}: ${end.error.message}` });
        }
        const last = out[out.length - 1]!;
        process.stderr.write(
          `${s.id} ${ti + 1}/${s.turns.length} ${ms} ms  «${last.reply.slice(0, 90).replace(/\n/g, ' ')}»${last.error ? ` ${last.error}` : ''}\n`,
        );
      }
      // One person per scenario: nothing they told (facts, summaries) may reach the next one. The
      // host learns from a turn just after turn.done (setImmediate): let that happen first.
      await new Promise((r) => setTimeout(r, 100));
      const wiped = await service.handle('history.wipe', { confirm: true });
      if (!wiped.ok) throw LumioError.fromPayload(wiped.error);
      onScenario(out);
    }
  } finally {
    await service.close();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(modelsDir, { recursive: true, force: true });
  }
  return out;
}

function flags(v: TurnVerdict, e: Exchange): string[] {
  const f: string[] = [];
  if (e.crisis) f.push('crisis reply (not measured)');
  if (e.error) f.push(`error ${e.error}`);
  if (!v.languageMatch) f.push('wrong language');
  if (v.expectHit === false) f.push(`missed "${e.expect}"`);
  if (v.expectHit === true) f.push(`hit "${e.expect}"`);
  if (v.repeatedQuestion) f.push('repeated question');
  if (v.formatting) f.push(`formatting: ${v.formatting}`);
  if (v.advice) f.push(`advice: "${v.advice}"`);
  return f;
}

function transcript(model: InstalledModel, exchanges: Exchange[], verdicts: TurnVerdict[]): string {
  const lines: string[] = [`## ${model.manifest.name} (\`${model.manifest.id}\`)`, ''];
  let current = '';
  exchanges.forEach((e, i) => {
    if (e.scenario !== current) {
      current = e.scenario;
      lines.push(`### ${e.scenario} — ${e.lang}, ${e.tone}${isHeldOut(e.scenario) ? ' (held out)' : ''}`, '');
    }
    const mood = e.mood ? ` _(${e.mood.label} ${e.mood.confidence.toFixed(2)})_` : '';
    lines.push(`**Person:** ${e.user}${mood}`, '', `**Lumio:** ${e.reply.replace(/\n+/g, ' ⏎ ') || '∅'}`, '');
    for (const d of e.dropped ?? []) lines.push(`> ~~${d.sentence.replace(/\n+/g, ' ')}~~ _(left out: ${d.reason})_`, '');
    if (e.addedName) lines.push(`> _(name added: ${e.addedName})_`, '');
    const f = flags(verdicts[i]!, e);
    lines.push(`<sub>${verdicts[i]!.words} words, ${(e.ms / 1000).toFixed(1)} s${f.length ? ` · ${f.join(' · ')}` : ''}</sub>`, '');
  });
  return lines.join('\n');
}

function report(label: string, exchanges: Exchange[], verdicts: TurnVerdict[]): string[] {
  if (!exchanges.length) return [];
  const pick = (pred: (e: Exchange) => boolean) => {
    const idx = exchanges.map((e, i) => (pred(e) ? i : -1)).filter((i) => i >= 0);
    return summarize(
      idx.map((i) => exchanges[i]!),
      idx.map((i) => verdicts[i]!),
    );
  };
  const all = pick(() => true);
  const scenarios = new Set(exchanges.map((e) => e.scenario)).size;
  const lines = [
    `# ${label}: ${scenarios} conversations, ${all.turns} replies measured (${all.expectTurns} with expect, ${all.questionTurns} asking, ${all.supportiveTurns} supportive without a request for advice)`,
  ];
  lines.push(...metricLines(all), ownWordsLine(exchanges, verdicts));
  for (const lang of ['en', 'ru'] as const) {
    if (exchanges.some((e) => e.lang === lang)) {
      const idx = exchanges.map((e, i) => (e.lang === lang ? i : -1)).filter((i) => i >= 0);
      lines.push(
        ...metricLines(
          pick((e) => e.lang === lang),
          lang,
        ),
        ownWordsLine(
          idx.map((i) => exchanges[i]!),
          idx.map((i) => verdicts[i]!),
          lang,
        ),
      );
    }
  }
  return lines;
}

/** The reply was the person's own earlier words, because the model's never said any of them (reply-editor.ts). */
const ownWords = (e: Exchange): boolean => (e.dropped ?? []).some((d) => d.reason === 'not answered');

/** The reply hits its expect only through the name the reply editor added. */
const onlyByAddedName = (e: Exchange): boolean =>
  e.addedName !== undefined && e.expect !== undefined && !hitsExpected(e.reply.replace(`, ${e.addedName}`, ''), e.expect);

/**
 * How much of expect-hit the model earned itself: the replies that were the person's own words said
 * back (the model's reply did not answer a question asked back), and those that hit only by the
 * name the editor added, are counted apart.
 */
function ownWordsLine(exchanges: Exchange[], verdicts: TurnVerdict[], suffix = ''): string {
  const withExpect = verdicts.filter((v) => v.expectHit !== null).length;
  const byModel = verdicts.filter((v, i) => v.expectHit === true && !ownWords(exchanges[i]!) && !onlyByAddedName(exchanges[i]!)).length;
  const replaced = exchanges.filter(ownWords).length;
  const named = exchanges.filter((e, i) => verdicts[i]!.expectHit === true && onlyByAddedName(e)).length;
  const s = suffix ? ` ${suffix}` : '';
  return `expect-hit-by-model${s} ${withExpect ? (byModel / withExpect).toFixed(2) : 'n/a'} (own words said back instead: ${replaced} replies; hit only by the added name: ${named})`;
}

/**
 * Reads the exchanges back from a transcript file this script wrote, so a changed detector can
 * judge an old run again without a model (--rescore FILE).
 */
function readTranscript(file: string): Exchange[] {
  const out: Exchange[] = [];
  let head: { scenario: string; lang: 'en' | 'ru'; tone: 'friendly' | 'supportive' | 'neutral' } | null = null;
  let user = '';
  let reply: string | null = null;
  const notAnswered: DroppedSentence[] = [];
  let addedName: string | undefined;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const h = /^### (\S+) — (en|ru), (friendly|supportive|neutral)/.exec(line);
    if (h) head = { scenario: h[1]!, lang: h[2] as 'en', tone: h[3] as 'friendly' };
    else if (line.startsWith('**Person:** ')) user = line.slice(12).replace(/ _\([^)]*\)_$/, '');
    else if (line.startsWith('**Lumio:** ')) reply = line.slice(11).replace(/ ⏎ /g, '\n').replace(/^∅$/, '');
    else if (line.startsWith('<sub>') && head && reply !== null) {
      const expect = /(?:hit|missed) "([^"]*)"/.exec(line)?.[1];
      out.push({
        ...head,
        user,
        reply,
        ms: 0,
        ...(expect ? { expect } : {}),
        ...(line.includes('crisis reply') ? { crisis: true } : {}),
        ...(notAnswered.length ? { dropped: notAnswered.splice(0) } : {}),
        ...(addedName ? { addedName } : {}),
      });
      reply = null;
      addedName = undefined;
    } else if (line.startsWith('> _(name added: ')) {
      addedName = line.slice('> _(name added: '.length, -')_'.length);
    } else if (line.startsWith('> ~~') && line.endsWith('_(left out: not answered)_')) {
      notAnswered.push({ sentence: line.slice(4, line.indexOf('~~', 4)), reason: 'not answered' });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const rescore = arg('rescore');
  if (rescore) {
    const lexicon = loadLexicon(path.join(root, 'data', 'replies', 'lexicon.json'));
    const exchanges = readTranscript(rescore);
    const verdicts = judgeTurns(exchanges, lexicon);
    const held = (e: Exchange) => isHeldOut(e.scenario);
    console.log(
      [
        ...report('all', exchanges, verdicts),
        ...report(
          'tuning set (not ho-)',
          exchanges.filter((e) => !held(e)),
          verdicts.filter((_, i) => !held(exchanges[i]!)),
        ),
        ...report(
          'held out (ho-)',
          exchanges.filter(held),
          verdicts.filter((_, i) => held(exchanges[i]!)),
        ),
      ].join('\n'),
    );
    return;
  }
  const data = arg('data');
  const modelsArg = arg('models');
  if (!data || !modelsArg) {
    console.error('usage: npm run eval:replies -- --data FILE.tsv --models DIR [--llm ID,ID] [--only ID,ID] [--limit N] [--out FILE] [--seed N]');
    process.exit(2);
  }
  const lexicon = loadLexicon(path.join(root, 'data', 'replies', 'lexicon.json'));
  const limit = arg('limit');
  const seedArg = arg('seed');
  const seed = seedArg === undefined ? undefined : Number(seedArg);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed takes a whole number, not "${seedArg}"`);
  const only = list(arg('only'));
  const scenarios = selectScenarios(loadScenarios(path.resolve(data)), { ...(only ? { only } : {}), ...(limit ? { limit: Number(limit) } : {}) });
  const wanted = list(arg('llm'));
  const installed = await listInstalledModels(path.resolve(modelsArg));
  const voices = (await listInstalledModels(path.resolve(arg('voices') ?? path.join(root, '.fixtures', 'models')))).filter((m) => m.manifest.role === 'tts');
  const llms = installed.filter((m) => m.manifest.role === 'llm' && (!wanted || wanted.includes(m.manifest.id)));
  if (!llms.length) throw new Error(`no chat model${wanted ? ` ${wanted.join(', ')}` : ''} in ${modelsArg}`);
  const date = new Date().toISOString().slice(0, 10);
  const out = path.resolve(arg('out') ?? path.join(root, 'eval', `replies-${date}.md`));
  const md: string[] = [
    `# Lumio replies — ${date}`,
    '',
    `Scenarios: \`${path.relative(root, path.resolve(data))}\`${only ? ` (only ${only.join(', ')})` : ''}${limit ? ` (first ${limit})` : ''}${seed === undefined ? '' : `, sampling seed ${seed}`}. Typed turns through LumioService, the app's prompts and memory. Written by \`npm run eval:replies\`.`,
    '',
  ];
  const printed: string[] = [];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  for (const llm of llms) {
    const started = performance.now();
    const section = (exchanges: Exchange[], done: boolean) => {
      const verdicts = judgeTurns(exchanges, lexicon);
      const scenariosDone = new Set(exchanges.map((e) => e.scenario)).size;
      const lines = [
        `model ${llm.manifest.id} (${((performance.now() - started) / 60000).toFixed(1)} min${done ? '' : `, ${scenariosDone} of ${scenarios.length} conversations so far`})`,
        ...report('all', exchanges, verdicts),
        ...report(
          'tuning set (not ho-)',
          exchanges.filter((e) => !isHeldOut(e.scenario)),
          verdicts.filter((_, i) => !isHeldOut(exchanges[i]!.scenario)),
        ),
        ...report(
          'held out (ho-)',
          exchanges.filter((e) => isHeldOut(e.scenario)),
          verdicts.filter((_, i) => isHeldOut(exchanges[i]!.scenario)),
        ),
      ];
      return { lines, body: ['```', ...lines, '```', '', transcript(llm, exchanges, verdicts), ''] };
    };
    // Written after every conversation, so a run cut short still leaves what it measured.
    const exchanges = await runModel(llm, installed, voices, scenarios, seed, (soFar) => {
      fs.writeFileSync(out, `${[...md, ...section(soFar, false).body].join('\n')}\n`);
    });
    const { lines, body } = section(exchanges, true);
    printed.push(...lines, '');
    md.push(...body);
  }
  fs.writeFileSync(out, `${md.join('\n')}\n`);
  console.log(printed.join('\n'));
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((e: unknown) => {
  console.error(`eval:replies failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
