import { afterAll, describe, expect, it } from 'vitest';
import { VoiceMoodSchema } from '../../shared/domain.js';
import { prepareSpeechInput } from './prepare.js';
import { analyzeProsody, type ProsodyFeatures } from './prosody.js';
import { withTranscriptRate } from './syllables.js';
import { HAVE_ESPEAK, HAVE_SOX, TempAudioDir, type SpeakOptions } from './testing/speech-fixtures.js';
import { estimateVoiceMood, hzToSemitones, toVoiceMood, VoiceBaseline, voiceWords } from './voice-mood.js';

/** Prosody of an ordinary turn, with chosen values. */
function turn(o: Partial<ProsodyFeatures> = {}): ProsodyFeatures {
  return {
    durationMs: 4000,
    speakingMs: 3500,
    voicedMs: 2000,
    pitchHz: 140,
    pitchRangeSemitones: 6,
    energyDb: -22,
    speechRate: 4.5,
    syllableCount: 16,
    pauseRatio: 0.05,
    pauseCount: 0,
    f0: new Float32Array(0),
    hopMs: 10,
    ...o,
  };
}

describe('VoiceBaseline and estimateVoiceMood (known numbers)', () => {
  it('first turns are less confident than later ones', () => {
    const b = new VoiceBaseline();
    const first = estimateVoiceMood(turn(), b).confidence;
    const confidences = [first];
    for (let i = 0; i < 12; i++) {
      b.update(turn({ pitchHz: 140 + (i % 3) * 5, energyDb: -22 + (i % 2) }));
      confidences.push(estimateVoiceMood(turn(), b).confidence);
    }
    console.log(`confidence after 0, 1, 4, 12 turns: ${[0, 1, 4, 12].map((i) => confidences[i]?.toFixed(2)).join(', ')}`);
    expect(first).toBeLessThan(0.3);
    for (let i = 1; i < confidences.length; i++) expect(confidences[i]).toBeGreaterThan(confidences[i - 1] as number);
    expect(confidences[12]).toBeGreaterThan(0.7);
  });

  it('a turn with little voice is less confident than a full one against the same baseline', () => {
    const b = new VoiceBaseline();
    for (let i = 0; i < 8; i++) b.update(turn());
    expect(estimateVoiceMood(turn({ voicedMs: 300 }), b).confidence).toBeLessThan(estimateVoiceMood(turn(), b).confidence / 2);
    const nothing = estimateVoiceMood(turn({ pitchHz: null, pitchRangeSemitones: null, speechRate: null, voicedMs: 0 }), b);
    expect(nothing.confidence).toBe(0);
  });

  it('a deep or a high voice is not called calm or tense on the first turn (priors are gender-neutral)', () => {
    for (const hz of [95, 120, 220, 260]) {
      const m = estimateVoiceMood(turn({ pitchHz: hz }), new VoiceBaseline());
      expect(Math.abs(m.arousal), `${hz} Hz`).toBeLessThan(0.35);
      expect(m.words).not.toContain('tense');
      expect(m.words).not.toContain('subdued');
    }
  });

  it('raised, louder, faster against one`s own baseline → high arousal; lowered, quieter, slower → low', () => {
    const b = new VoiceBaseline();
    for (let i = 0; i < 10; i++) b.update(turn({ pitchHz: 110 + (i % 3) * 4, energyDb: -25 + (i % 3), speechRate: 4 + (i % 2) * 0.3 }));
    const tense = estimateVoiceMood(turn({ pitchHz: 150, pitchRangeSemitones: 9, energyDb: -16, speechRate: 6 }), b);
    const low = estimateVoiceMood(turn({ pitchHz: 95, pitchRangeSemitones: 3, energyDb: -33, speechRate: 3 }), b);
    const usual = estimateVoiceMood(turn({ pitchHz: 114, pitchRangeSemitones: 6, energyDb: -24, speechRate: 4.15 }), b);
    expect(tense.arousal).toBeGreaterThan(0.6);
    expect(tense.summary).toMatch(/tense/);
    expect(tense.words).toEqual(expect.arrayContaining(['loud']));
    expect(low.arousal).toBeLessThan(-0.6);
    expect(low.words[0]).toBe('subdued');
    for (const w of low.words) expect(['subdued', 'quiet', 'slow', 'low', 'flat']).toContain(w);
    expect(Math.abs(usual.arousal)).toBeLessThan(0.25);
    expect(['calm', 'even']).toContain(usual.summary);
    console.log(
      `tense: ${tense.arousal.toFixed(2)} "${tense.summary}" / "${tense.summaryRu}"; low: ${low.arousal.toFixed(2)} "${low.summary}" / "${low.summaryRu}"; usual: ${usual.arousal.toFixed(2)} "${usual.summary}"`,
    );
  });

  it('forgets slowly: after many turns in a new voice the baseline is that voice', () => {
    const b = new VoiceBaseline();
    for (let i = 0; i < 10; i++) b.update(turn({ pitchHz: 100 }));
    expect(b.mean('pitch')).toBeLessThan(hzToSemitones(110));
    for (let i = 0; i < 100; i++) b.update(turn({ pitchHz: 200 }));
    expect(Math.abs(b.mean('pitch') - hzToSemitones(200))).toBeLessThan(0.1);
    expect(b.sd('pitch')).toBe(1); // settled to the floor, not to zero
  });

  it('survives JSON; a damaged saved baseline starts over from the priors', () => {
    const b = new VoiceBaseline();
    for (let i = 0; i < 5; i++) b.update(turn({ energyDb: -30 + i }));
    const back = VoiceBaseline.fromJSON(JSON.parse(JSON.stringify(b)));
    expect(back.turns).toBe(5);
    expect(back.z('energy', -20)).toBe(b.z('energy', -20));
    for (const bad of [null, 42, { version: 2 }, { version: 1, turns: 3, features: { pitch: { mean: 'x' } } }]) {
      const fresh = VoiceBaseline.fromJSON(bad);
      expect(fresh.turns).toBe(0);
      expect(fresh.mean('rate')).toBe(new VoiceBaseline().mean('rate'));
    }
  });

  it('fits the shared VoiceMood contract, with or without the extras', () => {
    const m = estimateVoiceMood(turn(), new VoiceBaseline());
    expect(VoiceMoodSchema.parse(toVoiceMood(m))).toEqual(toVoiceMood(m));
    expect(() => VoiceMoodSchema.parse(m)).not.toThrow();
    const silent = estimateVoiceMood(
      turn({ pitchHz: null, pitchRangeSemitones: null, speechRate: null, energyDb: -120, voicedMs: 0, speakingMs: 0 }),
      new VoiceBaseline(),
    );
    expect(() => VoiceMoodSchema.parse(toVoiceMood(silent))).not.toThrow();
    expect(silent.arousal).toBe(0);
  });

  it('says the words in English and Russian', () => {
    expect(voiceWords(['quiet', 'slow'], 'en')).toBe('quiet and slow');
    expect(voiceWords(['quiet', 'slow'], 'ru')).toBe('тихо и медленно');
    expect(voiceWords(['tense', 'fast', 'loud'], 'en')).toBe('tense, fast and loud');
    expect(voiceWords(['calm'], 'ru')).toBe('спокойно');
  });
});

