import type { Language } from '../../shared/domain.js';
import { assessCrisis } from './assess-crisis.js';
import type { CrisisCategory } from './crisis-patterns.js';
import { PRIORITY } from './crisis-rules.js';

export type { CrisisCategory };

export interface CrisisHit {
  category: CrisisCategory;
  /** What fired: a rule's words, or the model's probability (for logs and tests, never shown to the person). */
  matched: string;
}

/**
 * The fast check's decision alone (no second opinion), for callers that have no chat model to ask.
 * When the language is unknown both languages' rules run, because people mix languages and a miss
 * costs more than a second look; the model reads both languages at once.
 */
export function detectCrisis(text: string, language?: Language): CrisisHit | null {
  const one = (lang: Language): CrisisHit | null => {
    const a = assessCrisis(text, lang);
    if (!a.category) return null;
    return { category: a.category, matched: a.source === 'rule' ? (a.matched ?? '') : `model p=${a.probability.toFixed(2)}` };
  };
  if (language) return one(language);
  const ru = one('ru');
  const en = one('en');
  if (ru && en) return PRIORITY.indexOf(ru.category) <= PRIORITY.indexOf(en.category) ? ru : en;
  return ru ?? en;
}
