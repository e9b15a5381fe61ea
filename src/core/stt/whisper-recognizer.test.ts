import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedDir } from '../../../scripts/fixtures/generate.js';
import { buildMiniWhisper } from '../../../scripts/fixtures/whisper-ggml.js';
import { LumioError } from '../../shared/errors.js';
import { MODEL_MANIFEST_FILE, ModelManifestSchema } from '../../shared/models.js';
import type { PcmAudio, SpeechRecognizer } from '../engines.js';
import { loadWhisperRecognizer, toLumioLanguage } from './whisper-recognizer.js';

/**
 * The miniature whisper has random weights: these tests assert what is true of any whisper
 * model (it runs, returns text, a language Lumio speaks, ordered in-clip timings, errors) and
 * never what it says. The transcript content is checked only against a real model, below.
 */

/** Just enough WAV reading for 16-bit PCM test clips (the product's decoder lives in core/audio). */
function readPcm16Wav(file: string): PcmAudio {
  const b = fs.readFileSync(file);
  let offset = 12;
  let rate = 0;
  let channels = 1;
  while (offset + 8 <= b.length) {
    const id = b.toString('ascii', offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      channels = b.readUInt16LE(offset + 10);
      rate = b.readUInt32LE(offset + 12);
    } else if (id === 'data') {
      const frames = Math.floor(size / 2 / channels);
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = b.readInt16LE(offset + 8 + i * 2 * channels) / 32768;
      return { samples, sampleRate: rate };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`no data chunk in ${file}`);
}

/** A voiced, syllable-rate modulated tone: speech-like enough to drive the encoder without ../shared. */
function speechLike(seconds: number, sampleRate = 16_000): PcmAudio {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRate;
    const f0 = 120 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * f0 * h * t) / h;
    samples[i] = 0.2 * envelope * v;
  }
  return { samples, sampleRate };
}

const jfkPath = path.join(sharedDir(), 'models', 'audio', 'jfk.wav');
const haveJfk = fs.existsSync(jfkPath);
const speech: PcmAudio = haveJfk ? readPcm16Wav(jfkPath) : speechLike(6);
const speechMs = (speech.samples.length / speech.sampleRate) * 1000;

async function lumioCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(LumioError);
    return (e as LumioError).code;
  }
}

