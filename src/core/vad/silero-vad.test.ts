import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVadStandIn } from '../../../scripts/fixtures/vad-standin.js';
import { buildMiniVitsVoice } from '../../../scripts/fixtures/vits-voice.js';
import { isLumioError } from '../../shared/errors.js';
import { decodeWav } from '../audio/wav.js';
import type { PcmAudio, SpeechDetector } from '../engines.js';
import { loadSileroVad } from './silero-vad.js';

const shared = process.env.LUMIO_SHARED_DIR ?? path.resolve(process.cwd(), '..', 'shared');
const realModel = path.join(shared, 'models', 'vad', 'silero_vad.onnx');
const audioDir = path.join(shared, 'models', 'audio');
const haveReal = fs.existsSync(realModel);
const haveAudio = fs.existsSync(path.join(audioDir, 'jfk.wav'));
const haveEspeak = spawnSync('espeak-ng', ['--version']).status === 0;
const haveSox = spawnSync('sox', ['--version']).status === 0;
if (!haveReal) console.warn('[silero-vad.test] ../shared/models/vad/silero_vad.onnx absent: real Silero cases skipped');
if (!haveAudio) console.warn('[silero-vad.test] ../shared/models/audio absent: real speech cases skipped');

const SR = 16000;
let tmp = '';

function readWav(file: string): PcmAudio {
  const w = decodeWav(fs.readFileSync(file));
  expect(w.sampleRate).toBe(SR);
  return { samples: w.samples, sampleRate: w.sampleRate };
}

/** espeak-ng speech with 2 s of digital silence on each side (sox `pad 2 2`, or the same in JS). */
function paddedEspeak(): PcmAudio {
  const raw = path.join(tmp, 'espeak.wav');
  spawnSync('espeak-ng', ['-v', 'en-us', '-w', raw, 'Hello, this is a short test of the voice detector.']);
  if (haveSox) {
    const out = path.join(tmp, 'espeak-padded.wav');
    const r = spawnSync('sox', [raw, '-r', String(SR), '-c', '1', '-b', '16', out, 'pad', '2', '2']);
    expect(r.status).toBe(0);
    return readWav(out);
  }
  throw new Error('sox missing');
}

function silence(seconds: number): PcmAudio {
  return { samples: new Float32Array(seconds * SR), sampleRate: SR };
}

/** Low white noise, like sox `synth 3 whitenoise vol 0.01` (made with sox when present). */
function quietNoise(): PcmAudio {
  if (haveSox) {
    const out = path.join(tmp, 'noise.wav');
    spawnSync('sox', ['-n', '-r', String(SR), '-c', '1', '-b', '16', out, 'synth', '3', 'whitenoise', 'vol', '0.01']);
    return readWav(out);
  }
  let s = 12345;
  const samples = new Float32Array(3 * SR).map(() => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 0.02 - 0.01;
  });
  return { samples, sampleRate: SR };
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isLumioError(e) ? e.code : `not a LumioError: ${String(e)}`;
  }
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-vad-'));
  fs.writeFileSync(path.join(tmp, 'standin.onnx'), buildVadStandIn());
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const models = [
  { name: 'real Silero', file: () => realModel, skip: !haveReal },
  { name: 'energy stand-in', file: () => path.join(tmp, 'standin.onnx'), skip: false },
];

