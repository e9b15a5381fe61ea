import { EMOTION_LABELS, type EmotionLabel, type Language } from '../../shared/domain.js';
import { EMOTIONS_6, scoreWithLexicon } from './lexicon-scorer.js';
import { ruModelProbabilities } from './ru-model.js';
import { guessLanguage } from '../text/letters.js';

export interface TextEmotion {
  label: EmotionLabel;
  /** Probability of the chosen label, 0…1. */
  confidence: number;
  /** -1 unpleasant … 1 pleasant. */
  valence: number;
  /** -1 calm … 1 excited. */
  arousal: number;
  /** Sums to 1 over the seven labels. */
  scores: Record<EmotionLabel, number>;
}

/**
 * Where each label sits on the valence/arousal plane (a Russell-style circumplex placement, our own numbers).
 * Valence and arousal of a text are the score-weighted average of these.
 */
const CIRCUMPLEX: Record<EmotionLabel, { valence: number; arousal: number }> = {
  anger: { valence: -0.7, arousal: 0.7 },
  disgust: { valence: -0.7, arousal: 0.3 },
  fear: { valence: -0.75, arousal: 0.6 },
  joy: { valence: 0.8, arousal: 0.4 },
  sadness: { valence: -0.7, arousal: -0.5 },
  surprise: { valence: 0.1, arousal: 0.7 },
  neutral: { valence: 0, arousal: -0.1 },
};

/**
 * How much evidence the lexicon needs before an emotion beats "neutral". Chosen by hand so that one clear
 * word ("sad", "грустно") wins but a lone weak cue ("good", "?") does not.
 */
export const NEUTRAL_EVIDENCE = 0.9;
/** Russian: share of the CEDR-trained model in the mix; the lexicon keeps the rest (and all of disgust). */
const RU_MODEL_SHARE = 0.55;

/** Cyrillic vs Latin letters decide the language when the caller does not know it (one helper for all of Lumio). */
export { guessLanguage };

function lexiconDistribution(raw: Record<Exclude<EmotionLabel, 'neutral'>, number>): Record<EmotionLabel, number> {
  const total = EMOTIONS_6.reduce((s, l) => s + raw[l], 0) + NEUTRAL_EVIDENCE;
  const dist = { neutral: NEUTRAL_EVIDENCE / total } as Record<EmotionLabel, number>;
  for (const l of EMOTIONS_6) dist[l] = raw[l] / total;
  return dist;
}

/**
 * Ekman-7 emotion of one utterance, offline and in well under a millisecond. English: our hand-written
 * lexicon with negation, intensifiers and emoji. Russian: the same kind of lexicon mixed with a naive-Bayes
 * model trained on CEDR (see scripts/train-emotion-ru.ts).
 */
export function classifyTextEmotion(text: string, language?: Language): TextEmotion {
  const lang = language ?? guessLanguage(text);
  const lex = scoreWithLexicon(text, lang);
  let scores = lexiconDistribution(lex.scores);
  if (lang === 'ru' && text.trim() !== '') {
    const model = ruModelProbabilities(text);
    const mixed = {} as Record<EmotionLabel, number>;
    for (const l of EMOTION_LABELS) mixed[l] = (1 - RU_MODEL_SHARE) * scores[l] + RU_MODEL_SHARE * (model[l] ?? 0);
    // Disgust exists only in the lexicon; let it keep its own weight instead of being diluted by the model.
    mixed.disgust = scores.disgust;
    const sum = EMOTION_LABELS.reduce((s, l) => s + mixed[l], 0);
    for (const l of EMOTION_LABELS) mixed[l] /= sum;
    scores = mixed;
  }
  let label: EmotionLabel = 'neutral';
  for (const l of EMOTION_LABELS) if (scores[l] > scores[label]) label = l;
  const place = placeOnCircumplex(scores, lex.arousalBoost * 0.5);
  return { label, confidence: scores[label], ...place, scores };
}