describe('whisper recognizer on the miniature model', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-stt-'));
  const modelPath = path.join(dir, 'ggml-mini.bin');
  let stt: SpeechRecognizer;

  beforeAll(async () => {
    if (!haveJfk) console.log('[stt test] ../shared/models/audio/jfk.wav not found: using a synthetic speech-like clip');
    fs.writeFileSync(modelPath, buildMiniWhisper());
    stt = await loadWhisperRecognizer({ modelPath, threads: 1 });
  });
  afterAll(async () => {
    await stt?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('returns non-empty text, a Lumio language and ordered in-clip segments (auto language)', async () => {
    const t = await stt.transcribe(speech, { language: 'auto' });
    expect(t.text.length).toBeGreaterThan(0);
    expect(t.text).toBe(t.text.trim());
    expect(['ru', 'en']).toContain(t.language);
    expect(t.segments.length).toBeGreaterThan(0);
    let last = 0;
    for (const s of t.segments) {
      expect(s.fromMs).toBeGreaterThanOrEqual(last);
      expect(s.toMs).toBeGreaterThanOrEqual(s.fromMs);
      expect(s.toMs).toBeLessThanOrEqual(speechMs);
      last = s.toMs;
    }
  });

  it('respects a forced language', async () => {
    for (const language of ['ru', 'en'] as const) {
      const t = await stt.transcribe(speech, { language });
      expect(t.language).toBe(language);
      expect(t.text.length).toBeGreaterThan(0);
    }
  });

  it("transcribes a clip shorter than whisper.cpp's 1 s minimum (padded with silence), timed inside the clip", async () => {
    const short: PcmAudio = { samples: speech.samples.slice(0, 8_000), sampleRate: 16_000 };
    const t = await stt.transcribe(short, { language: 'en' });
    expect(t.text.length).toBeGreaterThan(0);
    for (const s of t.segments) expect(s.toMs).toBeLessThanOrEqual(500);
  });

  it('rejects audio at another sample rate with INVALID_ARGUMENT, and empty audio with AUDIO_EMPTY', async () => {
    expect(await lumioCode(stt.transcribe({ samples: new Float32Array(44_100), sampleRate: 44_100 }, { language: 'auto' }))).toBe('INVALID_ARGUMENT');
    expect(await lumioCode(stt.transcribe({ samples: new Float32Array(0), sampleRate: 16_000 }, { language: 'auto' }))).toBe('AUDIO_EMPTY');
  });

  it('honours an AbortSignal: before the run, and during it (answering at once)', async () => {
    const before = new AbortController();
    before.abort();
    expect(await lumioCode(stt.transcribe(speech, { language: 'en', signal: before.signal }))).toBe('ABORTED');

    const during = new AbortController();
    const pending = stt.transcribe(speech, { language: 'en', signal: during.signal });
    setTimeout(() => during.abort(), 5);
    expect(await lumioCode(pending)).toBe('ABORTED');
    // The recognizer is still usable after an abort.
    const t = await stt.transcribe(speech, { language: 'en' });
    expect(t.text.length).toBeGreaterThan(0);
  });
});

describe('dispose', () => {
  it('frees the model once; a later transcribe fails with a typed error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-stt-dispose-'));
    const modelPath = path.join(dir, 'ggml-mini.bin');
    fs.writeFileSync(modelPath, buildMiniWhisper());
    try {
      const stt = await loadWhisperRecognizer({ modelPath, threads: 1 });
      await stt.dispose();
      await stt.dispose();
      expect(await lumioCode(stt.transcribe(speechLike(1), { language: 'en' }))).toBe('INTERNAL');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loading a bad whisper model fails with a typed error and no crash', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-stt-bad-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('missing → MODEL_MISSING; empty, truncated, wrong magic → MODEL_CORRUPT', async () => {
    expect(await lumioCode(loadWhisperRecognizer({ modelPath: path.join(dir, 'absent.bin') }))).toBe('MODEL_MISSING');
    const good = buildMiniWhisper();
    const cases: Record<string, Uint8Array> = {
      empty: new Uint8Array(),
      truncated: good.subarray(0, Math.floor(good.length / 2)),
      magic: Buffer.concat([Buffer.from('RIFF'), good.subarray(4)]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const file = path.join(dir, `${name}.bin`);
      fs.writeFileSync(file, bytes);
      expect(await lumioCode(loadWhisperRecognizer({ modelPath: file })), name).toBe('MODEL_CORRUPT');
    }
  });
});

describe('language mapping', () => {
  it('keeps ru/en and maps other languages by script', () => {
    expect(toLumioLanguage('ru', 'hello')).toBe('ru');
    expect(toLumioLanguage('uk', 'привіт, як справи')).toBe('ru');
    expect(toLumioLanguage('de', 'guten Tag')).toBe('en');
    expect(toLumioLanguage(undefined, '')).toBe('en');
  });
});

/** A real (trained, non-synthetic) whisper model gathered by `npm run models:real`, if any. */
function findRealWhisper(): string | null {
  const roots = [process.env.LUMIO_REAL_MODELS_DIR, path.join(REPO_ROOT, '.fixtures', 'real-models')].filter(
    (d): d is string => typeof d === 'string' && d.length > 0,
  );
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const manifestFile = path.join(root, entry.name, MODEL_MANIFEST_FILE);
      if (!fs.existsSync(manifestFile)) continue;
      const parsed = ModelManifestSchema.safeParse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
      if (parsed.success && parsed.data.role === 'stt' && !parsed.data.synthetic && parsed.data.format === 'whisper-ggml') {
        return path.join(root, entry.name, parsed.data.files.model);
      }
    }
  }
  return null;
}

const realWhisper = findRealWhisper();
if (!realWhisper) console.log('[stt test] no real whisper model in $LUMIO_REAL_MODELS_DIR or .fixtures/real-models: skipping the real transcript test');
if (!haveJfk) console.log('[stt test] jfk.wav missing: skipping the real transcript test');

describe('whisper recognizer on a real model', () => {
  it.skipIf(!realWhisper || !haveJfk)('transcribes JFK', async () => {
    const stt = await loadWhisperRecognizer({ modelPath: realWhisper as string, threads: 2 });
    try {
      const t = await stt.transcribe(speech, { language: 'auto' });
      const words = t.text
        .toLowerCase()
        .replace(/[^a-z ]+/g, ' ')
        .replace(/\s+/g, ' ');
      expect(words).toContain('ask not what your country can do for you');
      expect(t.language).toBe('en');
    } finally {
      await stt.dispose();
    }
  });
});
