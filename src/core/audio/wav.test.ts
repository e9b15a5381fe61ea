import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LumioError } from '../../shared/errors.js';
import { HAVE_SOX, TempAudioDir } from './testing/speech-fixtures.js';
import { decodeWav, encodeWav, encodeWavFloat, readWavInfo } from './wav.js';

const SHARED_AUDIO = join(import.meta.dirname, '../../../../shared/models/audio');

/** Builds a WAV by hand so every header quirk can be produced exactly. */
function buildWav(o: {
  formatTag?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  data: Uint8Array;
  extensible?: boolean;
  before?: { id: string; body: Uint8Array }[];
  dataSizeField?: number;
}): Uint8Array {
  const channels = o.channels ?? 1;
  const rate = o.rate ?? 16000;
  const bits = o.bits ?? 16;
  const blockAlign = channels * Math.ceil(bits / 8);
  const fmt = new Uint8Array(o.extensible ? 40 : 16);
  const fv = new DataView(fmt.buffer);
  fv.setUint16(0, o.extensible ? 0xfffe : (o.formatTag ?? 1), true);
  fv.setUint16(2, channels, true);
  fv.setUint32(4, rate, true);
  fv.setUint32(8, rate * blockAlign, true);
  fv.setUint16(12, blockAlign, true);
  fv.setUint16(14, bits, true);
  if (o.extensible) {
    fv.setUint16(16, 22, true);
    fv.setUint16(18, bits, true);
    fv.setUint32(20, channels === 2 ? 3 : 4, true);
    fv.setUint16(24, o.formatTag ?? 1, true); // sub-format GUID starts with the real format tag
    fmt.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  const chunks = [...(o.before ?? []), { id: 'fmt ', body: fmt }, { id: 'data', body: o.data }];
  const parts: Uint8Array[] = [new TextEncoder().encode('RIFF\0\0\0\0WAVE')];
  for (const c of chunks) {
    const head = new Uint8Array(8);
    head.set(new TextEncoder().encode(c.id));
    const size = c.id === 'data' && o.dataSizeField !== undefined ? o.dataSizeField : c.body.length;
    new DataView(head.buffer).setUint32(4, size, true);
    parts.push(head, c.body);
    if (c.body.length % 2 === 1 && c.id !== 'data') parts.push(new Uint8Array(1)); // RIFF pad byte
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  new DataView(out.buffer).setUint32(4, total - 8, true);
  return out;
}

function int16Data(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setInt16(i * 2, x, true));
  return b;
}

function expectError(fn: () => unknown, code: string, words: RegExp): LumioError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LumioError);
    const err = e as LumioError;
    expect(err.code).toBe(code);
    expect(err.message).toMatch(words);
    return err;
  }
  throw new Error(`expected LumioError ${code}`);
}

/** Frequency from upward zero crossings, and peak level. */
function toneOf(x: Float32Array, rate: number): { hz: number; peak: number } {
  let crossings = 0;
  let first = -1;
  let last = -1;
  let peak = 0;
  for (let i = 1; i < x.length; i++) {
    const a = x[i - 1] as number;
    const b = x[i] as number;
    peak = Math.max(peak, Math.abs(b));
    if (a < 0 && b >= 0) {
      if (first < 0) first = i;
      else crossings++;
      last = i;
    }
  }
  return { hz: (crossings / (last - first)) * rate, peak };
}

