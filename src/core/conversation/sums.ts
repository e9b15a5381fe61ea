import type { Language } from '../../shared/domain.js';
import { numbersIn, numbersInTokens, tokensOf } from '../text/numbers.js';
import type { RecallAnswer } from './recall.js';
import words from './sum-words.json' with { type: 'json' };

/**
 * A simple sum the person asks Lumio to work out ("whats 250 plus 180", «сколько будет семь на
 * восемь»), worked out here. The 1.5B chat model gets such sums wrong, in Russian most of all
 * ("пятнадцать на двенадцать получается 120"; eval/replies-blind4-2026-12-03.md), and a companion
 * that cannot add up two repair quotes is not one to trust; so the note hands the model the result,
 * and the reply editor holds the reply until it says it (as for a question asked back).
 */
export type Operation = '+' | '-' | '*' | '/' | '%';

export interface AskedSum {
  a: number;
  op: Operation;
  b: number;
  result: number;
  /** The sum said in a sentence, in the person's language ("15 times 4 is 60."). */
  spoken: string;
}

interface SumWords {
  operators: Record<Operation, string[]>;
  asks: string[];
  say: Record<Operation, string>;
  note: string;
}
const WORDS = { en: words.en, ru: words.ru } as Record<Language, SumWords>;

/** Each language's operators as token sequences, the longest first ("multiplied by" before "by"). */
const OPERATORS = Object.fromEntries(
  (['en', 'ru'] as const).map((lang) => [
    lang,
    (Object.entries(WORDS[lang].operators) as [Operation, string[]][])
      .flatMap(([op, phrases]) => phrases.map((p) => ({ op, tokens: tokensOf(p) })))
      .sort((x, y) => y.tokens.length - x.tokens.length),
  ]),
) as Record<Language, { op: Operation; tokens: string[] }[]>;

function compute(a: number, op: Operation, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '%':
      return (a / 100) * b;
  }
}

/** Digits as people write them: no grouping (a voice reads "12000" as a number, "12 000" maybe not), at most two decimals. */
export function formatNumber(n: number, language: Language): string {
  const rounded = Math.round(n * 100) / 100;
  const s = String(rounded);
  return language === 'ru' ? s.replace('.', ',') : s;
}

export function askedSum(text: string, language: Language): AskedSum | undefined {
  const tokens = tokensOf(text);
  const list = WORDS[language];
  const padded = ` ${tokens.join(' ')} `;
  // A sum asked for, not numbers said in passing ("15 на 20 комната").
  if (!list.asks.some((a) => (a === '?' ? text.includes('?') : padded.includes(` ${tokensOf(a).join(' ')} `)))) return undefined;
  const numbers = numbersInTokens(tokens, language);
  for (let k = 0; k + 1 < numbers.length; k++) {
    const left = numbers[k]!;
    const right = numbers[k + 1]!;
    if (left.inexact || right.inexact) continue;
    const between = tokens.slice(left.to + 1, right.from).join(' ');
    const operator = OPERATORS[language].find((o) => o.tokens.join(' ') === between);
    if (!operator) continue;
    const result = compute(left.value, operator.op, right.value);
    if (result === undefined || !Number.isFinite(result)) continue;
    const f = (n: number): string => formatNumber(n, language);
    const spoken = list.say[operator.op].replace('{a}', f(left.value)).replace('{b}', f(right.value)).replace('{result}', f(result));
    return { a: left.value, op: operator.op, b: right.value, result, spoken };
  }
  return undefined;
}

/** The turn note's line: the sum done, and the result to say. */
export function sumNoteLine(sum: AskedSum, language: Language): string {
  return WORDS[language].note.replace('{sum}', sum.spoken).replace('{result}', formatNumber(sum.result, language));
}

/** What the reply must hold: the result, in digits or in words; if it never does, the sum said plainly. */
export function sumAnswer(sum: AskedSum, language: Language): RecallAnswer {
  const near = (n: number): boolean => Math.abs(n - sum.result) < 0.005;
  return {
    told: sum.spoken,
    fallback: sum.spoken,
    isAnswer: (sentence) => numbersIn(sentence, language).some((n) => near(n.value)),
  };
}
