/**
 * `npm run bench` — what a person waits for, over a whole conversation.
 *
 *   npm run bench -- --conversation DIR --models MODELS --out FILE
 *   npm run bench -- --typed bench/conversations/en-typed-30.txt --models MODELS
 *   … --llm ID / --stt ID choose among several models of a kind in MODELS (default: the app's choice)
 *   … --ui-lang ru: the UI language (a first turn's guess at the language spoken; default en)
 *
 * DIR holds 01.wav, 02.wav, … (the person's turns, in order; any common WAV format;
 * `npm run bench:conversations` makes them from bench/conversations/*.txt). Each file is fed at
 * real-time pace through the same turn-session commands the app's renderer sends (begin → audio
 * blocks → end, via LumioService and a real engine worker process), then released; the reply is
 * listened to (its duration waited) before the next turn. End of speech is the release; first audio
 * is the first reply audio the host hands on.
 *
 * The same conversation then runs again as the baseline, in the same process: the recording
 * transcribed whole after the release, the prompt read again for every reply, the first sentence
 * spoken whole. Writes JSON (default bench/results.json) and prints both runs side by side.
 * With --typed FILE, the lines are typed turns and the figure is the time to the first token;
 * --typing-ms N waits N ms before each message is sent, after the reply to the last (a person reading
 * the reply and typing; default 0: sent at once, the worst case for work done after a reply). Over those
 * N ms the message is typed at an even pace, and its whole words go ahead as drafts by the app's own
 * rule (shared/draft.ts: at most one every 500 ms); --no-drafts types without them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Timings, TurnEvent } from '../src/shared/domain.js';
import { DRAFT_INTERVAL_MS, draftPart } from '../src/shared/draft.js';
import { LumioError } from '../src/shared/errors.js';
import { decodeWav } from '../src/core/audio/wav.js';
import { forkNodeWorker } from '../src/core/engine/node-channel.js';
import { ALL_TECHNIQUES, type LatencyTechniques } from '../src/core/engine/protocol.js';
import { feedRecording } from '../src/core/host/feed-recording.js';
import { LumioService } from '../src/core/service.js';
import { followTurn } from '../src/core/service/follow-turn.js';
import { ensureFixtures } from '../scripts/fixtures/generate.js';
import { makeConversation } from '../scripts/make-conversations.js';
import { readScript } from './script.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BASELINE: LatencyTechniques = { streamingStt: false, reusePrefix: false, firstClause: false };
/** After the reply, the person takes a breath before pressing again. */
const PAUSE_BEFORE_NEXT_MS = 400;
const TYPING_MS = Number(arg('typing-ms') ?? 0);
const DRAFTS = !process.argv.includes('--no-drafts');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

export function percentile(values: number[], q: number): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}
const median = (xs: number[]) => percentile(xs, 0.5);

interface TurnMeasure {
  turn: number;
  input: string;
  firstAudioMs: number | null;
  sttMs: number | null;
  llmFirstTokenMs: number | null;
  llmPromptTokens: number | null;
  transcript: string;
  reply: string;
  replyAudioMs: number | null;
  error?: string;
  timings: Timings;
}