describe('decodeWav: formats', () => {
  const tmp = new TempAudioDir();
  afterAll(() => tmp.cleanup());

  const formats = [
    { name: '8 kHz stereo 24-bit', rate: 8000, ch: 2, bits: 24, enc: 'signed-integer' },
    { name: '48 kHz mono 16-bit', rate: 48000, ch: 1, bits: 16, enc: 'signed-integer' },
    { name: '44.1 kHz stereo 16-bit', rate: 44100, ch: 2, bits: 16, enc: 'signed-integer' },
    { name: '22.05 kHz mono 8-bit unsigned', rate: 22050, ch: 1, bits: 8, enc: 'unsigned-integer' },
    { name: '16 kHz mono 32-bit int', rate: 16000, ch: 1, bits: 32, enc: 'signed-integer' },
    { name: '16 kHz mono 32-bit float', rate: 16000, ch: 1, bits: 32, enc: 'floating-point' },
    { name: '16 kHz 3-channel 64-bit float', rate: 16000, ch: 3, bits: 64, enc: 'floating-point' },
    { name: '8 kHz µ-law', rate: 8000, ch: 1, bits: 8, enc: 'u-law' },
    { name: '8 kHz A-law', rate: 8000, ch: 1, bits: 8, enc: 'a-law' },
  ];
  for (const f of formats) {
    it.skipIf(!HAVE_SOX)(`reads ${f.name} written by sox (a 440 Hz tone at half scale, 2 s)`, () => {
      const bytes = tmp.sox('tone.wav', (out) => [
        '-n',
        '-r',
        String(f.rate),
        '-c',
        String(f.ch),
        '-b',
        String(f.bits),
        '-e',
        f.enc,
        out,
        'synth',
        '2',
        'sine',
        '440',
        'vol',
        '0.5',
      ]);
      const wav = decodeWav(bytes);
      expect(wav.sampleRate).toBe(f.rate);
      expect(wav.channels).toBe(f.ch);
      expect(wav.bitsPerSample).toBe(f.bits);
      expect(wav.durationMs).toBeCloseTo(2000, 0);
      const tone = toneOf(wav.samples, wav.sampleRate);
      expect(tone.hz).toBeGreaterThan(438);
      expect(tone.hz).toBeLessThan(442);
      // 8-bit and G.711 are coarse; the rest should be within a fraction of a percent.
      expect(Math.abs(tone.peak - 0.5)).toBeLessThan(f.bits === 8 ? 0.03 : 0.005);
    });
  }
  if (!HAVE_SOX) console.warn('sox not installed: format tests against sox-written files skipped');

  it('reads WAVE_FORMAT_EXTENSIBLE (24-bit PCM and 32-bit float sub-formats)', () => {
    const pcm24 = new Uint8Array([0x00, 0x00, 0x40, 0x00, 0x00, 0xc0]); // +0.5, -0.5
    const a = decodeWav(buildWav({ extensible: true, bits: 24, data: pcm24 }));
    expect(Array.from(a.samples)).toEqual([0.5, -0.5]);
    const f32 = new Uint8Array(8);
    new DataView(f32.buffer).setFloat32(0, 0.25, true);
    new DataView(f32.buffer).setFloat32(4, -0.75, true);
    const b = decodeWav(buildWav({ extensible: true, formatTag: 3, bits: 32, data: f32 }));
    expect(Array.from(b.samples)).toEqual([0.25, -0.75]);
  });

  it('mixes channels down to their mean', () => {
    // L = 16384 (0.5), R = -8192 (-0.25) → 0.125; L = R = -16384 → -0.5
    const wav = decodeWav(buildWav({ channels: 2, data: int16Data([16384, -8192, -16384, -16384]) }));
    expect(wav.channels).toBe(2);
    expect(Array.from(wav.samples)).toEqual([0.125, -0.5]);
  });

  it('skips unknown chunks, including odd-sized ones with their pad byte', () => {
    const wav = decodeWav(
      buildWav({
        data: int16Data([8192, -8192]),
        before: [
          { id: 'LIST', body: new Uint8Array([1, 2, 3]) }, // odd: a pad byte follows
          { id: 'junk', body: new Uint8Array(28) },
        ],
      }),
    );
    expect(Array.from(wav.samples)).toEqual([0.25, -0.25]);
  });

  it('reads a streamed WAV whose data size is 0xFFFFFFFF, or larger than the file, using what is there', () => {
    const data = int16Data([1000, 2000, 3000]);
    for (const size of [0xffffffff, 1_000_000]) {
      const wav = decodeWav(buildWav({ data, dataSizeField: size }));
      expect(wav.samples.length).toBe(3);
      expect(wav.samples[2]).toBeCloseTo(3000 / 32768, 6);
    }
  });

  it('readWavInfo gives the header facts without decoding, with the same errors', () => {
    const bytes = buildWav({ channels: 2, rate: 44100, bits: 16, data: int16Data([1, 2, 3, 4, 5, 6]) });
    expect(readWavInfo(bytes)).toEqual({ sampleRate: 44100, channels: 2, bitsPerSample: 16, frames: 3, durationMs: (3 / 44100) * 1000 });
    expectError(() => readWavInfo(new TextEncoder().encode('not audio at all')), 'AUDIO_INVALID', /not a WAV/);
  });

  it('keeps the whole frames of a data chunk cut mid-frame', () => {
    const full = buildWav({ channels: 2, bits: 16, data: int16Data([100, 100, 200, 200, 300, 300]) });
    const cut = full.subarray(0, full.length - 3); // the last stereo frame loses 3 of its 4 bytes
    const wav = decodeWav(cut);
    expect(wav.samples.length).toBe(2);
    expect(wav.durationMs).toBeCloseTo((2 / 16000) * 1000, 6);
  });
});

