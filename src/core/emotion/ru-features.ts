import { crudeStem, tokenize } from './tokenize.js';

/** CEDR has no disgust; the lexicon supplies it. */
export const RU_MODEL_CLASSES = ['neutral', 'joy', 'sadness', 'surprise', 'fear', 'anger'] as const;

const NEGATORS = new Set(['не', 'нет', 'ни', 'без']);

/**
 * Features for the Russian naive-Bayes model: crude six-letter stems, with "не_" glued to the next word so
 * "не рад" and "рад" are different evidence, plus emoticons and "!"/"?" as they are.
 */
export function ruFeatures(text: string): string[] {
  const out: string[] = [];
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    if (/^[.,;]$/.test(tok)) continue;
    if (/^\p{L}/u.test(tok)) {
      if (NEGATORS.has(tok) && i + 1 < tokens.length && /^\p{L}/u.test(tokens[i + 1] as string)) {
        out.push(`не_${crudeStem(tokens[i + 1] as string)}`);
        i++;
        continue;
      }
      out.push(crudeStem(tok));
    } else out.push(tok.startsWith('))') ? '))' : tok.startsWith('((') ? '((' : tok.startsWith('!') ? '!' : tok.startsWith('?') ? '?' : tok);
  }
  return out;
}