/** Valence and arousal as the score-weighted average of the labels' places, plus any arousal cue. */
function placeOnCircumplex(scores: Record<EmotionLabel, number>, arousalBoost = 0): { valence: number; arousal: number } {
  let valence = 0;
  let arousal = arousalBoost;
  for (const l of EMOTION_LABELS) {
    valence += scores[l] * CIRCUMPLEX[l].valence;
    arousal += scores[l] * CIRCUMPLEX[l].arousal;
  }
  const clamp = (x: number): number => Math.max(-1, Math.min(1, x));
  return { valence: clamp(valence), arousal: clamp(arousal) };
}

/**
 * Optional refinement by the chat model when it is loaded (the lead wires node-llama-cpp's JSON-schema
 * grammar behind `ask`). The fast path above always runs first; the refinement may only replace it.
 */
export type LlmEmotionRefiner = (text: string, language: Language, fast: TextEmotion, signal?: AbortSignal) => Promise<TextEmotion | null>;

/**
 * Both fields are closed lists: a free number lets a small model write digits until it runs out of
 * tokens (seen with the fixture llama), and three words are all the certainty a model can state.
 */
export const EMOTION_JSON_SCHEMA = {
  type: 'object',
  properties: {
    label: { enum: [...EMOTION_LABELS] },
    confidence: { enum: ['low', 'medium', 'high'] },
  },
  required: ['label', 'confidence'],
} as const;
const STATED_CONFIDENCE: Record<string, number> = { low: 0.4, medium: 0.65, high: 0.9 };

/**
 * Runs `ask` (a constrained JSON generation) and merges its answer with the fast result; any failure or
 * nonsense answer falls back to the fast result, so a missing or slow model never blocks the turn.
 */
export async function refineWithLlm(
  text: string,
  language: Language,
  fast: TextEmotion,
  ask: (prompt: string, schema: typeof EMOTION_JSON_SCHEMA, signal?: AbortSignal) => Promise<unknown>,
  signal?: AbortSignal,
): Promise<TextEmotion> {
  // The question runs in a small context of its own (512 tokens): a long message is judged by its start.
  const shown = text.length > 600 ? `${text.slice(0, 600)}…` : text;
  const prompt =
    language === 'ru'
      ? `Какую эмоцию выражает фраза? Варианты: ${EMOTION_LABELS.join(', ')}. Уверенность: low, medium или high. Фраза: «${shown}»`
      : `Which emotion does this sentence express? Options: ${EMOTION_LABELS.join(', ')}. Confidence: low, medium or high. Sentence: "${shown}"`;
  try {
    const answer = (await ask(prompt, EMOTION_JSON_SCHEMA, signal)) as { label?: unknown; confidence?: unknown } | null;
    const label = answer?.label;
    if (typeof label !== 'string' || !(EMOTION_LABELS as readonly string[]).includes(label)) return fast;
    const stated = answer?.confidence;
    const llmConf = typeof stated === 'number' ? Math.max(0, Math.min(1, stated)) : typeof stated === 'string' ? (STATED_CONFIDENCE[stated] ?? 0.5) : 0.5;
    const scores = { ...fast.scores };
    // Weighted vote, the chat model slightly ahead: it reads context the lexicon cannot, but its stated
    // confidence is only a guess, so a fast result with strong cues can still outvote a hesitant model.
    const w = 0.6;
    for (const l of EMOTION_LABELS) scores[l] = (1 - w) * scores[l] + w * (l === label ? llmConf : (1 - llmConf) / 6);
    let best: EmotionLabel = 'neutral';
    for (const l of EMOTION_LABELS) if (scores[l] > scores[best]) best = l;
    // The new scores move the mood on the circumplex too; the fast path's arousal cues (exclamations) stay.
    const fastPlace = placeOnCircumplex(fast.scores);
    const place = placeOnCircumplex(scores, fast.arousal - fastPlace.arousal);
    return { label: best, confidence: scores[best], ...place, scores };
  } catch {
    return fast;
  }
}
