import type { Language } from '../../shared/domain.js';
import { foldForCompare } from './sentences.js';
import data from './number-words.json' with { type: 'json' };

/**
 * Numbers in what a person says or a model writes, in digits or in words: "15", "80,000",
 * "two hundred and fifty", "восьмидесяти тысяч". Speech comes transcribed, so sums and ages arrive
 * as words as often as digits; a check that a reply says "180" must also hear «сто восемьдесят».
 */
export interface NumberFound {
  value: number;
  /** Token positions (tokensOf) of its first and last word. */
  from: number;
  to: number;
  /** "четырнадцать с половиной", "two and a half": a fraction word is next to it, so its value is not exact. */
  inexact: boolean;
}

interface NumberWords {
  values: Record<string, number>;
  hundred: string[];
  scales: Record<string, number>;
  joiners: string[];
  fractions: string[];
}
const WORDS = { en: data.en, ru: data.ru } as Record<Language, NumberWords>;

/** Digits (with a decimal part), words, and the signs a sum is written with. */
const TOKEN = /\d+(?:[.,]\d+)?|\p{L}+|[+\-−×*/%=]/gu;

/**
 * The text as tokens: lower case, ё as е, digit groups joined ("80,000" and "12 000" are one number;
 * in Russian a comma is the decimal mark, so «0,125» stays a fraction), "twenty-five" as two words.
 */
export function tokensOf(text: string, language: Language): string[] {
  const groups = language === 'ru' ? /(?<=\d)[  ](?=\d{3}(?!\d))/g : /(?<=\d)[ ,](?=\d{3}(?!\d))/g;
  const joined = foldForCompare(text)
    .replace(/(?<=\p{L})-(?=\p{L})/gu, ' ')
    .replace(groups, '');
  return joined.match(TOKEN) ?? [];
}

/** Own keys only: a word such as "constructor" is not a number word. */
const has = (table: Record<string, number>, word: string | undefined): boolean => word !== undefined && Object.hasOwn(table, word);
const isDigits = (t: string): boolean => /^\d/.test(t);
const digitValue = (t: string): number => Number(t.replace(',', '.'));

/**
 * Whether a number word may add to the words before it: a unit after a round ten ("twenty five"),
 * anything smaller after a round hundred («сто двадцать»); not "two fifteen" or «десять пятнадцать»,
 * which are two numbers (a time), not seventeen or twenty-five.
 */
function canFollow(last: number | undefined, value: number): boolean {
  if (last === undefined) return true;
  if (last >= 100 && last % 100 === 0) return value < 100;
  if (last >= 20 && last % 10 === 0) return value < 10;
  return false;
}

/**
 * Whether one word is a number word ("eighty", "hundred", «тысяч», «семнадцати»): for readers that
 * only need to know a number is there, not its value. A one-letter scale ("k") is not one alone.
 */
export function isNumberWord(word: string, language: Language): boolean {
  const w = WORDS[language];
  return has(w.values, word) || w.hundred.includes(word) || (has(w.scales, word) && word.length > 1);
}

/** Every number in the text, in order. */
export function numbersIn(text: string, language: Language): NumberFound[] {
  return numbersInTokens(tokensOf(text, language), language);
}

export function numbersInTokens(tokens: string[], language: Language): NumberFound[] {
  const w = WORDS[language];
  const isPart = (t: string | undefined): boolean => t !== undefined && (has(w.values, t) || w.hundred.includes(t) || has(w.scales, t));
  // A number may start with a scale word said alone ("тысяча двести", "hundred and ten"), not with a one-letter one ("k").
  const startsScale = (t: string): boolean => w.hundred.includes(t) || (has(w.scales, t) && t.length > 1);
  const found: NumberFound[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    // "a hundred", "a thousand"
    const startsWithA = language === 'en' && t === 'a' && (w.hundred.includes(tokens[i + 1] ?? '') || has(w.scales, tokens[i + 1]));
    if (!isDigits(t) && !has(w.values, t) && !startsScale(t) && !startsWithA) {
      i++;
      continue;
    }
    const from = i;
    let total = 0;
    let group = startsWithA ? 1 : 0;
    let last: number | undefined;
    if (startsWithA) i++;
    else if (isDigits(t)) {
      group = digitValue(t);
      last = group;
      i++;
    }
    for (; i < tokens.length; i++) {
      const u = tokens[i]!;
      if (has(w.values, u) && !isDigits(t) && canFollow(last, w.values[u]!)) {
        group += w.values[u]!;
        last = w.values[u]!;
      } else if (w.hundred.includes(u)) {
        group = (group || 1) * 100;
        last = group;
      } else if (has(w.scales, u)) {
        total += (group || 1) * w.scales[u]!;
        group = 0;
        last = undefined;
        // "two hundred and fifty", "a thousand and one"; not "twenty five and eighty".
      } else if (w.joiners.includes(u) && isPart(tokens[i + 1]) && (w.hundred.includes(tokens[i - 1]!) || has(w.scales, tokens[i - 1]))) continue;
      else break;
    }
    const to = i - 1;
    const near = [tokens[from - 1], tokens[to + 1], tokens[to + 2], tokens[to + 3]];
    const inexact = near.some((n) => n !== undefined && w.fractions.includes(n));
    found.push({ value: total + group, from, to, inexact });
  }
  return found;
}
