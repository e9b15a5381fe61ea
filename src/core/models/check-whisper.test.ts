import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDir } from '../../../scripts/fixtures/generate.js';
import { buildMiniWhisper } from '../../../scripts/fixtures/whisper-ggml.js';
import { LumioError } from '../../shared/errors.js';
import { checkWhisperModelFile } from './check-whisper.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-check-whisper-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const good = buildMiniWhisper();

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(LumioError);
    return (e as LumioError).code;
  }
}

describe('checkWhisperModelFile', () => {
  it('accepts a complete model', () => {
    expect(codeOf(() => checkWhisperModelFile(write('good.bin', good)))).toBeUndefined();
  });

  it('reports a missing file as MODEL_MISSING', () => {
    expect(codeOf(() => checkWhisperModelFile(path.join(dir, 'nope.bin')))).toBe('MODEL_MISSING');
  });

  it('reports an empty file, wrong magic and GGUF as MODEL_CORRUPT', () => {
    expect(codeOf(() => checkWhisperModelFile(write('empty.bin', new Uint8Array())))).toBe('MODEL_CORRUPT');
    const wrong = Buffer.from(good.subarray(0, 4096));
    wrong.write('XXXX', 0, 'latin1');
    expect(codeOf(() => checkWhisperModelFile(write('wrong.bin', wrong)))).toBe('MODEL_CORRUPT');
    const gguf = Buffer.from(good.subarray(0, 4096));
    gguf.write('GGUF', 0, 'latin1');
    expect(codeOf(() => checkWhisperModelFile(write('gguf.bin', gguf)))).toBe('MODEL_CORRUPT');
  });

  it('reports truncation anywhere (header, vocab, tensor data, last byte) as MODEL_CORRUPT', () => {
    for (const cut of [30, 200, 70_000, 500_000, good.length - 1]) {
      const code = codeOf(() => checkWhisperModelFile(write(`cut-${cut}.bin`, good.subarray(0, cut))));
      expect(code, `cut at ${cut}`).toBe('MODEL_CORRUPT');
    }
  });

  it('reports a damaged hyper-parameter as MODEL_CORRUPT', () => {
    const bad = Buffer.from(good);
    bad.writeInt32LE(0, 12); // n_audio_state = 0
    expect(codeOf(() => checkWhisperModelFile(write('hparam.bin', bad)))).toBe('MODEL_CORRUPT');
  });

  it('reports a wrongly named tensor (as a faulty converter would write) as MODEL_CORRUPT', () => {
    const name = Buffer.from('decoder.ln.weight');
    const at = good.indexOf(name);
    expect(at).toBeGreaterThan(0);
    const bad = Buffer.from(good);
    bad.write('decoder.ln.wEight', at, 'latin1');
    expect(() => checkWhisperModelFile(write('renamed.bin', bad))).toThrow(/unexpected tensor name/);
  });

  const testOnly = path.join(sharedDir(), 'models', 'whisper', 'for-tests-ggml-tiny.bin');
  it.skipIf(!fs.existsSync(testOnly))("rejects whisper.cpp's weightless load-test file (needs ../shared)", () => {
    expect(codeOf(() => checkWhisperModelFile(testOnly))).toBe('MODEL_CORRUPT');
    expect(() => checkWhisperModelFile(testOnly)).toThrow(/no weights/);
  });

  // Why the check exists, measured rather than assumed: whisper.cpp itself, handed the same
  // truncated file in a child process, kills that process with a segmentation fault.
  it('guards against a real crash: smart-whisper segfaults on a truncated model', () => {
    const file = write('crash.bin', good.subarray(0, 2_000_000));
    expect(codeOf(() => checkWhisperModelFile(file))).toBe('MODEL_CORRUPT');
    const child = spawnSync(process.execPath, ['-e', "require('smart-whisper').WhisperModel.load(process.argv[1], false).then(m => m.free())", file], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.signal ?? child.status).toSatisfy((s: unknown) => s === 'SIGSEGV' || s === 139 || s === 'SIGABRT');
  });
});
