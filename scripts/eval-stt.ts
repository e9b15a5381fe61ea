/**
 * `npm run eval:stt` — what fitting whisper's encoder window to the clip (src/core/stt/encoder-window.ts)
 * costs in accuracy and saves in time, on a real whisper model.
 *
 *   npm run eval:stt -- [--models DIR] [--stt MODEL_ID] [--lang auto|given] [--threads N] [--show]
 *
 * --show prints every transcript, not only those where the two windows disagree.
 *
 * Clips: English sentences spoken by espeak-ng (the text is the reference), jfk.wav (known text), and the
 * real Russian recordings in ../shared/models/audio (no reference text: there the two transcripts are only
 * compared with each other). espeak-ng's Russian voice is not used: Whisper base cannot understand it at all.
 * Each clip is transcribed with the full 30 s window and with the fitted one; the table gives both times,
 * the word error rate against the reference, and how far the fitted transcript is from the full one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LanguageSetting } from '../src/shared/domain.js';
import { prepareSpeechInput } from '../src/core/audio/prepare.js';
import { sttThreads } from '../src/core/engine/threads.js';
import { resolveEngineModels } from '../src/core/host/engine-models.js';
import { loadWhisperRecognizer } from '../src/core/stt/whisper-recognizer.js';
import { REPO_ROOT, sharedDir } from './fixtures/generate.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const ESPEAK_EN = [
  'I had a really long day at work and I just want to talk to someone.',
  'My sister called me yesterday and we argued about the holidays again.',
  "I can't sleep at night, my thoughts keep racing.",
  'Do you remember what I told you about my exam last week?',
  'The weather was lovely today, so I went for a walk in the park.',
  'Sometimes I feel like nobody really listens to me.',
  "I'm excited, I finally got the job I applied for.",
  'Tell me something calm, please.',
  'Good morning.',
  'I miss my grandmother, she used to tell me stories every evening when I was little, and I still think about her.',
];
const REAL = [
  {
    file: 'jfk.wav',
    language: 'en' as const,
    reference: 'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  },
  { file: 'tinkoff_sample_3_ru.wav', language: 'ru' as const },
  { file: 'tinkoff_sample_4_ru_16k.wav', language: 'ru' as const },
  { file: 'tinkoff_sample_5_ru_16k.wav', language: 'ru' as const },
  { file: 'tinkoff_stierlitz_ru_16k.wav', language: 'ru' as const },
  { file: 'tone_audio_short_ru_16k.wav', language: 'ru' as const },
];

function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);
}

/** Word error rate: edit distance over words, divided by the reference's length. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const r = words(reference);
  const h = words(hypothesis);
  let prev = Array.from({ length: h.length + 1 }, (_, j) => j);
  for (let i = 1; i <= r.length; i++) {
    const row = [i];
    for (let j = 1; j <= h.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[h.length]! / Math.max(1, r.length);
}

interface Clip {
  name: string;
  samples: Float32Array;
  language: 'en' | 'ru';
  reference?: string;
}

function clips(tmp: string): Clip[] {
  const out: Clip[] = [];
  const espeak = spawnSync('espeak-ng', ['--version']);
  if (espeak.status === 0) {
    ESPEAK_EN.forEach((text, i) => {
      const file = path.join(tmp, `en${i + 1}.wav`);
      // Two speaking rates, so the clips are not all the same length and pace.
      spawnSync('espeak-ng', ['-v', 'en-us', '-s', i % 2 ? '175' : '150', '-w', file, text]);
      out.push({ name: `espeak en${i + 1}`, samples: prepareSpeechInput(fs.readFileSync(file)).samples, language: 'en', reference: text });
    });
  } else console.warn('espeak-ng not found: only the recordings in ../shared are used');
  for (const r of REAL) {
    const file = path.join(sharedDir(), 'models', 'audio', r.file);
    if (!fs.existsSync(file)) continue;
    out.push({
      name: r.file,
      samples: prepareSpeechInput(fs.readFileSync(file)).samples,
      language: r.language,
      ...(r.reference ? { reference: r.reference } : {}),
    });
  }
  return out;
}

async function main(): Promise<void> {
  const modelsDir = path.resolve(arg('models') ?? process.env.LUMIO_MODELS_DIR ?? path.join(REPO_ROOT, '.fixtures', 'real-models'));
  const resolved = await resolveEngineModels(modelsDir, { sttModel: arg('stt') ?? null, llmModel: null });
  const ref = resolved.models.stt;
  if (!ref) throw new Error(`${modelsDir} has no speech recognition model (run npm run models:real, or pass --models DIR)`);
  if (ref.manifest.synthetic) console.warn('Note: this is a random-weight test model: times are real, its words are not.');
  const mode = (arg('lang') ?? 'given') as 'auto' | 'given';
  const show = process.argv.includes('--show');
  const threads = Number(arg('threads') ?? sttThreads());
  const modelPath = path.join(ref.dir, ref.manifest.files.model);
  const full = await loadWhisperRecognizer({ modelPath, threads, fitWindow: false });
  const fitted = await loadWhisperRecognizer({ modelPath, threads, fitWindow: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-eval-stt-'));
  try {
    const list = clips(tmp);
    console.log(`Model ${ref.manifest.id}, ${threads} threads, language ${mode === 'auto' ? 'auto-detected' : 'given'}, ${list.length} clips\n`);
    console.log(
      `${'clip'.padEnd(30)} ${'sec'.padStart(5)} ${'full ms'.padStart(8)} ${'fit ms'.padStart(8)} ${'WER full'.padStart(9)} ${'WER fit'.padStart(8)} ${'differ'.padStart(7)}`,
    );
    const sum = { full: 0, fit: 0, werFull: 0, werFit: 0, withRef: 0, differ: 0 };
    for (const clip of list) {
      const language: LanguageSetting = mode === 'auto' ? 'auto' : clip.language;
      const audio = { samples: clip.samples, sampleRate: 16_000 };
      let t = performance.now();
      const a = await full.transcribe(audio, { language });
      const fullMs = performance.now() - t;
      t = performance.now();
      const b = await fitted.transcribe(audio, { language });
      const fitMs = performance.now() - t;
      const differ = wordErrorRate(a.text, b.text);
      sum.full += fullMs;
      sum.fit += fitMs;
      sum.differ += differ;
      let werCells = `${'—'.padStart(9)} ${'—'.padStart(8)}`;
      if (clip.reference) {
        const wa = wordErrorRate(clip.reference, a.text);
        const wb = wordErrorRate(clip.reference, b.text);
        sum.werFull += wa;
        sum.werFit += wb;
        sum.withRef++;
        werCells = `${wa.toFixed(2).padStart(9)} ${wb.toFixed(2).padStart(8)}`;
      }
      console.log(
        `${clip.name.padEnd(30)} ${(clip.samples.length / 16000).toFixed(1).padStart(5)} ${fullMs.toFixed(0).padStart(8)} ${fitMs.toFixed(0).padStart(8)} ${werCells} ${differ.toFixed(2).padStart(7)}`,
      );
      // With auto-detection, the language each run settled on (a wrong guess explains a bad transcript).
      const heard = (t: { language: string }) => (mode === 'auto' ? `[${t.language}] ` : '');
      if (differ > 0 || show) console.log(`    full: ${heard(a)}${a.text}\n    fit:  ${heard(b)}${b.text}`);
    }
    const n = list.length;
    console.log(`\ntime: full ${Math.round(sum.full)} ms, fitted ${Math.round(sum.fit)} ms (${(sum.full / Math.max(1, sum.fit)).toFixed(2)}× faster)`);
    if (sum.withRef)
      console.log(
        `mean WER on ${sum.withRef} clips with a reference: full ${(sum.werFull / sum.withRef).toFixed(3)}, fitted ${(sum.werFit / sum.withRef).toFixed(3)}`,
      );
    console.log(`mean difference between the two transcripts: ${(sum.differ / Math.max(1, n)).toFixed(3)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await full.dispose();
    await fitted.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(`eval:stt failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
