import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVadStandIn } from '../../../scripts/fixtures/vad-standin.js';
import { buildMiniVitsVoice } from '../../../scripts/fixtures/vits-voice.js';
import { isLumioError } from '../../shared/errors.js';
import { checkOnnxModelFile, checkSileroVadModelFile, checkVitsVoiceModelFile, readOnnxSignature } from './check-onnx.js';

const require = createRequire(import.meta.url);
const sharedDir = process.env.LUMIO_SHARED_DIR ?? path.resolve(process.cwd(), '..', 'shared');

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isLumioError(e) ? e.code : `not a LumioError: ${String(e)}`;
  }
}

describe('checkOnnxModelFile', () => {
  let dir = '';
  let good = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-onnx-'));
    good = path.join(dir, 'good.onnx');
    fs.writeFileSync(good, buildVadStandIn());
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts a whole ONNX model', () => {
    expect(codeOf(() => checkOnnxModelFile(good))).toBeNull();
  });

  it('reports a missing file as MODEL_MISSING', () => {
    expect(codeOf(() => checkOnnxModelFile(path.join(dir, 'nope.onnx')))).toBe('MODEL_MISSING');
    expect(codeOf(() => checkOnnxModelFile(dir))).toBe('MODEL_MISSING');
  });

  it('reports truncated, empty and foreign files as MODEL_CORRUPT', () => {
    const bytes = fs.readFileSync(good);
    const cases: Record<string, Buffer> = {
      'cut-end.onnx': bytes.subarray(0, bytes.length - 7),
      'cut-half.onnx': bytes.subarray(0, Math.floor(bytes.length / 2)),
      'empty.onnx': Buffer.alloc(0),
      'wav.onnx': Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt '), Buffer.alloc(64, 1)]),
      'gguf.onnx': Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64, 3)]),
      'text.onnx': Buffer.from('<html><body>404 Not Found</body></html>'),
    };
    for (const [name, content] of Object.entries(cases)) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, content);
      expect(
        codeOf(() => checkOnnxModelFile(f)),
        name,
      ).toBe('MODEL_CORRUPT');
    }
  });

  it('accepts the real Silero VAD from ../shared and catches it truncated', () => {
    const real = path.join(sharedDir, 'models', 'vad', 'silero_vad.onnx');
    if (!fs.existsSync(real)) {
      console.warn('[check-onnx.test] ../shared/models/vad/silero_vad.onnx absent: real-file case skipped');
      return;
    }
    expect(codeOf(() => checkOnnxModelFile(real))).toBeNull();
    const cut = path.join(dir, 'silero-cut.onnx');
    const bytes = fs.readFileSync(real);
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 1000));
    expect(codeOf(() => checkOnnxModelFile(cut))).toBe('MODEL_CORRUPT');
  });

  it('exists because sherpa-onnx kills its process on such a file (checked in a child process)', () => {
    const bytes = fs.readFileSync(good);
    const cut = path.join(dir, 'cut-for-sherpa.onnx');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const script = `
      const s = require(${JSON.stringify(require.resolve('sherpa-onnx-node'))});
      new s.Vad({ sileroVad: { model: process.argv[1], windowSize: 512 }, sampleRate: 16000, numThreads: 1 }, 10);
      console.log('loaded');
    `;
    const r = spawnSync(process.execPath, ['-e', script, cut], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).not.toContain('loaded');
    // onnxruntime throws Ort::Exception, nobody catches it: abort() (SIGABRT, shell exit 134).
    expect(r.signal === 'SIGABRT' || r.status === 134, `status ${r.status} signal ${r.signal}`).toBe(true);
    expect(r.stderr).toMatch(/Protobuf parsing failed|Ort::Exception/);
  });

  it('reads graph inputs, outputs and metadata without loading weights', () => {
    const voice = path.join(dir, 'voice.onnx');
    fs.writeFileSync(voice, buildMiniVitsVoice({ seed: 1, language: 'ru', gender: 'female' }).model);
    const sig = readOnnxSignature(voice);
    expect(sig.inputs).toEqual(['input', 'input_lengths', 'scales']);
    expect(sig.outputs).toEqual(['output']);
    expect(sig.metadata).toMatchObject({ comment: 'piper', language: 'Russian', voice: 'ru', sample_rate: '22050' });
    expect(readOnnxSignature(good).inputs).toEqual(['input', 'state', 'sr']);
  });

  it('tells a Silero VAD from a voice, since sherpa-onnx exit()s on the wrong kind', () => {
    const voice = path.join(dir, 'voice.onnx');
    expect(codeOf(() => checkSileroVadModelFile(good))).toBeNull();
    expect(codeOf(() => checkVitsVoiceModelFile(voice))).toBeNull();
    expect(codeOf(() => checkSileroVadModelFile(voice))).toBe('MODEL_CORRUPT');
    expect(codeOf(() => checkVitsVoiceModelFile(good))).toBe('MODEL_CORRUPT');

    const script = `
      const s = require(${JSON.stringify(require.resolve('sherpa-onnx-node'))});
      new s.Vad({ sileroVad: { model: process.argv[1], windowSize: 512 }, sampleRate: 16000, numThreads: 1 }, 10);
      console.log('loaded');
    `;
    const r = spawnSync(process.execPath, ['-e', script, voice], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).not.toContain('loaded');
    expect(r.stderr).toMatch(/Unsupported silero vad model/);
  });

  it('rejects a Piper ONNX without sherpa-onnx metadata (../shared toy voice)', () => {
    const toy = path.join(sharedDir, 'models', 'tts', 'piper_test_voice_silence.onnx');
    if (!fs.existsSync(toy)) {
      console.warn('[check-onnx.test] ../shared toy Piper voice absent: case skipped');
      return;
    }
    expect(codeOf(() => checkOnnxModelFile(toy))).toBeNull();
    expect(codeOf(() => checkVitsVoiceModelFile(toy))).toBe('MODEL_CORRUPT');
  });
});
