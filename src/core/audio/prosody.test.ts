import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareSpeechInput } from './prepare.js';
import { analyzeProsody, mergeProsody, type ProsodyFeatures } from './prosody.js';
import { countTextSyllables, transcriptSpeechRate } from './syllables.js';
import { HAVE_ESPEAK, HAVE_SOX, TempAudioDir } from './testing/speech-fixtures.js';

const RATE = 16000;

/**
 * A voice-like signal: harmonics 1/k up to 3.5 kHz of a fundamental that follows `f0(t)`, shaped
 * by `gain(t)`. Phase is accumulated so gliding pitch stays continuous.
 */
function voiced(seconds: number, f0: (t: number) => number, gain: (t: number) => number = () => 1): Float32Array {
  const x = new Float32Array(Math.round(seconds * RATE));
  let phase = 0;
  for (let i = 0; i < x.length; i++) {
    const t = i / RATE;
    const f = f0(t);
    phase += (2 * Math.PI * f) / RATE;
    let s = 0;
    for (let k = 1; k * f < 3500; k++) s += Math.sin(k * phase) / k;
    x[i] = 0.15 * s * gain(t);
  }
  return x;
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const silence = (seconds: number): Float32Array => new Float32Array(Math.round(seconds * RATE));
const analyze = (x: Float32Array): ProsodyFeatures => analyzeProsody({ samples: x, sampleRate: RATE });

describe('analyzeProsody on signals with known answers', () => {
  for (const hz of [80, 120, 220, 350]) {
    it(`finds a steady ${hz} Hz fundamental`, () => {
      const p = analyze(
        concat(
          silence(0.3),
          voiced(2, () => hz),
          silence(0.3),
        ),
      );
      expect(p.pitchHz).not.toBeNull();
      expect(Math.abs((p.pitchHz as number) / hz - 1)).toBeLessThan(0.02);
      expect(p.pitchRangeSemitones as number).toBeLessThan(0.5);
      expect(p.voicedMs).toBeGreaterThan(1800);
    });
  }

  it('measures the range of a one-octave glide: 10th–90th percentile ≈ 0.8 × 12 semitones', () => {
    // Exponential glide 150 → 300 Hz: semitones rise linearly in time.
    const p = analyze(voiced(2, (t) => 150 * 2 ** (t / 2)));
    expect(p.pitchRangeSemitones as number).toBeGreaterThan(8.6);
    expect(p.pitchRangeSemitones as number).toBeLessThan(10.6);
    expect(Math.abs((p.pitchHz as number) / (150 * Math.SQRT2) - 1)).toBeLessThan(0.04);
  });

  it('counts syllable-like bursts: 3 per second and 6 per second', () => {
    const burstTrain = (perSecond: number): Float32Array => {
      // Each burst is a raised-cosine hump of voice; between them the level falls 25 dB (no pause).
      const period = 1 / perSecond;
      return voiced(
        4,
        () => 140,
        (t) => {
          const phase = (t % period) / period;
          return 0.056 + 0.944 * (0.5 - 0.5 * Math.cos(2 * Math.PI * phase)) ** 2;
        },
      );
    };
    const slow = analyze(burstTrain(3));
    const fast = analyze(burstTrain(6));
    expect(Math.abs(slow.syllableCount - 12)).toBeLessThanOrEqual(1);
    expect(Math.abs(fast.syllableCount - 24)).toBeLessThanOrEqual(1);
    expect(slow.pauseCount).toBe(0);
    expect(Math.abs((slow.speechRate as number) - 3)).toBeLessThan(0.4);
    expect(Math.abs((fast.speechRate as number) - 6)).toBeLessThan(0.6);
  });

  it('finds pauses over 250 ms between sounds, ignores shorter gaps and the silence around', () => {
    const v = (): Float32Array => voiced(1, () => 130);
    const p = analyze(concat(silence(0.5), v(), silence(0.5), v(), silence(0.3), v(), silence(0.1), v(), silence(0.7)));
    expect(p.pauseCount).toBe(2);
    // 0.8 s of pauses in a 4.9 s span; frame edges blur each boundary by a frame or two.
    expect(Math.abs(p.pauseRatio - 0.8 / 4.9)).toBeLessThan(0.02);
    expect(Math.abs(p.speakingMs - 4100)).toBeLessThan(80);
  });

  it('digital silence: no pitch, no rate, floor energy, no pauses', () => {
    const p = analyze(silence(2));
    expect(p.pitchHz).toBeNull();
    expect(p.pitchRangeSemitones).toBeNull();
    expect(p.speechRate).toBeNull();
    expect(p.energyDb).toBe(-120);
    expect(p.pauseCount).toBe(0);
    expect(p.pauseRatio).toBe(0);
  });

  it('white noise is (almost) never voiced', () => {
    let seed = 1;
    const noise = new Float32Array(2 * RATE).map(() => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31 - 0.5) * 0.5;
    });
    const p = analyze(noise);
    expect(p.voicedMs).toBeLessThan(100);
    expect(p.pitchHz).toBeNull();
  });

  it('energy follows the level: the same voice 10 dB quieter reads 10 dB lower', () => {
    const loud = voiced(1.5, () => 150);
    const quiet = loud.map((s) => s * 10 ** (-10 / 20));
    expect(analyze(loud).energyDb - analyze(quiet).energyDb).toBeCloseTo(10, 1);
  });
});

