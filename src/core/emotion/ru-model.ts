import type { EmotionLabel } from '../../shared/domain.js';
import { RU_MODEL } from './ru-model-data.js';
import { ruFeatures } from './ru-features.js';

/**
 * Posterior of the CEDR-trained naive Bayes over its six classes (no disgust). NB is overconfident on long
 * texts because it multiplies many word probabilities; dividing the log-posterior by a temperature that grows
 * with the number of features keeps its confidence comparable to the lexicon's.
 */
export function ruModelProbabilities(text: string): Partial<Record<EmotionLabel, number>> {
  const feats = ruFeatures(text);
  const logp = RU_MODEL.priors.map((p) => p as number);
  const weights = RU_MODEL.weights as Record<string, readonly number[]>;
  let known = 0;
  for (const f of feats) {
    const w = weights[f];
    if (!w) continue;
    known++;
    for (let c = 0; c < logp.length; c++) logp[c]! += w[c]!;
  }
  const temperature = 1 + known / 4;
  const max = Math.max(...logp);
  const exps = logp.map((l) => Math.exp((l - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  const out: Partial<Record<EmotionLabel, number>> = {};
  RU_MODEL.classes.forEach((c, i) => { out[c] = exps[i]! / sum; });
  return out;
}