for (const m of models) {
  describe.skipIf(m.skip)(`loadSileroVad (${m.name})`, () => {
    let vad: SpeechDetector;
    beforeAll(() => {
      vad = loadSileroVad({ modelPath: m.file() });
    });

    it.skipIf(!haveAudio)('keeps the speech of jfk.wav and trims its leading silence', () => {
      const input = readWav(path.join(audioDir, 'jfk.wav'));
      const r = vad.trim(input);
      const inMs = (input.samples.length / SR) * 1000;
      const outMs = (r.audio.samples.length / SR) * 1000;
      console.log(
        `[vad ${m.name}] jfk.wav ${inMs.toFixed(0)} ms → ${outMs.toFixed(0)} ms (leading ${r.leadingMs.toFixed(0)}, trailing ${r.trailingMs.toFixed(0)}, speech ${r.speechMs.toFixed(0)})`,
      );
      expect(r.audio.sampleRate).toBe(SR);
      // jfk.wav's first word starts ~325 ms in; ~200 ms of padding is kept before it.
      expect(r.leadingMs).toBeGreaterThan(30);
      expect(r.leadingMs).toBeLessThan(325);
      expect(outMs).toBeLessThan(inMs);
      expect(outMs).toBeGreaterThan(8000);
      expect(r.speechMs).toBeGreaterThan(7000);
      expect(Math.round(r.leadingMs + outMs + r.trailingMs)).toBe(Math.round(inMs));
      // The kept audio is exactly the input slice.
      const from = Math.round((r.leadingMs / 1000) * SR);
      expect(r.audio.samples[100]).toBe(input.samples[from + 100]);
    });

    it.skipIf(!haveAudio)('finds speech in the Russian recordings', () => {
      for (const f of ['tinkoff_sample_3_ru.wav', 'tinkoff_stierlitz_ru_16k.wav', 'tinkoff_sample_4_ru_16k.wav']) {
        const r = vad.trim(readWav(path.join(audioDir, f)));
        expect(r.speechMs, f).toBeGreaterThan(1000);
      }
    });

    it.skipIf(!haveEspeak || !haveSox)('cuts 2 s of padding around espeak speech down to ~200 ms', () => {
      const input = paddedEspeak();
      const r = vad.trim(input);
      console.log(
        `[vad ${m.name}] espeak+pad ${((input.samples.length / SR) * 1000).toFixed(0)} ms → leading ${r.leadingMs.toFixed(0)}, trailing ${r.trailingMs.toFixed(0)}`,
      );
      // espeak's first sound is at ~2012 ms and its last at ~4786 ms of the padded file.
      expect(r.leadingMs).toBeGreaterThan(1700);
      expect(r.leadingMs).toBeLessThan(1950);
      expect(r.trailingMs).toBeGreaterThan(1700);
      expect(r.speechMs).toBeGreaterThan(1500);
    });

    it('says NO_SPEECH for digital silence and for quiet white noise', () => {
      expect(codeOf(() => vad.trim(silence(3)))).toBe('NO_SPEECH');
      expect(codeOf(() => vad.trim(quietNoise()))).toBe('NO_SPEECH');
      expect(codeOf(() => vad.trim(silence(0)))).toBe('NO_SPEECH');
      try {
        vad.trim(silence(1));
      } catch (e) {
        expect((e as Error).message).toMatch(/didn't hear anything/);
      }
    });

    it('can be reused: state does not leak between recordings', () => {
      expect(codeOf(() => vad.trim(silence(2)))).toBe('NO_SPEECH');
      if (haveAudio) {
        const a = vad.trim(readWav(path.join(audioDir, 'jfk.wav')));
        const b = vad.trim(readWav(path.join(audioDir, 'jfk.wav')));
        expect(b.leadingMs).toBe(a.leadingMs);
        expect(b.audio.samples.length).toBe(a.audio.samples.length);
      }
      expect(codeOf(() => vad.trim(silence(2)))).toBe('NO_SPEECH');
    });

    it('rejects audio that is not 16 kHz', () => {
      expect(codeOf(() => vad.trim({ samples: new Float32Array(48000), sampleRate: 48000 }))).toBe('INVALID_ARGUMENT');
    });
  });
}

describe('loadSileroVad (bad model files)', () => {
  it('says MODEL_MISSING / MODEL_CORRUPT before sherpa-onnx can abort', () => {
    expect(codeOf(() => loadSileroVad({ modelPath: path.join(tmp, 'missing.onnx') }))).toBe('MODEL_MISSING');
    const cut = path.join(tmp, 'cut.onnx');
    const bytes = fs.readFileSync(path.join(tmp, 'standin.onnx'));
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 20));
    expect(codeOf(() => loadSileroVad({ modelPath: cut }))).toBe('MODEL_CORRUPT');
  });

  it('says MODEL_CORRUPT for an ONNX file that is not a VAD (sherpa-onnx would exit)', () => {
    const voice = path.join(tmp, 'voice.onnx');
    fs.writeFileSync(voice, buildMiniVitsVoice({ seed: 1, language: 'en', gender: 'male' }).model);
    expect(codeOf(() => loadSileroVad({ modelPath: voice }))).toBe('MODEL_CORRUPT');
  });
});