interface Variant {
  pitch: number;
  speed: number;
  amplitude: number;
}

describe('mergeProsody: a turn analysed segment by segment', () => {
  it('agrees with analysing the whole recording on pitch, level, rate and pauses', () => {
    const a = voiced(
      1.5,
      (t) => 180 + 40 * t,
      (t) => 0.6 + 0.4 * Math.abs(Math.sin(3 * Math.PI * t)),
    );
    const b = voiced(
      1.2,
      (t) => 150 + 20 * t,
      (t) => 0.6 + 0.4 * Math.abs(Math.sin(3 * Math.PI * t)),
    );
    const gap = silence(0.6);
    const whole = analyze(concat(a, gap, b));
    const merged = mergeProsody([analyze(a), analyze(b)], [600])!;
    expect(merged.pitchHz!).toBeCloseTo(whole.pitchHz!, -1);
    expect(Math.abs(merged.pitchRangeSemitones! - whole.pitchRangeSemitones!)).toBeLessThan(1);
    expect(Math.abs(merged.energyDb - whole.energyDb)).toBeLessThan(1);
    expect(Math.abs(merged.speakingMs - whole.speakingMs)).toBeLessThan(120);
    expect(merged.syllableCount).toBeGreaterThan(0);
    expect(merged.pauseCount).toBe(whole.pauseCount);
    expect(Math.abs(merged.pauseRatio - whole.pauseRatio)).toBeLessThan(0.05);
    expect(merged.durationMs).toBeCloseTo(whole.durationMs, -2);
  });

  it('one segment is itself, none is nothing', () => {
    const one = analyze(voiced(1, () => 200));
    expect(mergeProsody([one])).toBe(one);
    expect(mergeProsody([])).toBeUndefined();
  });
});

