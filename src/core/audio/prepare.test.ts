import { afterAll, describe, expect, it } from 'vitest';
import { LumioError } from '../../shared/errors.js';
import { prepareSpeechInput, rmsDb, SILENCE_DB } from './prepare.js';
import { HAVE_SOX, TempAudioDir } from './testing/speech-fixtures.js';
import { encodeWav, encodeWavFloat } from './wav.js';

function errorOf(fn: () => unknown): LumioError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LumioError);
    return e as LumioError;
  }
  throw new Error('expected a LumioError');
}

function tone(hz: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return x;
}

describe('prepareSpeechInput', () => {
  const tmp = new TempAudioDir();
  afterAll(() => tmp.cleanup());

  it.skipIf(!HAVE_SOX)('8 kHz stereo 24-bit WAV → 16 kHz mono of the same length and level', () => {
    const bytes = tmp.sox('x.wav', (out) => ['-n', '-r', '8000', '-c', '2', '-b', '24', out, 'synth', '2', 'sine', '440', 'vol', '0.5']);
    const audio = prepareSpeechInput(bytes);
    expect(audio.sampleRate).toBe(16000);
    expect(audio.samples.length).toBe(32000);
    expect(audio.durationMs).toBe(2000);
    expect(audio.source).toEqual({ sampleRate: 8000, channels: 2, bitsPerSample: 24 });
    const mid = audio.samples.subarray(8000, 24000);
    expect(rmsDb(mid)).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 1);
  });

  it('32-bit float WAV at 44.1 kHz is accepted', () => {
    const audio = prepareSpeechInput(encodeWavFloat(tone(300, 44100, 1), 44100));
    expect(audio.samples.length).toBe(16000);
    expect(audio.source.bitsPerSample).toBe(32);
  });

  it('raw microphone samples at 48 kHz are resampled; at 16 kHz they pass through', () => {
    const a = prepareSpeechInput({ samples: tone(200, 48000, 1.5), sampleRate: 48000 });
    expect(a.samples.length).toBe(24000);
    expect(a.source).toEqual({ sampleRate: 48000, channels: 1, bitsPerSample: null });
    const x = tone(200, 16000, 1);
    expect(prepareSpeechInput({ samples: x, sampleRate: 16000 }).samples).toBe(x);
  });

  it('a 10-minute recording → AUDIO_TOO_LONG naming its length, without resampling it first', () => {
    const tenMinutes = encodeWav(new Float32Array(600 * 48000), 48000); // built in memory, never on disk
    const t = performance.now();
    const err = errorOf(() => prepareSpeechInput(tenMinutes));
    const ms = performance.now() - t;
    expect(err.code).toBe('AUDIO_TOO_LONG');
    expect(err.message).toMatch(/10 min/);
    expect(err.message).toMatch(/5 min/);
    console.log(`10-minute 48 kHz WAV rejected in ${ms.toFixed(0)} ms`);
  });

  it('maxSeconds is honoured both ways', () => {
    const sixSeconds = { samples: new Float32Array(6 * 16000), sampleRate: 16000 };
    expect(errorOf(() => prepareSpeechInput(sixSeconds, { maxSeconds: 5 })).message).toMatch(/6\.0 s.*5\.0 s/);
    expect(prepareSpeechInput(sixSeconds, { maxSeconds: 10 }).durationMs).toBe(6000);
  });

  it('under 0.2 s → AUDIO_EMPTY "too short to hear"; nothing at all → AUDIO_EMPTY', () => {
    const short = errorOf(() => prepareSpeechInput(encodeWav(new Float32Array(1600), 16000)));
    expect(short.code).toBe('AUDIO_EMPTY');
    expect(short.message).toMatch(/too short to hear \(100 ms/);
    expect(errorOf(() => prepareSpeechInput({ samples: new Float32Array(0), sampleRate: 16000 })).code).toBe('AUDIO_EMPTY');
    expect(errorOf(() => prepareSpeechInput(new Uint8Array(0))).code).toBe('AUDIO_EMPTY');
  });

  it('NaN or Infinity in the samples → AUDIO_INVALID, from raw samples or a float WAV', () => {
    const x = tone(200, 16000, 1);
    x[8000] = Number.NaN;
    const e1 = errorOf(() => prepareSpeechInput({ samples: x, sampleRate: 16000 }));
    expect(e1.code).toBe('AUDIO_INVALID');
    expect(e1.message).toMatch(/sample 8000 \(at 500 ms\) is not a number/);
    const y = tone(200, 22050, 1);
    y[100] = Number.POSITIVE_INFINITY;
    expect(errorOf(() => prepareSpeechInput(encodeWavFloat(y, 22050))).code).toBe('AUDIO_INVALID');
  });

  it('non-WAV bytes and impossible sample rates → AUDIO_INVALID', () => {
    expect(errorOf(() => prepareSpeechInput(new TextEncoder().encode('just some text'))).message).toMatch(/not a WAV/);
    for (const rate of [0, -16000, Number.NaN, 10]) {
      expect(errorOf(() => prepareSpeechInput({ samples: new Float32Array(16000), sampleRate: rate })).code).toBe('AUDIO_INVALID');
    }
  });

  it('digital silence is not an error here (the VAD decides), and rmsDb reports it as the floor', () => {
    const audio = prepareSpeechInput(encodeWav(new Float32Array(32000), 16000));
    expect(audio.durationMs).toBe(2000);
    expect(rmsDb(audio.samples)).toBe(SILENCE_DB);
  });
});

describe('rmsDb', () => {
  it('a half-scale sine is -9.03 dBFS; a range can be measured', () => {
    const x = tone(440, 16000, 1);
    expect(rmsDb(x)).toBeCloseTo(-9.03, 2);
    const y = new Float32Array(200);
    y.fill(0.1, 100);
    expect(rmsDb(y, 100, 200)).toBeCloseTo(-20, 5);
    expect(rmsDb(y, 0, 100)).toBe(SILENCE_DB);
    expect(rmsDb(new Float32Array(0))).toBe(SILENCE_DB);
  });
});