describe.skipIf(!HAVE_ESPEAK || !HAVE_SOX)('voice mood on espeak-ng speech, against a baseline of neutral turns', () => {
  if (!HAVE_ESPEAK || !HAVE_SOX) console.warn('espeak-ng or sox missing: synthetic-speech voice-mood tests skipped');
  const tmp = new TempAudioDir();
  afterAll(() => tmp.cleanup());
  const sentences = {
    en: [
      'I had a fairly ordinary day at work today.',
      'We talked about the plans for next week and the budget.',
      'After lunch I answered some emails and read a report.',
      'In the evening I cooked dinner and called my sister.',
      'Tomorrow I should go to the shop and buy some bread.',
      'The train was a little late, but nothing special happened.',
    ],
    ru: [
      'Сегодня был вполне обычный день на работе.',
      'Мы обсуждали планы на следующую неделю и бюджет.',
      'После обеда я ответил на письма и прочитал отчёт.',
      'Вечером я приготовил ужин и позвонил сестре.',
      'Завтра нужно сходить в магазин и купить хлеба.',
      'Поезд немного опоздал, но ничего особенного не случилось.',
    ],
  };
  const test = { en: 'I just want to tell you what happened to me this afternoon.', ru: 'Я просто хочу рассказать тебе, что случилось со мной сегодня днём.' };

  // The product path: the transcript exists before the mood, so the rate comes from its words
  // (withTranscriptRate). The audio-only path (acoustic rate) is checked for English, where
  // espeak's voice keeps syllables apart; see prosody.test.ts for why Russian needs the words.
  const cases = [
    { voice: 'en', rate: 'transcript' },
    { voice: 'ru', rate: 'transcript' },
    { voice: 'en', rate: 'acoustic' },
  ] as const;
  for (const { voice, rate } of cases) {
    it(`${voice}, ${rate} rate: high, fast and loud reads as more aroused than low, slow and quiet`, () => {
      const features = (text: string, o: Omit<SpeakOptions, 'voice'>): ProsodyFeatures => {
        const p = analyzeProsody(prepareSpeechInput(tmp.speak(text, { voice, ...o })));
        return rate === 'transcript' ? withTranscriptRate(p, text) : p;
      };
      const baseline = new VoiceBaseline();
      // Neutral turns vary a little, as a person's do.
      sentences[voice].forEach((text, i) =>
        baseline.update(features(text, { pitch: 45 + (i % 3) * 5, speed: 155 + (i % 2) * 10, amplitude: 95 + (i % 3) * 5 })),
      );
      const high = estimateVoiceMood(features(test[voice], { pitch: 80, speed: 220, amplitude: 180 }), baseline);
      const low = estimateVoiceMood(features(test[voice], { pitch: 30, speed: 120, amplitude: 60 }), baseline);
      const neutral = estimateVoiceMood(features(test[voice], { pitch: 50, speed: 160, amplitude: 100 }), baseline);
      const show = (name: string, m: typeof high): string =>
        `  ${name.padEnd(26)} arousal ${m.arousal.toFixed(2).padStart(5)}  confidence ${m.confidence.toFixed(2)}  ` +
        `pitch ${m.pitchHz?.toFixed(0)} Hz, energy ${m.energyDb.toFixed(1)} dB, rate ${m.speechRate?.toFixed(2)}  ` +
        `z ${Object.entries(m.z)
          .map(([k, v]) => `${k} ${v?.toFixed(1)}`)
          .join(' ')}  "${m.summary}" / "${m.summaryRu}"`;
      console.log(
        `voice mood, espeak-ng -v ${voice}, ${rate} rate, baseline of ${baseline.turns} neutral turns:\n` +
          [show('-p 80 -s 220 -a 180', high), show('-p 50 -s 160 -a 100', neutral), show('-p 30 -s 120 -a 60', low)].join('\n'),
      );
      expect(high.arousal).toBeGreaterThan(low.arousal + 0.8);
      expect(high.arousal).toBeGreaterThan(0.4);
      expect(low.arousal).toBeLessThan(-0.4);
      expect(neutral.arousal).toBeGreaterThan(low.arousal);
      expect(neutral.arousal).toBeLessThan(high.arousal);
      // Up to three words, strongest deviations first: each must describe the change that was made.
      expect(high.words.length).toBeGreaterThan(0);
      for (const w of high.words) expect(['tense', 'animated', 'loud', 'fast', 'high', 'lively']).toContain(w);
      for (const w of low.words) expect(['subdued', 'quiet', 'slow', 'low', 'flat']).toContain(w);
      if (voice === 'en') {
        // The test sentence at the baseline's settings reads as usual. Not asserted for Russian:
        // espeak speaks this particular sentence at 5.4 syllables/s against 6.1–7.7 for the
        // baseline sentences at the same -s (measured), so it honestly reads "slow" there.
        expect(Math.abs(neutral.arousal)).toBeLessThan(0.4);
        for (const w of ['tense', 'animated', 'subdued']) expect(neutral.words).not.toContain(w);
      }
    });
  }
});
