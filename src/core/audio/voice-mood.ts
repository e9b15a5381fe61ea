import type { Language, VoiceMood } from '../../shared/domain.js';
import type { ProsodyFeatures } from './prosody.js';

/**
 * Voice arousal, judged against the person's own usual voice.
 *
 * A deep voice is not a calm one and a quiet microphone is not a sad person: what carries
 * arousal is how far pitch, pitch range, loudness and tempo move away from *that person's*
 * usual values (raised, wider, louder, faster = more aroused). So every feature is turned into
 * a z-score against a running baseline, and the baseline starts from broad population priors
 * that are wide enough to make the first turns' z-scores small — and the confidence says so.
 */

/** The features the baseline tracks, in units where a change means the same thing for everyone. */
export type BaselineFeature = 'pitch' | 'range' | 'energy' | 'rate';

/** Pitch is tracked in semitones above 100 Hz: a 20 Hz rise means more for a bass than for a soprano. */
export function hzToSemitones(hz: number): number {
  return 12 * Math.log2(hz / 100);
}

/** The person's own statistics for one feature (the priors are blended in when read, not stored). */
interface FeatureStats {
  /** Exponentially weighted mean and variance of this person's turns. */
  mean: number;
  variance: number;
  /** Turns that contributed. */
  count: number;
}

export interface VoiceBaselineJson {
  version: 2;
  turns: number;
  features: Record<BaselineFeature, FeatureStats>;
}

/**
 * Gender-neutral population priors. Pitch: speaking F0 of adult men clusters near 100–130 Hz and
 * of women near 190–230 Hz, so a neutral prior sits between (≈165 Hz = 8.7 st) with a SD of 4.5
 * st covering both. Range: 10th–90th percentile spans of conversational speech are typically
 * 4–9 st. Energy depends mostly on the microphone, hence the wide SD. Rate: articulation rates of
 * 3.5–6 syllables per second are ordinary.
 */
const PRIORS: Record<BaselineFeature, { mean: number; sd: number }> = {
  pitch: { mean: hzToSemitones(165), sd: 4.5 },
  range: { mean: 6, sd: 2.5 },
  energy: { mean: -24, sd: 6 },
  rate: { mean: 4.5, sd: 1.1 },
};

/**
 * Smallest SD a feature may settle to. Without a floor, five nearly identical turns would make
 * the sixth look extreme after a tiny change. The rate floor is wide because the acoustic rate
 * also depends on the words said (syllables merge differently), not only on tempo.
 */
const MIN_SD: Record<BaselineFeature, number> = { pitch: 1, range: 1, energy: 2, rate: 0.7 };

/**
 * The priors count as this many turns at first, fading as the person's own turns accumulate
 * (weight PRIOR_WEIGHT² / (PRIOR_WEIGHT + n)): one turn cannot overturn them, fifty can.
 */
const PRIOR_WEIGHT = 2;
/** After 20 turns each new one moves the person's statistics by this share: old habits fade over ~20 turns. */
const FORGETTING = 0.05;

const FEATURES: readonly BaselineFeature[] = ['pitch', 'range', 'energy', 'rate'];

/** Weights in the arousal sum: loudness and pitch level carry arousal most reliably. */
const AROUSAL_WEIGHTS: Record<BaselineFeature, number> = { pitch: 0.3, range: 0.15, energy: 0.3, rate: 0.25 };

export function featureValues(p: ProsodyFeatures): Record<BaselineFeature, number | null> {
  return {
    pitch: p.pitchHz === null ? null : hzToSemitones(p.pitchHz),
    range: p.pitchRangeSemitones,
    energy: p.voicedMs > 0 || p.speakingMs > 0 ? p.energyDb : null,
    rate: p.speechRate,
  };
}

export class VoiceBaseline {
  private turnsSeen: number;
  private readonly stats: Record<BaselineFeature, FeatureStats>;

  constructor(json?: VoiceBaselineJson) {
    if (json) {
      this.turnsSeen = json.turns;
      this.stats = structuredClone(json.features);
    } else {
      this.turnsSeen = 0;
      this.stats = {} as Record<BaselineFeature, FeatureStats>;
      for (const f of FEATURES) this.stats[f] = { mean: 0, variance: 0, count: 0 };
    }
  }

  /** Restores a baseline saved with toJSON; anything malformed starts over from the priors. */
  static fromJSON(value: unknown): VoiceBaseline {
    const v = value as Partial<VoiceBaselineJson> | null;
    const ok =
      v !== null &&
      typeof v === 'object' &&
      v.version === 2 &&
      typeof v.turns === 'number' &&
      v.features !== undefined &&
      FEATURES.every((f) => {
        const s = v.features?.[f];
        return s !== undefined && Number.isFinite(s.mean) && Number.isFinite(s.variance) && s.variance >= 0 && Number.isFinite(s.count);
      });
    return ok ? new VoiceBaseline(v as VoiceBaselineJson) : new VoiceBaseline();
  }

