import type { Language } from '../../shared/domain.js';
import { CrisisModel, type CrisisModelFile } from './crisis-model.js';
import modelFile from './crisis-model.json' with { type: 'json' };
import type { CrisisCategory } from './crisis-patterns.js';
import { matchCrisisRule } from './crisis-rules.js';

/**
 * The fast crisis check, run on every turn before the reply: certain phrases first (crisis-rules.ts),
 * then the learned model (crisis-model.ts). Synchronous and a fraction of a millisecond after the
 * first call (see data/SAFETY-EVAL.md for p50/p99).
 */
export interface CrisisAssessment {
  /** The crisis this turn is about, as the fast check decides it alone; null for none. */
  category: CrisisCategory | null;
  /** How likely a crisis is (1 for a certain phrase). */
  probability: number;
  /**
   * The model is below its threshold but not sure enough of "no": ask the chat model
   * (crisisSecondOpinion). A category it answers is the turn's crisis; "none", no answer in time,
   * or a failure leave `category` (null) as it is. Never true when `category` is set.
   */
  unsure: boolean;
  source: 'rule' | 'model';
  /** For a rule, the words that fired it (for logs and tests, never shown as a label). */
  matched?: string;
}

let model: CrisisModel | null = null;
function theModel(): CrisisModel {
  model ??= new CrisisModel(modelFile as CrisisModelFile);
  return model;
}

/** The thresholds the model was trained with (scripts/train-safety.ts chose them). */
export function crisisThresholds(): CrisisModelFile['thresholds'] {
  return theModel().thresholds;
}

export function assessCrisis(text: string, language: Language): CrisisAssessment {
  const rule = matchCrisisRule(text, language);
  if (rule) return { category: rule.category, probability: 1, unsure: false, source: 'rule', matched: rule.matched };
  const m = theModel();
  const s = m.score(text);
  const { unsure, alone } = m.thresholds;
  return {
    category: s.probability >= alone ? s.category : null,
    probability: s.probability,
    unsure: s.probability >= unsure && s.probability < alone,
    source: 'model',
  };
}
