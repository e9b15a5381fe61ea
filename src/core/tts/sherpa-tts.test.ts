import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLumioError } from '../../shared/errors.js';
import { MODEL_MANIFEST_FILE, ModelManifestSchema, type ModelManifest } from '../../shared/models.js';
import type { SpeechSynthesizer } from '../engines.js';
import { loadSherpaVoice } from './sherpa-tts.js';

/** The fixture folder written by the vitest globalSetup (scripts/test-global-setup.ts). */
const fixtures = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures', 'models');
const voiceDir = (id: string) => path.join(fixtures, id);
const haveVoices = fs.existsSync(path.join(voiceDir('voice-mini-en-female'), MODEL_MANIFEST_FILE));
if (!haveVoices) console.warn('[sherpa-tts.test] mini voices missing (espeak-ng-data not installed?): skipped');

function manifestOf(id: string): ModelManifest {
  return ModelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(voiceDir(id), MODEL_MANIFEST_FILE), 'utf8')));
}

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return isLumioError(e) ? e.code : `not a LumioError: ${String(e)}`;
  }
}

function stats(samples: Float32Array) {
  let peak = 0;
  let sq = 0;
  for (const x of samples) {
    peak = Math.max(peak, Math.abs(x));
    sq += x * x;
  }
  return { peak, rms: Math.sqrt(sq / Math.max(1, samples.length)) };
}

describe.skipIf(!haveVoices)('loadSherpaVoice (mini voices)', () => {
  const voices: Record<string, SpeechSynthesizer> = {};
  beforeAll(async () => {
    for (const id of ['voice-mini-en-female', 'voice-mini-ru-male']) {
      voices[id] = await loadSherpaVoice({ modelDir: voiceDir(id), manifest: manifestOf(id) });
    }
  });
  afterAll(async () => {
    for (const v of Object.values(voices)) await v.dispose();
  });

  it('reports the voice sample rate and language', () => {
    expect(voices['voice-mini-en-female']!.sampleRate).toBe(22050);
    expect(voices['voice-mini-en-female']!.language).toBe('en');
    expect(voices['voice-mini-ru-male']!.language).toBe('ru');
  });

  it('synthesizes English and Russian to audible mono float audio', async () => {
    for (const [id, text] of [
      ['voice-mini-en-female', 'Hello! It is nice to hear from you again today.'],
      ['voice-mini-ru-male', 'Привет! Рад снова тебя слышать сегодня.'],
    ] as const) {
      const audio = await voices[id]!.synthesize(text);
      expect(audio.sampleRate).toBe(22050);
      expect(audio.samples).toBeInstanceOf(Float32Array);
      expect(audio.samples.length / audio.sampleRate).toBeGreaterThan(1);
      const s = stats(audio.samples);
      expect(s.rms).toBeGreaterThan(0.03);
      expect(s.peak).toBeLessThan(1);
    }
  });

  it('returns empty audio for empty or whitespace-only text', async () => {
    for (const text of ['', '   ', '\n\t ']) {
      const audio = await voices['voice-mini-en-female']!.synthesize(text);
      expect(audio.samples.length).toBe(0);
      expect(audio.sampleRate).toBe(22050);
    }
  });

  it('maps speed to length: faster is shorter, slower is longer', async () => {
    const v = voices['voice-mini-en-female']!;
    const text = 'This sentence is spoken at three different speeds.';
    const normal = (await v.synthesize(text)).samples.length;
    const fast = (await v.synthesize(text, { speed: 1.5 })).samples.length;
    const slow = (await v.synthesize(text, { speed: 0.8 })).samples.length;
    expect(fast / normal).toBeCloseTo(1 / 1.5, 1);
    expect(slow / normal).toBeCloseTo(1 / 0.8, 1);
    expect(await codeOf(v.synthesize(text, { speed: 0 }))).toBe('INVALID_ARGUMENT');
  });

  it('returns a copy the caller may keep across calls', async () => {
    const v = voices['voice-mini-ru-male']!;
    const first = await v.synthesize('Первое предложение.');
    const snapshot = Float32Array.from(first.samples);
    await v.synthesize('Второе, совсем другое предложение.');
    expect(first.samples).toEqual(snapshot);
  });

  it('serializes concurrent calls and keeps the event loop free while synthesizing', async () => {
    const v = voices['voice-mini-en-female']!;
    const texts = ['One.', 'Two three four five six.', 'Seven eight nine ten eleven twelve thirteen.'];
    const sequential = [];
    for (const t of texts) sequential.push((await v.synthesize(t)).samples.length);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const parallel = await Promise.all([...texts.map((t) => v.synthesize(t)), v.synthesize('word '.repeat(300))]);
    clearInterval(timer);
    expect(parallel.slice(0, 3).map((a) => a.samples.length)).toEqual(sequential);
    expect(ticks).toBeGreaterThan(0);
  });

  it('measures a 100-character sentence (timing printed for planning, not asserted tightly)', async () => {
    const v = voices['voice-mini-en-female']!;
    const text = 'The weather is lovely today, so we could take a long walk in the park and talk about all your plans.';
    await v.synthesize(text); // warm-up
    const t0 = performance.now();
    const audio = await v.synthesize(text);
    const ms = performance.now() - t0;
    const audioMs = (audio.samples.length / audio.sampleRate) * 1000;
    console.log(`[sherpa-tts] ${text.length} chars → ${audioMs.toFixed(0)} ms audio in ${ms.toFixed(1)} ms (RTF ${(ms / audioMs).toFixed(4)})`);
    expect(ms).toBeLessThan(audioMs);
  });
});