  toJSON(): VoiceBaselineJson {
    return { version: 2, turns: this.turnsSeen, features: structuredClone(this.stats) };
  }

  /** Turns that have updated the baseline. */
  get turns(): number {
    return this.turnsSeen;
  }

  /**
   * How much the baseline is the person's own rather than the priors: 0 at first, 0.5 after 4
   * turns, 0.75 after 12.
   */
  get maturity(): number {
    return this.turnsSeen / (this.turnsSeen + 4);
  }

  /** Like maturity, for one feature (a turn without voiced speech adds no pitch sample). */
  maturityOf(f: BaselineFeature): number {
    const n = this.stats[f].count;
    return n / (n + 4);
  }

  /**
   * The baseline as used: prior and own statistics blended by weight. Blending the variances
   * (rather than counting the jump from the population mean to this person's as variance) keeps
   * early z-scores damped by the prior's spread but not inflated by its guess of the mean.
   */
  private blended(f: BaselineFeature): { mean: number; variance: number } {
    const s = this.stats[f];
    const own = Math.min(s.count, 1 / FORGETTING);
    const prior = (PRIOR_WEIGHT * PRIOR_WEIGHT) / (PRIOR_WEIGHT + s.count);
    const total = own + prior;
    return {
      mean: (prior * PRIORS[f].mean + own * s.mean) / total,
      variance: (prior * PRIORS[f].sd ** 2 + own * s.variance) / total,
    };
  }

  mean(f: BaselineFeature): number {
    return this.blended(f).mean;
  }

  sd(f: BaselineFeature): number {
    return Math.max(MIN_SD[f], Math.sqrt(this.blended(f).variance));
  }

  /** How many SDs a value sits from this person's usual. */
  z(f: BaselineFeature, value: number): number {
    return (value - this.mean(f)) / this.sd(f);
  }

  /**
   * Folds one turn in: a running mean and variance of the person's own turns, equal weights at
   * first, then a fixed share per turn (exponential forgetting) so it follows a voice that changes
   * over weeks. Call it after estimateVoiceMood, so a turn is judged against the past, not itself.
   */
  update(features: ProsodyFeatures): void {
    const values = featureValues(features);
    let used = false;
    for (const f of FEATURES) {
      const x = values[f];
      if (x === null || !Number.isFinite(x)) continue;
      const s = this.stats[f];
      s.count++;
      const alpha = Math.max(FORGETTING, 1 / s.count);
      const delta = x - s.mean;
      s.mean += alpha * delta;
      // Exponentially weighted variance (West 1979); exact population variance while alpha = 1/n.
      s.variance = (1 - alpha) * (s.variance + alpha * delta * delta);
      used = true;
    }
    if (used) this.turnsSeen++;
  }
}

/** Words the summary is built from; the UI can render them in its own language with voiceWords(). */
export type VoiceWord =
  'tense' | 'animated' | 'subdued' | 'calm' | 'even' | 'quiet' | 'loud' | 'slow' | 'fast' | 'high' | 'low' | 'flat' | 'lively' | 'hesitant';

const WORDS: Record<VoiceWord, Record<Language, string>> = {
  // EN are adjectives ("sounds quiet and slow"), RU adverbs ("звучит тихо и медленно"): each as the language says it.
  tense: { en: 'tense', ru: 'напряжённо' },
  animated: { en: 'animated', ru: 'оживлённо' },
  subdued: { en: 'subdued', ru: 'приглушённо' },
  calm: { en: 'calm', ru: 'спокойно' },
  even: { en: 'even', ru: 'ровно' },
  quiet: { en: 'quiet', ru: 'тихо' },
  loud: { en: 'loud', ru: 'громко' },
  slow: { en: 'slow', ru: 'медленно' },
  fast: { en: 'fast', ru: 'быстро' },
  high: { en: 'high-pitched', ru: 'высоким голосом' },
  low: { en: 'low-pitched', ru: 'низким голосом' },
  flat: { en: 'flat', ru: 'монотонно' },
  lively: { en: 'expressive', ru: 'выразительно' },
  hesitant: { en: 'hesitant', ru: 'с паузами' },
};

/** "quiet and slow" / "тихо и медленно"; at most three words. */
export function voiceWords(words: readonly VoiceWord[], language: Language): string {
  const parts = words.map((w) => WORDS[w][language]);
  const and = language === 'ru' ? ' и ' : ' and ';
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')}${and}${parts[parts.length - 1]}`;
}