describe('decodeWav: bad input gets a clear error', () => {
  it('empty file → AUDIO_EMPTY', () => {
    expectError(() => decodeWav(new Uint8Array(0)), 'AUDIO_EMPTY', /empty/);
  });

  it('a 10-byte file → AUDIO_INVALID (cut off when it starts like a WAV, not a WAV otherwise)', () => {
    expectError(() => decodeWav(new TextEncoder().encode('RIFF\x24\x00\x00\x00WA')), 'AUDIO_INVALID', /cut off/);
    expectError(() => decodeWav(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])), 'AUDIO_INVALID', /not a WAV file/);
  });

  it('a RIFF/WAVE header with no fmt chunk → AUDIO_INVALID', () => {
    expectError(() => decodeWav(new TextEncoder().encode('RIFF\x04\x00\x00\x00WAVE')), 'AUDIO_INVALID', /no format section/);
    const onlyData = new TextEncoder().encode('RIFF\x10\x00\x00\x00WAVEdata\x04\x00\x00\x00\x01\x00\x02\x00');
    expectError(() => decodeWav(onlyData), 'AUDIO_INVALID', /no format section/);
  });

  it('a header cut inside the fmt chunk, or before the data chunk → AUDIO_INVALID', () => {
    const full = buildWav({ data: int16Data([1, 2, 3]) });
    expectError(() => decodeWav(full.subarray(0, 30)), 'AUDIO_INVALID', /cut off inside its header/);
    expectError(() => decodeWav(full.subarray(0, 36)), 'AUDIO_INVALID', /before the audio data/);
  });

  it('zero audio frames → AUDIO_EMPTY', () => {
    expectError(() => decodeWav(buildWav({ data: new Uint8Array(0) })), 'AUDIO_EMPTY', /no audio/);
    expectError(() => decodeWav(buildWav({ channels: 2, data: new Uint8Array(3) })), 'AUDIO_EMPTY', /no audio/);
  });

  it('MP3 bytes → AUDIO_INVALID saying it is not a WAV but an MP3', () => {
    const id3 = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0x21, 0xff, 0xfb, 0x90, 0x64]);
    expectError(() => decodeWav(id3), 'AUDIO_INVALID', /not a WAV file.*MP3/);
    const frameSync = new Uint8Array([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0]);
    expectError(() => decodeWav(frameSync), 'AUDIO_INVALID', /not a WAV file.*MP3/);
  });

  it('a text file → AUDIO_INVALID saying it is not a WAV but text', () => {
    const err = expectError(() => decodeWav(new TextEncoder().encode('hello, this is not audio\n')), 'AUDIO_INVALID', /not a WAV file.*text/);
    expect(err.hint).toMatch(/convert/i);
  });

  it('big-endian RIFX → AUDIO_INVALID with how to convert', () => {
    const err = expectError(() => decodeWav(new TextEncoder().encode('RIFX\0\0\0\x24WAVEfmt ')), 'AUDIO_INVALID', /RIFX/);
    expect(err.hint).toMatch(/sox/);
  });

  it('an unsupported codec (IMA ADPCM) → AUDIO_INVALID naming the format', () => {
    expectError(() => decodeWav(buildWav({ formatTag: 0x11, bits: 4, data: new Uint8Array(8) })), 'AUDIO_INVALID', /0x0011/);
  });
});

