import type { Crisis, EmotionLabel, Language, Mood, VoiceMood } from '../../shared/domain.js';
import type { TextEmotion } from './text-emotion.js';

/** Voice prosody plus how much the voice analyser trusts itself (0…1: enough speech, a known baseline). */
export type VoiceMoodWithConfidence = VoiceMood & { confidence: number; /** The voice summary in Russian, when the analyser has it. */ summaryRu?: string };

/**
 * One mood per turn from the words and the voice. The rule:
 * 1. The text gives the label: words say *what* is felt far more reliably than prosody does.
 * 2. The voice adjusts arousal, weighted by its confidence (at most half the say): prosody says *how strongly*.
 * 3. A confident, clearly tense voice (arousal ≥ 0.5, confidence ≥ 0.6) over neutral words turns the label
 *    into "fear" (the UI calls it "tense"), with modest confidence.
 * 4. A confident, clearly quiet and slow voice (arousal ≤ -0.5) over neutral words may lean to "sadness",
 *    but only with low confidence (≤ 0.4): a calm voice is usually just calm.
 * 5. When the voice agrees with the text's arousal the confidence rises a little, when it contradicts it falls.
 * The summary is a gentle description for the UI ("sounds a bit down"), never a diagnosis.
 */
export function fuseMood(text: TextEmotion, voice?: VoiceMoodWithConfidence, language: Language = 'en'): Mood {
  const clamp = (x: number, lo = -1, hi = 1): number => Math.max(lo, Math.min(hi, x));
  if (!voice) {
    return {
      label: text.label,
      confidence: clamp(text.confidence, 0, 1),
      valence: clamp(text.valence),
      arousal: clamp(text.arousal),
      sources: ['text'],
      summary: describeMood(text.label, text.arousal, undefined, language),
    };
  }
  const vc = clamp(voice.confidence, 0, 1);
  const w = 0.5 * vc;
  const arousal = clamp((1 - w) * text.arousal + w * voice.arousal);
  let label: EmotionLabel = text.label;
  let confidence = text.confidence;
  let valence = text.valence;
  const wordsNeutral = text.label === 'neutral';
  if (wordsNeutral && vc >= 0.6 && voice.arousal >= 0.5) {
    label = 'fear';
    confidence = Math.min(0.6, 0.5 * vc + 0.1);
    valence = clamp(valence - 0.3);
  } else if (wordsNeutral && vc >= 0.6 && voice.arousal <= -0.5) {
    label = 'sadness';
    confidence = Math.min(0.4, 0.4 * vc);
    valence = clamp(valence - 0.2);
  } else {
    const agreement = Math.sign(text.arousal) === Math.sign(voice.arousal) ? 1 : -1;
    confidence = clamp(confidence + agreement * 0.1 * vc * Math.abs(voice.arousal), 0, 1);
  }
  return {
    label,
    confidence: clamp(confidence, 0, 1),
    valence,
    arousal,
    sources: ['text', 'voice'],
    voice: {
      arousal: voice.arousal,
      summary: language === 'ru' && voice.summaryRu ? voice.summaryRu : voice.summary,
      pitchHz: voice.pitchHz,
      pitchRangeSemitones: voice.pitchRangeSemitones,
      energyDb: voice.energyDb,
      speechRate: voice.speechRate,
      pauseRatio: voice.pauseRatio,
    },
    summary: describeMood(label, arousal, voice.confidence >= 0.4 ? voice.arousal : undefined, language),
  };
}

const WORDS: Record<Language, Record<EmotionLabel, string>> = {
  en: {
    joy: 'sounds cheerful',
    sadness: 'seems a little down',
    anger: 'sounds frustrated',
    fear: 'sounds tense or worried',
    disgust: 'seems put off by something',
    surprise: 'sounds surprised',
    neutral: 'sounds calm',
  },
  ru: {
    joy: 'звучит радостно',
    sadness: 'кажется, немного грустно',
    anger: 'похоже на раздражение',
    fear: 'звучит напряжённо, есть тревога',
    disgust: 'что-то неприятно задело',
    surprise: 'звучит удивлённо',
    neutral: 'звучит спокойно',
  },
};

const VOICE_WORDS: Record<Language, { high: string; low: string }> = {
  en: { high: 'the voice is lively and fast', low: 'the voice is quiet and slow' },
  ru: { high: 'голос оживлённый, быстрый', low: 'голос тихий, неторопливый' },
};

/**
 * Words of crisis outweigh whatever the lexicon read ("I want to end my life" has no emotion word
 * and would show as "calm"). The label follows the kind of crisis: despair reads as sadness,
 * danger and panic as fear. Confidence and valence are pulled down to match; the voice part stays.
 */
export function moodInCrisis(mood: Mood, crisis: Pick<Crisis, 'category' | 'language'>): Mood {
  const label: EmotionLabel = crisis.category === 'suicide' || crisis.category === 'self_harm' ? 'sadness' : 'fear';
  if (mood.label === label) return mood;
  const voiceArousal = mood.voice ? mood.voice.arousal : undefined;
  return {
    ...mood,
    label,
    confidence: Math.max(mood.confidence * 0.5, 0.7),
    valence: Math.min(mood.valence, -0.6),
    // Not "a little down": these are the words of someone in a very hard moment, and the line says so plainly.
    summary: withVoiceWords(CRISIS_WORDS[crisis.language], voiceArousal, crisis.language),
  };
}

const CRISIS_WORDS: Record<Language, string> = { en: 'Sounds like a very hard moment', ru: 'Похоже, сейчас очень тяжело' };

/** A plain-words line for the mood indicator. Always "sounds/seems", never "you are" or a condition's name. */
export function describeMood(label: EmotionLabel, _arousal: number, voiceArousal: number | undefined, language: Language): string {
  return withVoiceWords(capitalize(WORDS[language][label]), voiceArousal, language);
}

/** Adds how the voice sounded when it was clearly lively or quiet. */
function withVoiceWords(line: string, voiceArousal: number | undefined, language: Language): string {
  if (voiceArousal === undefined || Math.abs(voiceArousal) < 0.4) return line;
  return `${line}; ${voiceArousal > 0 ? VOICE_WORDS[language].high : VOICE_WORDS[language].low}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
