import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MODEL_MANIFEST_FILE, type ModelManifest } from '../../shared/models.js';
import { listInstalledModels, pickModels, verifyModelFiles, VERIFIED_CACHE_FILE, type InstalledModel, type SkippedModelDir } from './locate.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let modelsDir = '';
beforeEach(() => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-locate-'));
});

function manifest(over: Partial<ModelManifest> & Pick<ModelManifest, 'id' | 'role'>): ModelManifest {
  return {
    format: over.role === 'llm' ? 'gguf' : over.role === 'stt' ? 'whisper-ggml' : over.role === 'vad' ? 'onnx-silero-vad' : 'onnx-vits',
    name: over.id,
    languages: ['ru', 'en'],
    files: { model: 'model.bin' },
    sha256: {},
    fileSizes: {},
    sizeBytes: 1,
    license: 'MIT',
    source: 'test',
    synthetic: false,
    moodJudge: false,
    crisisJudge: false,
    ...over,
  };
}

function install(m: ModelManifest, content = `weights of ${m.id}`): string {
  const dir = path.join(modelsDir, m.id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, m.files.model), content);
  const withHash = { ...m, sha256: { [m.files.model]: sha(content), ...m.sha256 } };
  fs.writeFileSync(path.join(dir, MODEL_MANIFEST_FILE), JSON.stringify(withHash));
  return dir;
}

const as = (m: ModelManifest): InstalledModel => ({ dir: `/x/${m.id}`, manifest: m });

describe('listInstalledModels', () => {
  it('finds valid manifests and reports, not throws, the bad folders', async () => {
    install(manifest({ id: 'whisper-a', role: 'stt' }));
    install(manifest({ id: 'voice-b', role: 'tts', gender: 'male', languages: ['en'] }));
    fs.mkdirSync(path.join(modelsDir, 'no-manifest'));
    fs.mkdirSync(path.join(modelsDir, 'broken-json'));
    fs.writeFileSync(path.join(modelsDir, 'broken-json', MODEL_MANIFEST_FILE), '{nope');
    fs.mkdirSync(path.join(modelsDir, 'wrong-schema'));
    fs.writeFileSync(path.join(modelsDir, 'wrong-schema', MODEL_MANIFEST_FILE), JSON.stringify({ id: 'Bad Id', role: 'painter' }));
    fs.mkdirSync(path.join(modelsDir, '.downloads'));
    fs.writeFileSync(path.join(modelsDir, 'stray-file.txt'), 'x');

    const skipped: SkippedModelDir[] = [];
    const found = await listInstalledModels(modelsDir, { onSkip: (s) => skipped.push(s) });
    expect(found.map((f) => f.manifest.id)).toEqual(['voice-b', 'whisper-a']);
    expect(found[0]!.dir).toBe(path.join(modelsDir, 'voice-b'));
    expect(skipped.map((s) => path.basename(s.dir)).sort()).toEqual(['broken-json', 'no-manifest', 'wrong-schema']);
    expect(skipped.find((s) => s.dir.endsWith('wrong-schema'))!.reason).toMatch(/invalid/);
  });

  it('follows a model folder that is a link to another disk, and skips a dangling link', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-other-disk-'));
    const real = manifest({ id: 'big-llm', role: 'llm' });
    const saved = modelsDir;
    modelsDir = elsewhere;
    install(real);
    modelsDir = saved;
    fs.symlinkSync(path.join(elsewhere, 'big-llm'), path.join(modelsDir, 'big-llm'));
    fs.symlinkSync(path.join(elsewhere, 'gone'), path.join(modelsDir, 'dangling'));
    const found = await listInstalledModels(modelsDir);
    expect(found.map((f) => f.manifest.id)).toEqual(['big-llm']);
    expect(found[0]!.dir).toBe(path.join(modelsDir, 'big-llm'));
  });

  it('returns nothing for a missing folder', async () => {
    expect(await listInstalledModels(path.join(modelsDir, 'nope'))).toEqual([]);
  });
});

