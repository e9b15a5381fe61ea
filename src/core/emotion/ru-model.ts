import type { EmotionLabel } from '../../shared/domain.js';
import model from './ru-model.json' with { type: 'json' };
import { RU_MODEL_CLASSES, ruFeatures } from './ru-features.js';

// The weights are data (ru-model.json, written by scripts/train-emotion-ru.ts), read once at load. A file
// trained for other classes, or in another order, would score every text under the wrong label: refuse it.
if (model.classes.join() !== RU_MODEL_CLASSES.join() || model.priors.length !== RU_MODEL_CLASSES.length) {
  throw new Error(`ru-model.json: expected classes ${RU_MODEL_CLASSES.join(', ')}, found ${model.classes.join(', ')}`);
}
const CLASSES: readonly EmotionLabel[] = RU_MODEL_CLASSES;
const WEIGHTS: Record<string, readonly number[] | undefined> = model.weights;

/**
 * Posterior of the CEDR-trained naive Bayes over its six classes (no disgust). NB is overconfident on long
 * texts because it multiplies many word probabilities; dividing the log-posterior by a temperature that grows
 * with the number of features keeps its confidence comparable to the lexicon's.
 */
export function ruModelProbabilities(text: string): Partial<Record<EmotionLabel, number>> {
  const feats = ruFeatures(text);
  const logp = [...model.priors];
  let known = 0;
  for (const f of feats) {
    const w = WEIGHTS[f];
    if (!w) continue;
    known++;
    for (let c = 0; c < logp.length; c++) logp[c]! += w[c]!;
  }
  const temperature = 1 + known / 4;
  const max = Math.max(...logp);
  const exps = logp.map((l) => Math.exp((l - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  const out: Partial<Record<EmotionLabel, number>> = {};
  CLASSES.forEach((c, i) => {
    out[c] = exps[i]! / sum;
  });
  return out;
}