describe('loadSherpaVoice (bad voice folders)', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-tts-bad-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const base: ModelManifest = ModelManifestSchema.parse({
    id: 'broken-voice',
    role: 'tts',
    format: 'onnx-vits',
    name: 'Broken',
    languages: ['en'],
    gender: 'female',
    files: { model: 'model.onnx', tokens: 'tokens.txt', dataDir: 'espeak-ng-data' },
    sizeBytes: 0,
    license: 'MIT',
    source: 'test',
  });

  function copyVoice(name: string): string {
    const to = path.join(dir, name);
    fs.cpSync(voiceDir('voice-mini-en-female'), to, { recursive: true });
    return to;
  }

  it('says MODEL_MISSING for a missing model file', async () => {
    expect(await codeOf(loadSherpaVoice({ modelDir: path.join(dir, 'nothing-here'), manifest: base }))).toBe('MODEL_MISSING');
  });

  it('rejects a manifest that is not a VITS voice', async () => {
    expect(await codeOf(loadSherpaVoice({ modelDir: dir, manifest: { ...base, role: 'vad', format: 'onnx-silero-vad' } }))).toBe('INVALID_ARGUMENT');
  });

  it.skipIf(!haveVoices)('says MODEL_CORRUPT for a truncated model instead of letting sherpa-onnx abort', async () => {
    const d = copyVoice('truncated');
    const model = path.join(d, 'model.onnx');
    const bytes = fs.readFileSync(model);
    fs.writeFileSync(model, bytes.subarray(0, bytes.length - 100));
    expect(await codeOf(loadSherpaVoice({ modelDir: d, manifest: base }))).toBe('MODEL_CORRUPT');
  });

  it.skipIf(!haveVoices)('says MODEL_CORRUPT for an ONNX file without voice metadata (sherpa-onnx would exit)', async () => {
    const d = copyVoice('vad-as-voice');
    fs.copyFileSync(path.join(fixtures, 'vad-silero', 'silero_vad.onnx'), path.join(d, 'model.onnx'));
    expect(await codeOf(loadSherpaVoice({ modelDir: d, manifest: base }))).toBe('MODEL_CORRUPT');
  });

  it.skipIf(!haveVoices)('says MODEL_MISSING / MODEL_CORRUPT for missing espeak data or a damaged tokens.txt', async () => {
    const noData = copyVoice('no-espeak');
    fs.rmSync(path.join(noData, 'espeak-ng-data', 'phondata'));
    expect(await codeOf(loadSherpaVoice({ modelDir: noData, manifest: base }))).toBe('MODEL_MISSING');

    const badTokens = copyVoice('bad-tokens');
    fs.appendFileSync(path.join(badTokens, 'tokens.txt'), 'ab cd ef\n');
    expect(await codeOf(loadSherpaVoice({ modelDir: badTokens, manifest: base }))).toBe('MODEL_CORRUPT');

    // Two codepoints, or a duplicate symbol: sherpa-onnx would exit() on either.
    for (const extra of ['ab 999\n', '_ 999\n']) {
      const d = copyVoice(`tokens-${extra.length}-${extra.charCodeAt(0)}`);
      fs.appendFileSync(path.join(d, 'tokens.txt'), extra);
      expect(await codeOf(loadSherpaVoice({ modelDir: d, manifest: base })), extra).toBe('MODEL_CORRUPT');
    }

    const noTokens = copyVoice('no-tokens');
    fs.rmSync(path.join(noTokens, 'tokens.txt'));
    expect(await codeOf(loadSherpaVoice({ modelDir: noTokens, manifest: base }))).toBe('MODEL_MISSING');
  });
});