/** VoiceMood (the stored contract) plus what the fusion and the UI need beside it. */
export interface VoiceMoodEstimate extends VoiceMood {
  /** 0…1: how far to trust `arousal` — low while the baseline is still mostly priors or the turn had little voice. */
  confidence: number;
  /** The summary's words, to render in any language with voiceWords(). */
  words: VoiceWord[];
  summaryRu: string;
  /** Deviation from the person's baseline per feature (null when the turn lacked it). */
  z: Record<BaselineFeature, number | null>;
}

/** A deviation is worth a word past this many SDs: a companion should not remark on every wobble. */
const NOTICEABLE_Z = 1;

/**
 * Judges one turn's prosody against the baseline (does not change the baseline; call
 * baseline.update(features) afterwards).
 */
export function estimateVoiceMood(features: ProsodyFeatures, baseline: VoiceBaseline): VoiceMoodEstimate {
  const values = featureValues(features);
  const z = { pitch: null, range: null, energy: null, rate: null } as Record<BaselineFeature, number | null>;
  let sum = 0;
  let weight = 0;
  for (const f of FEATURES) {
    const v = values[f];
    if (v === null || !Number.isFinite(v)) continue;
    const zf = baseline.z(f, v);
    z[f] = zf;
    // Pitch level against the population prior mostly measures anatomy (a bass is not "calm"), so
    // it only gains its full weight as the baseline becomes this person's own.
    const w = f === 'pitch' ? AROUSAL_WEIGHTS[f] * (0.3 + 0.7 * baseline.maturityOf(f)) : AROUSAL_WEIGHTS[f];
    // Clamp so one wild measurement (an octave error, a cough into the mic) cannot decide alone.
    sum += w * Math.max(-3, Math.min(3, zf));
    weight += w;
  }
  // tanh keeps the scale bounded: a turn about 1.5 SD above usual on everything reads ≈ 0.76.
  const arousal = weight > 0 ? Math.tanh(sum / weight) : 0;

  const words = describe(arousal, z, features);
  // Data quality: under ~1.5 s of voiced speech the pitch statistics are thin.
  // Share of the features this turn had (weights sum to 1 with pitch at full weight).
  const present = FEATURES.reduce((n, f) => n + (z[f] === null ? 0 : AROUSAL_WEIGHTS[f]), 0);
  const quality = Math.min(1, features.voicedMs / 1500) * present;
  const confidence = Math.max(0, Math.min(1, quality * (0.25 + 0.75 * baseline.maturity)));
  return {
    arousal: Math.max(-1, Math.min(1, arousal)),
    summary: voiceWords(words, 'en'),
    summaryRu: voiceWords(words, 'ru'),
    words,
    confidence,
    z,
    pitchHz: features.pitchHz,
    pitchRangeSemitones: features.pitchRangeSemitones,
    energyDb: features.energyDb,
    speechRate: features.speechRate,
    pauseRatio: Math.max(0, Math.min(1, features.pauseRatio)),
  };
}

/** The strict contract object (drops the extras) for storing with the turn. */
export function toVoiceMood(e: VoiceMoodEstimate): VoiceMood {
  return {
    arousal: e.arousal,
    summary: e.summary,
    pitchHz: e.pitchHz,
    pitchRangeSemitones: e.pitchRangeSemitones,
    energyDb: e.energyDb,
    speechRate: e.speechRate,
    pauseRatio: e.pauseRatio,
  };
}

/**
 * Up to three words: an overall impression from arousal when it is clear, then the most
 * noticeable single deviations (loudness, tempo, pitch, melody, pauses), strongest first.
 */
function describe(arousal: number, z: Record<BaselineFeature, number | null>, p: ProsodyFeatures): VoiceWord[] {
  const words: VoiceWord[] = [];
  if (arousal >= 0.5) words.push('tense');
  else if (arousal >= 0.3) words.push('animated');
  else if (arousal <= -0.5) words.push('subdued');

  const candidates: { word: VoiceWord; strength: number }[] = [];
  const add = (value: number | null, low: VoiceWord, high: VoiceWord): void => {
    if (value === null) return;
    if (value <= -NOTICEABLE_Z) candidates.push({ word: low, strength: -value });
    if (value >= NOTICEABLE_Z) candidates.push({ word: high, strength: value });
  };
  add(z.energy, 'quiet', 'loud');
  add(z.rate, 'slow', 'fast');
  add(z.pitch, 'low', 'high');
  add(z.range, 'flat', 'lively');
  if (p.pauseRatio > 0.35 && p.pauseCount >= 2) candidates.push({ word: 'hesitant', strength: 1 + p.pauseRatio });
  candidates.sort((a, b) => b.strength - a.strength);
  for (const c of candidates) {
    if (words.length >= 3) break;
    words.push(c.word);
  }
  if (words.length === 0) words.push(arousal <= 0.15 ? 'calm' : 'even');
  return words;
}