describe('pickModels', () => {
  const stSynth = manifest({ id: 'stt-synth', role: 'stt', synthetic: true });
  const stReal = manifest({ id: 'stt-real', role: 'stt' });
  const stReal2 = manifest({ id: 'stt-other', role: 'stt' });
  const llmSynth = manifest({ id: 'llm-synth', role: 'llm', synthetic: true });
  const vad = manifest({ id: 'vad', role: 'vad' });
  const ruF = manifest({ id: 'ru-f', role: 'tts', languages: ['ru'], gender: 'female' });
  const enM = manifest({ id: 'en-m', role: 'tts', languages: ['en'], gender: 'male' });
  const enFSynth = manifest({ id: 'en-f-synth', role: 'tts', languages: ['en'], gender: 'female', synthetic: true });

  it('prefers real over synthetic, and the chosen id over both', () => {
    const all = [stSynth, stReal, stReal2, llmSynth, vad, ruF, enM].map(as);
    const c = pickModels(all, { language: 'ru', voice: 'female' });
    expect(c.stt?.manifest.id).toBe('stt-other'); // real ones first, then by id
    expect(c.llm?.manifest.id).toBe('llm-synth'); // the only one is fine
    expect(c.vad?.manifest.id).toBe('vad');
    expect(c.tts?.manifest.id).toBe('ru-f');
    expect(c.ttsFallback).toBeNull();
    expect(c.missing).toEqual([]);
    expect(pickModels(all, { language: 'ru', voice: 'female', sttModel: 'stt-synth' }).stt?.manifest.id).toBe('stt-synth');
    // A chosen id that is not installed falls back to the usual order.
    expect(pickModels(all, { language: 'ru', voice: 'female', sttModel: 'gone' }).stt?.manifest.id).toBe('stt-other');
  });

  it('falls back to the other gender, then the other language, and says so', () => {
    const all = [ruF, enM].map(as);
    const g = pickModels(all, { language: 'ru', voice: 'male' });
    expect(g.tts?.manifest.id).toBe('ru-f');
    expect(g.ttsFallback).toBe('gender');
    const l = pickModels([ruF].map(as), { language: 'en', voice: 'female' });
    expect(l.tts?.manifest.id).toBe('ru-f');
    expect(l.ttsFallback).toBe('language');
    const both = pickModels([ruF].map(as), { language: 'en', voice: 'male' });
    expect(both.ttsFallback).toBe('gender+language');
  });

  it('takes a real voice of the other gender over a synthetic exact match', () => {
    const c = pickModels([enFSynth, enM].map(as), { language: 'en', voice: 'female' });
    expect(c.tts?.manifest.id).toBe('en-m');
    expect(c.ttsFallback).toBe('gender');
    const only = pickModels([enFSynth].map(as), { language: 'en', voice: 'female' });
    expect(only.tts?.manifest.id).toBe('en-f-synth');
    expect(only.ttsFallback).toBeNull();
  });

  it('lists the roles with nothing installed', () => {
    const c = pickModels([stReal].map(as), { language: 'en', voice: 'male' });
    expect(c.missing).toEqual(['llm', 'vad', 'tts']);
    expect(c.tts).toBeNull();
  });
});

describe('verifyModelFiles', () => {
  it('checks presence, hashes on request, caches by size+mtime and notices a changed file', async () => {
    const m = manifest({ id: 'voice', role: 'tts', gender: 'female', files: { model: 'model.bin', tokens: 'tokens.txt', dataDir: 'espeak-ng-data' } });
    const dir = install(m);
    fs.writeFileSync(path.join(dir, 'tokens.txt'), 'a 1\n');
    const full = JSON.parse(fs.readFileSync(path.join(dir, MODEL_MANIFEST_FILE), 'utf8')) as ModelManifest;
    full.sha256['tokens.txt'] = sha('a 1\n');

    const noData = await verifyModelFiles(dir, full);
    expect(noData.ok).toBe(false);
    expect(noData.problems).toEqual([{ file: 'espeak-ng-data', problem: 'missing' }]);
    fs.mkdirSync(path.join(dir, 'espeak-ng-data'));

    const quick = await verifyModelFiles(dir, full);
    expect(quick).toEqual({ ok: true, problems: [], hashedNow: [] });

    const first = await verifyModelFiles(dir, full, { hash: true });
    expect(first.ok).toBe(true);
    expect(first.hashedNow.sort()).toEqual(['model.bin', 'tokens.txt']);
    expect(fs.existsSync(path.join(dir, VERIFIED_CACHE_FILE))).toBe(true);

    const second = await verifyModelFiles(dir, full, { hash: true });
    expect(second).toEqual({ ok: true, problems: [], hashedNow: [] });

    // Same size, different bytes, new mtime: must be hashed again and caught.
    const file = path.join(dir, 'model.bin');
    const original = fs.readFileSync(file);
    const flipped = Buffer.from(original);
    flipped[0] = flipped[0]! ^ 0xff;
    fs.writeFileSync(file, flipped);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const third = await verifyModelFiles(dir, full, { hash: true });
    expect(third.ok).toBe(false);
    expect(third.hashedNow).toEqual(['model.bin']);
    expect(third.problems[0]).toMatchObject({ file: 'model.bin', problem: 'hash-mismatch' });

    fs.rmSync(file);
    const gone = await verifyModelFiles(dir, full, { hash: true });
    expect(gone.problems).toEqual([{ file: 'model.bin', problem: 'missing' }]);
  });
});
