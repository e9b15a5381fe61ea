/**
 * `npm run bench` — times one conversation turn stage by stage on whatever models
 * $LUMIO_MODELS_DIR (or --models DIR) holds; without either, on the project's fixture models.
 *
 * The same turn runs twice per round, side by side: 'streaming' (each sentence is spoken as soon
 * as the model finishes it) and 'sequential' (the whole reply first, then speech). Their
 * end-of-speech → first-audio times and their quotient are the headline numbers.
 * Prints a table and writes bench/results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language, Timings, TurnEvent } from '../src/shared/domain.js';
import { prepareSpeechInput } from '../src/core/audio/prepare.js';
import { createCompanion } from '../src/core/conversation/companion.js';
import { runTurn, type TurnEngines } from '../src/core/conversation/turn.js';
import { pickVoice } from '../src/core/models/locate.js';
import type { ModelRef } from '../src/core/engine/protocol.js';
import { llmThreads, sttThreads } from '../src/core/engine/threads.js';
import { resolveEngineModels } from '../src/core/host/engine-models.js';
import { loadLlamaChat } from '../src/core/llm/llama-chat.js';
import { checkModelFiles } from '../src/core/models/check-model.js';
import { loadWhisperRecognizer } from '../src/core/stt/whisper-recognizer.js';
import { loadSherpaVoice } from '../src/core/tts/sherpa-tts.js';
import { loadSileroVad } from '../src/core/vad/silero-vad.js';
import type { SpeechSynthesizer } from '../src/core/engines.js';
import { ensureFixtures, sharedDir } from '../scripts/fixtures/generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function main(): Promise<void> {
  const rounds = Number(arg('rounds') ?? 3);
  // The app's defaults (src/core/engine/threads.ts) unless --threads sets one number for both.
  const fixedThreads = arg('threads');
  const threads = { stt: Number(fixedThreads ?? sttThreads()), llm: Number(fixedThreads ?? llmThreads()) };
  const modelsDir = path.resolve(arg('models') ?? process.env.LUMIO_MODELS_DIR ?? (await ensureFixtures()));
  const resolved = await resolveEngineModels(modelsDir, { sttModel: arg('stt') ?? null, llmModel: arg('llm') ?? null });
  if (resolved.missingRoles.length) throw new Error(`${modelsDir} lacks models for: ${resolved.missingRoles.join(', ')}`);
  const { stt: sttRef, llm: llmRef, vad: vadRef } = resolved.models as { stt: ModelRef; llm: ModelRef; vad: ModelRef | null };

  const inputFile = arg('in') ?? path.join(sharedDir(), 'models', 'audio', 'jfk.wav');
  if (!fs.existsSync(inputFile)) throw new Error(`No input speech: ${inputFile} (pass --in some.wav)`);
  const language = (arg('lang') ?? 'auto') as 'auto' | Language;

  console.log(`Models: ${modelsDir}\nInput:  ${inputFile}\nThreads: stt ${threads.stt}, llm ${threads.llm}, rounds: ${rounds}, language: ${language}\n`);
  for (const ref of [sttRef, llmRef, vadRef, ...resolved.models.voices]) if (ref) checkModelFiles(ref);

  const load: Record<string, number> = {};
  let t = performance.now();
  // --full-window: the encoder reads all 30 s every time, as before encoder-window.ts, to compare.
  const fitWindow = !process.argv.includes('--full-window');
  const stt = await loadWhisperRecognizer({ modelPath: path.join(sttRef.dir, sttRef.manifest.files.model), threads: threads.stt, fitWindow });
  load.sttMs = performance.now() - t;
  t = performance.now();
  const llm = await loadLlamaChat({ modelPath: path.join(llmRef.dir, llmRef.manifest.files.model), threads: threads.llm, contextSize: 2048, seed: 42 });
  load.llmMs = performance.now() - t;
  t = performance.now();
  const vad = vadRef ? loadSileroVad({ modelPath: path.join(vadRef.dir, vadRef.manifest.files.model) }) : null;
  load.vadMs = performance.now() - t;
  const voices = new Map<string, SpeechSynthesizer>();
  const engines: TurnEngines = {
    stt,
    llm,
    vad,
    async voice(lang, gender) {
      const ref = pickVoice(resolved.models.voices, lang, gender).tts;
      if (!ref) throw new Error(`no voice for ${lang}`);
      let v = voices.get(ref.manifest.id);
      if (!v) {
        const started = performance.now();
        v = await loadSherpaVoice({ modelDir: ref.dir, manifest: ref.manifest, threads: 1 });
        load.ttsMs = performance.now() - started;
        voices.set(ref.manifest.id, v);
      }
      return v;
    },
  };
  // Load the voice up front so no round pays for it.
  await engines.voice('en', 'female');
  await engines.voice('ru', 'female').catch(() => undefined);

  const audio = prepareSpeechInput(fs.readFileSync(inputFile));
  const companion = createCompanion();
  const runs: Record<'streaming' | 'sequential', Timings[]> = { streaming: [], sequential: [] };
  let sample: { transcript: string; reply: string; language: string } | null = null;

  for (let round = 0; round < rounds; round++) {
    // Alternate the order so neither mode always runs on a warmer cache.
    const order: Array<'streaming' | 'sequential'> = round % 2 ? ['sequential', 'streaming'] : ['streaming', 'sequential'];
    for (const mode of order) {
      const events: TurnEvent[] = [];
      const result = await runTurn(
        {
          turnId: `bench-${round}-${mode}`,
          conversationId: 'bench',
          audio: { samples: audio.samples.slice(), sampleRate: 16000 },
          tone: 'friendly',
          voice: 'female',
          language,
          history: [],
          mode,
        },
        engines,
        // As the app does: a chat model whose manifest says moodJudge gives a second opinion on an unsure mood.
        companion.forTurn(companion.restoreBaseline(null), llmRef.manifest.moodJudge ? (prompt, schema, o) => llm.completeJson(prompt, schema, o) : undefined),
        (e) => events.push(e),
      );
      runs[mode].push(result.timings);
      sample ??= { transcript: result.transcript.text, reply: result.replyText, language: result.transcript.language };
      process.stderr.write(`round ${round + 1} ${mode.padEnd(10)} first audio ${result.timings.firstAudioMs?.toFixed(0)} ms, total ${result.timings.totalMs?.toFixed(0)} ms\n`);
    }
  }

  const pick = (mode: 'streaming' | 'sequential', key: keyof Timings) => median(runs[mode].map((x) => x[key] ?? NaN).filter(Number.isFinite));
  const s = (key: keyof Timings) => pick('streaming', key);
  const streamingFirstAudioMs = s('firstAudioMs');
  const sequentialFirstAudioMs = pick('sequential', 'firstAudioMs');
  const llmGenMs = s('llmMs') - s('llmFirstTokenMs');
  const results = {
    streamingFirstAudioMs: Math.round(streamingFirstAudioMs),
    sequentialFirstAudioMs: Math.round(sequentialFirstAudioMs),
    streamingRatio: Number((streamingFirstAudioMs / sequentialFirstAudioMs).toFixed(3)),
    stages: {
      vadMs: s('vadMs'),
      sttMs: s('sttMs'),
      emotionMs: s('emotionMs'),
      moodRefineMs: s('moodRefineMs'),
      llmFirstTokenMs: s('llmFirstTokenMs'),
      llmMs: s('llmMs'),
      ttsMs: s('ttsMs'),
      totalStreamingMs: s('totalMs'),
      totalSequentialMs: pick('sequential', 'totalMs'),
    },
    sttRealTimeFactor: Number((s('sttMs') / s('inputAudioMs')).toFixed(3)),
    llmTokensPerSecond: Number(((s('llmTokens') - 1) / (llmGenMs / 1000)).toFixed(1)),
    ttsRealTimeFactor: Number((s('ttsMs') / s('replyAudioMs')).toFixed(3)),
    peakRssMb: Math.round(peakRss / 1048576),
    loadMs: Object.fromEntries(Object.entries(load).map(([k, v]) => [k, Math.round(v)])),
    inputAudioMs: s('inputAudioMs'),
    replyAudioMs: s('replyAudioMs'),
    llmTokens: s('llmTokens'),
    models: {
      dir: modelsDir,
      stt: sttRef.manifest.id,
      llm: llmRef.manifest.id,
      vad: vadRef?.manifest.id ?? null,
      voices: [...voices.keys()],
      synthetic: [sttRef, llmRef, ...resolved.models.voices].some((m) => m.manifest.synthetic),
    },
    sttWindow: fitWindow ? 'fitted to the clip' : 'full 30 s',
    language,
    machine: { cpus: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(), node: process.version, threads },
    rounds,
    sample,
    runs,
    date: new Date().toISOString(),
  };

  const row = (name: string, value: string) => console.log(`  ${name.padEnd(38)} ${value}`);
  const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '—');
  console.log('Lumio benchmark (median of rounds)');
  row('end of speech → first audio, streaming', ms(streamingFirstAudioMs));
  row('end of speech → first audio, sequential', ms(sequentialFirstAudioMs));
  row('streaming / sequential', String(results.streamingRatio));
  row('VAD', ms(s('vadMs')));
  row('speech-to-text', `${ms(s('sttMs'))}  (RTF ${results.sttRealTimeFactor} on ${ms(s('inputAudioMs'))} of audio; window ${results.sttWindow}, language ${language})`);
  row('mood (prosody + text)', ms(s('emotionMs')));
  row('mood, model\'s 2nd opinion (after reply)', ms(s('moodRefineMs')));
  row('LLM time to first token', ms(s('llmFirstTokenMs')));
  row('LLM reply', `${ms(s('llmMs'))}  (${s('llmTokens')} tokens, ${results.llmTokensPerSecond} tok/s)`);
  row('TTS', `${ms(s('ttsMs'))}  (RTF ${results.ttsRealTimeFactor} for ${ms(s('replyAudioMs'))} of audio)`);
  row('whole turn, streaming / sequential', `${ms(s('totalMs'))} / ${ms(pick('sequential', 'totalMs'))}`);
  row('model load stt / llm / vad / voice', `${load.sttMs?.toFixed(0)} / ${load.llmMs?.toFixed(0)} / ${load.vadMs?.toFixed(0)} / ${load.ttsMs?.toFixed(0)} ms`);
  row('peak RSS', `${results.peakRssMb} MB`);
  if (results.models.synthetic) console.log('\n  Note: some models are the project\'s random-weight test models: times are real, words are not.');
  console.log(`\n  transcript: ${sample?.transcript.slice(0, 100)}\n  reply:      ${sample?.reply.slice(0, 100)}`);

  const out = path.join(root, 'bench', 'results.json');
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), out)}`);

  await stt.dispose();
  await llm.dispose();
  for (const v of voices.values()) await v.dispose();
  clearInterval(rssTimer);
}

main().catch((e: unknown) => {
  clearInterval(rssTimer);
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