describe.skipIf(!HAVE_ESPEAK || !HAVE_SOX)('analyzeProsody on espeak-ng speech', () => {
  if (!HAVE_ESPEAK || !HAVE_SOX) console.warn('espeak-ng or sox missing: synthetic-speech prosody tests skipped');
  const tmp = new TempAudioDir();
  afterAll(() => tmp.cleanup());
  const texts = {
    en: 'The weather was lovely this morning, so we walked to the park and talked for hours about everything.',
    ru: 'Сегодня утром была прекрасная погода, и мы долго гуляли в парке и говорили обо всём на свете.',
  };
  const base: Variant = { pitch: 50, speed: 160, amplitude: 100 };
  const measure = (voice: 'en' | 'ru', v: Variant): ProsodyFeatures => analyzeProsody(prepareSpeechInput(tmp.speak(texts[voice], { voice, ...v })));

  for (const voice of ['en', 'ru'] as const) {
    it(`${voice}: pitch rises with -p, rate with -s, energy with -a`, () => {
      const rows: Record<string, ProsodyFeatures> = {};
      const run = (name: string, v: Variant): ProsodyFeatures => (rows[name] = measure(voice, v));
      const p20 = run('-p 20', { ...base, pitch: 20 });
      const p50 = run('-p 50 -s 160 -a 100', base);
      const p80 = run('-p 80', { ...base, pitch: 80 });
      const s110 = run('-s 110', { ...base, speed: 110 });
      const s230 = run('-s 230', { ...base, speed: 230 });
      const a40 = run('-a 40', { ...base, amplitude: 40 });
      const a180 = run('-a 180', { ...base, amplitude: 180 });
      console.log(
        `espeak-ng -v ${voice} (text: ${countTextSyllables(texts[voice])} syllables):\n` +
          Object.entries(rows)
            .map(
              ([k, p]) =>
                `  ${k.padEnd(20)} pitch ${p.pitchHz?.toFixed(1)} Hz, range ${p.pitchRangeSemitones?.toFixed(1)} st, ` +
                `energy ${p.energyDb.toFixed(1)} dB, rate ${p.speechRate?.toFixed(2)} syl/s (${p.syllableCount}), ` +
                `pauses ${p.pauseCount} (${(p.pauseRatio * 100).toFixed(0)} %), ` +
                `text rate ${transcriptSpeechRate(p, texts[voice])?.toFixed(2)} syl/s`,
            )
            .join('\n'),
      );
      const hz = (p: ProsodyFeatures): number => p.pitchHz as number;
      const rate = (p: ProsodyFeatures): number => p.speechRate as number;
      expect(hz(p50)).toBeGreaterThan(hz(p20) * 1.1);
      expect(hz(p80)).toBeGreaterThan(hz(p50) * 1.1);
      // Speaking time shrinks as -s rises, so the rate from the known words rises in both languages.
      expect(s230.speakingMs).toBeLessThan(p50.speakingMs * 0.87);
      expect(p50.speakingMs).toBeLessThan(s110.speakingMs * 0.87);
      const textRate = (p: ProsodyFeatures): number => transcriptSpeechRate(p, texts[voice]) as number;
      expect(textRate(s230)).toBeGreaterThan(textRate(p50) * 1.15);
      expect(textRate(p50)).toBeGreaterThan(textRate(s110) * 1.15);
      if (voice === 'en') {
        // The acoustic rate (intensity peaks, no transcript) follows -s for the English voice. For
        // espeak's Russian voice it does not: at -s 110 it finds ~32 of the text's 34 syllables, at
        // -s 160 only ~21 (they merge across л/м/н/р), so its acoustic rate barely moves — a known
        // limit of peak counting, which is why transcriptSpeechRate exists.
        expect(rate(s230)).toBeGreaterThan(rate(p50) * 1.15);
        expect(rate(p50)).toBeGreaterThan(rate(s110) * 1.15);
      }
      expect(a180.energyDb).toBeGreaterThan(p50.energyDb + 3);
      expect(p50.energyDb).toBeGreaterThan(a40.energyDb + 3);
      // Changing one thing leaves the others roughly alone.
      expect(Math.abs(hz(s230) / hz(p50) - 1)).toBeLessThan(0.1);
      expect(Math.abs(hz(a180) / hz(p50) - 1)).toBeLessThan(0.1);
      expect(Math.abs(rate(a40) / rate(p50) - 1)).toBeLessThan(0.2);
    });
  }

  it('runs in under 50 ms for 10 s of speech', () => {
    // Speech padded or cut to exactly 10 s at 16 kHz by sox.
    const raw = tmp.speakToFile(`${texts.en} And then we went home.`, { voice: 'en', ...base });
    const long = tmp.sox('ten-seconds.wav', (out) => [raw, '-r', '16000', out, 'pad', '0', '10', 'trim', '0', '10']);
    const audio = prepareSpeechInput(long);
    expect(audio.durationMs).toBe(10000);
    for (let i = 0; i < 3; i++) analyzeProsody(audio); // JIT warm-up, as in a running app
    // CPU time is what the analysis costs; wall time also counts waiting for a core on this
    // shared 2-core machine. Both are printed; the budget is checked on CPU time.
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < 7; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      analyzeProsody(audio);
      wall.push(performance.now() - t);
      const u = process.cpuUsage(c);
      cpu.push((u.user + u.system) / 1000);
    }
    cpu.sort((a, b) => a - b);
    wall.sort((a, b) => a - b);
    console.log(
      `analyzeProsody, 10 s of speech: CPU median ${cpu[3]?.toFixed(1)} ms (best ${cpu[0]?.toFixed(1)}), ` +
        `wall median ${wall[3]?.toFixed(1)} ms (best ${wall[0]?.toFixed(1)}, worst ${wall[6]?.toFixed(1)})`,
    );
    expect(cpu[3]).toBeLessThan(50);
  });
});

const SHARED_AUDIO = join(import.meta.dirname, '../../../../shared/models/audio');
describe('analyzeProsody on real recordings', () => {
  const present = existsSync(SHARED_AUDIO);
  if (!present) console.warn(`${SHARED_AUDIO} absent: real-speech prosody tests skipped`);

  it.skipIf(!present)('gives plausible speech values for every real WAV, and the same pitch at 48 kHz and 16 kHz', () => {
    const lines: string[] = [];
    const byName = new Map<string, ProsodyFeatures>();
    for (const f of readdirSync(SHARED_AUDIO).filter((n) => n.endsWith('.wav'))) {
      const p = analyzeProsody(prepareSpeechInput(readFileSync(join(SHARED_AUDIO, f))));
      byName.set(f, p);
      lines.push(
        `  ${f.padEnd(30)} pitch ${p.pitchHz?.toFixed(0)} Hz, range ${p.pitchRangeSemitones?.toFixed(1)} st, energy ${p.energyDb.toFixed(1)} dB, ` +
          `rate ${p.speechRate?.toFixed(2)} syl/s, pauses ${p.pauseCount} (${(p.pauseRatio * 100).toFixed(0)} %)`,
      );
      expect(p.pitchHz, f).not.toBeNull();
      expect(p.pitchHz as number, f).toBeGreaterThan(70);
      expect(p.pitchHz as number, f).toBeLessThan(320);
      expect(p.speechRate as number, f).toBeGreaterThan(1);
      expect(p.speechRate as number, f).toBeLessThan(8);
      expect(p.voicedMs, f).toBeGreaterThan(p.durationMs * 0.15);
    }
    console.log(`real recordings:\n${lines.join('\n')}`);
    for (const [name, p] of byName) {
      const twin = byName.get(name.replace('.wav', '_16k.wav'));
      if (!twin) continue;
      expect(Math.abs((twin.pitchHz as number) / (p.pitchHz as number) - 1), name).toBeLessThan(0.03);
      expect(Math.abs(twin.energyDb - p.energyDb), name).toBeLessThan(0.5);
    }
  });
});