type Input = { kind: 'wav'; file: string } | { kind: 'typed'; text: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A person typing `text` over `ms`, at an even pace: the app sends its whole words ahead every DRAFT_INTERVAL_MS. */
async function typeAhead(service: LumioService, text: string, ms: number, options: { conversationId?: string }): Promise<void> {
  const startedAt = performance.now();
  let sent = '';
  for (let at = DRAFT_INTERVAL_MS; at < ms; at += DRAFT_INTERVAL_MS) {
    await sleep(Math.max(0, startedAt + at - performance.now()));
    const part = draftPart(text.slice(0, Math.round((text.length * at) / ms)));
    if (part && part !== sent) {
      sent = part;
      await service.handle('turn.draft', { text: part, options });
    }
  }
  await sleep(Math.max(0, startedAt + ms - performance.now()));
}

/** Runs one conversation through the service and returns each turn's measures. */
async function runConversation(service: LumioService, inputs: Input[], techniques: LatencyTechniques, label: string): Promise<TurnMeasure[]> {
  service.setLatencyTechniques(techniques);
  let conversationId: string | undefined;
  const out: TurnMeasure[] = [];
  for (const [i, input] of inputs.entries()) {
    const turnId = `bench-${label.trim()}-${i + 1}`;
    const { events, finished } = followTurn(service, turnId);
    const options = conversationId ? { conversationId } : {};
    if (input.kind === 'wav') {
      const wav = decodeWav(fs.readFileSync(input.file));
      await feedRecording((c, r) => service.handle(c, r), { turnId, samples: wav.samples, sampleRate: wav.sampleRate, options, pace: 'realtime' });
    } else {
      // Each message is typed, the first one too (a new conversation's system prompt is read while it is typed).
      if (TYPING_MS > 0) {
        if (DRAFTS && techniques.reusePrefix) await typeAhead(service, input.text, TYPING_MS, options);
        else await sleep(TYPING_MS);
      }
      const r = await service.handle('turn.text', { turnId, text: input.text, options });
      if (!r.ok) throw LumioError.fromPayload(r.error);
    }
    const end = await finished;
    const transcript = events.find((e): e is Extract<TurnEvent, { type: 'turn.transcript' }> => e.type === 'turn.transcript')?.transcript.text ?? '';
    const name = input.kind === 'wav' ? path.basename(input.file) : input.text.slice(0, 40);
    if (end.type === 'turn.error') {
      out.push({
        turn: i + 1,
        input: name,
        firstAudioMs: null,
        sttMs: null,
        llmFirstTokenMs: null,
        llmPromptTokens: null,
        transcript,
        reply: '',
        replyAudioMs: null,
        error: end.error.code,
        timings: {},
      });
      process.stderr.write(`${label} ${String(i + 1).padStart(2)}  ${end.error.code}: ${end.error.message}\n`);
      continue;
    }
    if (end.type !== 'turn.done') continue;
    conversationId = end.conversationId;
    const t = end.timings;
    out.push({
      turn: i + 1,
      input: name,
      firstAudioMs: t.firstAudioMs ?? null,
      sttMs: t.sttMs ?? null,
      llmFirstTokenMs: t.llmFirstTokenMs ?? null,
      llmPromptTokens: t.llmPromptTokens ?? null,
      transcript,
      reply: end.replyText,
      replyAudioMs: t.replyAudioMs ?? null,
      timings: t,
    });
    process.stderr.write(
      `${label} ${String(i + 1).padStart(2)}  first audio ${fmt(t.firstAudioMs)}  stt ${fmt(t.sttMs)}  first token ${fmt(t.llmFirstTokenMs)} (${t.llmPromptTokens ?? '?'} prompt tokens${t.llmTurnsOutOfView ? `, ${t.llmTurnsOutOfView} turns folded` : ''})  «${transcript.slice(0, 50)}»\n`,
    );
    // A reply with no voice (none installed for its language, say) has no first audio: say why rather than print a bare dash.
    if (end.speechError) process.stderr.write(`${label} ${String(i + 1).padStart(2)}  not spoken: ${end.speechError.message}\n`);
    // Listen to the reply as a person would: its audio plays from the first chunk on.
    if (input.kind === 'wav' && t.replyAudioMs && t.firstAudioMs !== undefined && t.totalMs !== undefined) {
      await sleep(Math.max(0, t.replyAudioMs - (t.totalMs - t.firstAudioMs)));
    }
    await sleep(PAUSE_BEFORE_NEXT_MS);
  }
  return out;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${Math.round(v)} ms`);

function summary(turns: TurnMeasure[], key: 'firstAudioMs' | 'llmFirstTokenMs') {
  const values = turns.map((t) => t[key] ?? NaN);
  const ok = values.filter(Number.isFinite);
  // Growth: the last three turns against turns 2–4 (turn 1 also pays for loading the conversation).
  const late = median(values.slice(-3));
  const early = median(values.slice(1, 4));
  return { p50: Math.round(median(ok)), p90: Math.round(percentile(ok, 0.9)), growth: Number((late / early).toFixed(3)) };
}

function peakRssMb(pid: number | undefined): number | null {
  if (!pid || process.platform !== 'linux') return null;
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return hwm ? Math.round(Number(hwm) / 1024) : null;
  } catch {
    return null;
  }
}

function conversationInputs(): { inputs: Input[]; source: string } {
  const typed = arg('typed');
  if (typed) {
    const script = readScript(typed);
    return { inputs: script.lines.map((l) => ({ kind: 'typed' as const, text: 'text' in l ? l.text : '' })), source: typed };
  }
  let dir = arg('conversation');
  if (!dir) dir = makeConversation('en-new-city').dir;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d+\.wav$/i.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  if (files.length === 0) throw new Error(`${dir} holds no 01.wav, 02.wav, …`);
  return { inputs: files.map((f) => ({ kind: 'wav' as const, file: path.join(dir, f) })), source: dir };
}

async function main(): Promise<void> {
  const modelsDir = path.resolve(arg('models') ?? process.env.LUMIO_MODELS_DIR ?? (await ensureFixtures()));
  const out = path.resolve(arg('out') ?? path.join(root, 'bench', 'results.json'));
  const { inputs, source } = conversationInputs();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-bench-'));
  const service = await LumioService.open({ home, modelsDir, spawnWorker: () => forkNodeWorker() });
  try {
    const voice = (arg('voice') ?? 'male') as 'male' | 'female';
    const settings = await service.handle('settings.set', {
      voice,
      tone: (arg('tone') ?? 'supportive') as 'supportive',
      language: (arg('lang') ?? 'auto') as 'auto',
      // A first turn in "auto" pre-reads the system prompt in the UI's language (a person's first conversation).
      uiLanguage: (arg('ui-lang') ?? 'en') as 'en',
      // A models folder can hold several chat models (.fixtures/real-models has a 270M base model too).
      ...(arg('llm') ? { llmModel: arg('llm')! } : {}),
      ...(arg('stt') ? { sttModel: arg('stt')! } : {}),
    });
    if (!settings.ok) throw LumioError.fromPayload(settings.error);
    const statusResult = await service.handle('engine.status', {});
    if (!statusResult.ok) throw LumioError.fromPayload(statusResult.error);
    const status = statusResult.value;
    console.log(
      `Models: ${modelsDir}\n  ${JSON.stringify(status.models)}\nConversation: ${source} (${inputs.length} turns)\nLoad average: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.availableParallelism()} cores\n`,
    );
    const loadStarted = performance.now();
    await service.engine.warmup();
    const loadMs = Math.round(performance.now() - loadStarted);

    const streaming = await runConversation(service, inputs, ALL_TECHNIQUES, 'stream  ');
    const baseline = flag('no-baseline') ? [] : await runConversation(service, inputs, BASELINE, 'baseline');
    const key = inputs[0]?.kind === 'typed' ? 'llmFirstTokenMs' : 'firstAudioMs';
    const s = summary(streaming, key);
    const b = baseline.length ? summary(baseline, key) : null;
    const models = status.models;
    const results = {
      kind: key === 'firstAudioMs' ? 'spoken conversation' : 'typed conversation',
      measure: key === 'firstAudioMs' ? 'end of speech (release) → first reply audio handed to the player' : 'message sent → first reply token',
      turns: streaming,
      p50FirstAudioMs: key === 'firstAudioMs' ? s.p50 : null,
      p90FirstAudioMs: key === 'firstAudioMs' ? s.p90 : null,
      firstAudioGrowth: key === 'firstAudioMs' ? s.growth : null,
      p50FirstTokenMs: summary(streaming, 'llmFirstTokenMs').p50,
      firstTokenGrowth: summary(streaming, 'llmFirstTokenMs').growth,
      baselineP50FirstAudioMs: b && key === 'firstAudioMs' ? b.p50 : null,
      baselineRatio: b ? Number((s.p50 / b.p50).toFixed(3)) : null,
      baseline: { turns: baseline, ...(b ?? {}) },
      models: { stt: models.stt, llm: models.llm, tts: models.tts, vad: models.vad },
      modelsDir,
      source,
      loadMs,
      peakRssMb: { worker: peakRssMb(service.engine.workerPid), host: Math.round(process.memoryUsage().rss / 1048576) },
      machine: { cpus: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(), node: process.version, loadAverage: os.loadavg() },
      date: new Date().toISOString(),
    };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

    const label = key === 'firstAudioMs' ? 'first audio' : 'first token';
    console.log(`\nLumio benchmark — ${results.measure}`);
    console.log(`turn  ${label.padEnd(12)} stt        first token  │ baseline: ${label.padEnd(12)} stt        first token`);
    for (const [i, t] of streaming.entries()) {
      const o = baseline[i];
      const cell = (m: TurnMeasure | undefined) =>
        m ? `${fmt(m[key]).padEnd(12)} ${fmt(m.sttMs).padEnd(10)} ${fmt(m.llmFirstTokenMs).padEnd(12)}` : ''.padEnd(36);
      console.log(`${String(t.turn).padStart(4)}  ${cell(t)} │           ${cell(o)}`);
    }
    console.log(`\n  p50 / p90 ${label}: ${s.p50} / ${s.p90} ms   growth (last 3 vs turns 2–4): ${s.growth}`);
    if (b) console.log(`  baseline p50 / p90:    ${b.p50} / ${b.p90} ms   growth ${b.growth}   ratio p50/baseline: ${results.baselineRatio}`);
    console.log(`  models: ${JSON.stringify(results.models)}; load ${loadMs} ms; peak RSS worker ${results.peakRssMb.worker ?? '?'} MB`);
    console.log(`\nWrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await service.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