describe('encodeWav', () => {
  it('writes 16-bit mono that decodes back, clipped, NaN as silence', () => {
    const bytes = encodeWav(new Float32Array([0.5, -0.5, 2, -2, Number.NaN, 0]), 22050);
    const wav = decodeWav(bytes);
    expect(wav.sampleRate).toBe(22050);
    expect(wav.bitsPerSample).toBe(16);
    expect(Array.from(wav.samples).map((s) => Math.round(s * 1000) / 1000)).toEqual([0.5, -0.5, 1, -1, 0, 0]);
  });

  it('float WAV round-trips exactly', () => {
    const x = new Float32Array([0.1, -0.3, 1.5, 0]);
    const wav = decodeWav(encodeWavFloat(x, 16000));
    expect(wav.bitsPerSample).toBe(32);
    expect(Array.from(wav.samples)).toEqual(Array.from(x));
  });

  it.skipIf(!HAVE_SOX)('writes files sox agrees with', () => {
    const tmp = new TempAudioDir();
    try {
      const x = new Float32Array(8000).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 8000));
      const path = tmp.path('ours.wav');
      writeFileSync(path, encodeWav(x, 8000));
      const bytes = tmp.sox('back.wav', (out) => [path, '-b', '32', '-e', 'floating-point', out]);
      const back = decodeWav(bytes);
      expect(back.sampleRate).toBe(8000);
      expect(back.samples.length).toBe(8000);
      for (let i = 0; i < x.length; i += 97) expect(back.samples[i]).toBeCloseTo(x[i] as number, 4);
    } finally {
      tmp.cleanup();
    }
  });
});

/** README table rows: "| audio/NAME | bytes | source | license | what (…, 11.0 s, …) |". */
function readmeDurations(): Map<string, number> {
  const text = readFileSync(join(SHARED_AUDIO, '../README.md'), 'utf8');
  const seconds = new Map<string, number>();
  const rows = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\|\s*audio\/([^|\s]+)\s*\|(.*)$/.exec(line);
    if (m) rows.set(m[1] as string, m[2] as string);
  }
  for (const [name, rest] of rows) {
    const d = /(\d+(?:\.\d+)?) s\b/.exec(rest);
    if (d) seconds.set(name, Number(d[1]));
  }
  // Derived "_16k.wav" rows state no duration: they are resamples of the row without the suffix.
  for (const name of rows.keys()) {
    if (seconds.has(name) || !name.endsWith('_16k.wav')) continue;
    const base = name.replace(/_16k\.wav$/, '');
    const src = seconds.get(`${base}.wav`) ?? seconds.get(`${base}.flac`);
    if (src !== undefined) seconds.set(name, src);
  }
  return seconds;
}

describe('real recordings in ../shared/models/audio', () => {
  const present = existsSync(SHARED_AUDIO);
  if (!present) console.warn(`${SHARED_AUDIO} absent: real-WAV decode test skipped`);

  it.skipIf(!present)('decodes every WAV, durations match the README within 1 %', () => {
    const expected = readmeDurations();
    const files = readdirSync(SHARED_AUDIO).filter((f) => f.endsWith('.wav'));
    expect(files.length).toBeGreaterThan(0);
    const rates = new Set<number>();
    for (const f of files) {
      const wav = decodeWav(readFileSync(join(SHARED_AUDIO, f)));
      rates.add(wav.sampleRate);
      const want = expected.get(f);
      expect(want, `README gives no duration for ${f}`).toBeDefined();
      expect(Math.abs(wav.durationMs / 1000 - (want as number)) / (want as number), f).toBeLessThan(0.01);
    }
    expect([...rates].sort()).toEqual([16000, 48000]);
  });
});
