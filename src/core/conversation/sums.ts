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
  notBefore: string[];
  say: Record<Operation, string>;
  note: string;
}
const WORDS = { en: words.en, ru: words.ru } as Record<Language, SumWords>;

/** Each language's operators and asks as token sequences, the longest first ("multiplied by" before "by"). */
const PHRASES = Object.fromEntries(
  (['en', 'ru'] as const).map((lang) => [
    lang,
    {
      operators: (Object.entries(WORDS[lang].operators) as [Operation, string[]][])
        .flatMap(([op, phrases]) => phrases.map((p) => ({ op, tokens: tokensOf(p, lang) })))
        .sort((x, y) => y.tokens.length - x.tokens.length),
      asks: WORDS[lang].asks.map((a) => tokensOf(a, lang)),
    },
  ]),
) as Record<Language, { operators: { op: Operation; tokens: string[] }[]; asks: string[][] }>;

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

/** Digits as people write them: no grouping (a voice reads "12000" as a number, "12 000" maybe not), the decimal mark of the language. */
export function formatNumber(n: number, language: Language): string {
  const s = String(n);
  return language === 'ru' ? s.replace('.', ',') : s;
}

/** Results are said to two decimals: anything within this of the result says it. */
const HALF_HUNDREDTH = 0.005;
/** A result worth saying: not so large it is printed as 1e+24, not so small that two decimals make it 0. */
const RESULT_RANGE = { max: 1e12, min: HALF_HUNDREDTH };
const roundResult = (n: number): number => Math.round(n * 100) / 100;

const sameAt = (tokens: string[], at: number, phrase: string[]): boolean => at >= 0 && phrase.every((p, k) => tokens[at + k] === p);

export function askedSum(text: string, language: Language): AskedSum | undefined {
  const tokens = tokensOf(text, language);
  const { operators, asks } = PHRASES[language];
  const list = WORDS[language];
  const numbers = numbersInTokens(tokens, language);
  const operatorAt = (from: number, to: number): { op: Operation; tokens: string[] } | undefined =>
    operators.find((o) => o.tokens.length === to - from && sameAt(tokens, from, o.tokens));
  // An operator right before the first number or right after the second: a longer sum ("10 minus 3
  // minus 2") or a negative number ("minus 5 plus 3"), which one pair would get wrong.
  const operatorEnds = (end: number): boolean => operators.some((o) => sameAt(tokens, end - o.tokens.length, o.tokens));
  const operatorStarts = (start: number): boolean => operators.some((o) => sameAt(tokens, start, o.tokens));
  // Asked for: an ask ends at most three words before the sum, or starts at most two after it.
  const askedNear = (from: number, to: number): boolean =>
    asks.some((ask) =>
      tokens.some(
        (_, at) => sameAt(tokens, at, ask) && ((from - (at + ask.length) >= 0 && from - (at + ask.length) <= 3) || (at - to - 1 >= 0 && at - to - 1 <= 2)),
      ),
    );
  for (let k = 0; k + 1 < numbers.length; k++) {
    const left = numbers[k]!;
    const right = numbers[k + 1]!;
    if (left.inexact || right.inexact) continue;
    const operator = operatorAt(left.to + 1, right.from);
    if (!operator) continue;
    if (operatorEnds(left.from) || operatorStarts(right.to + 1)) return undefined;
    if (list.notBefore.includes(tokens[left.from - 1] ?? '')) continue;
    if (!askedNear(left.from, right.to)) continue;
    const exact = compute(left.value, operator.op, right.value);
    if (exact === undefined || !Number.isFinite(exact) || Math.abs(exact) >= RESULT_RANGE.max) continue;
    if (exact !== 0 && Math.abs(exact) < RESULT_RANGE.min) continue;
    const result = roundResult(exact);
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
  const near = (n: number): boolean => Math.abs(n - sum.result) < HALF_HUNDREDTH;
  return {
    told: sum.spoken,
    fallback: sum.spoken,
    isAnswer: (sentence) => numbersIn(sentence, language).some((n) => near(n.value)),
  };
}
