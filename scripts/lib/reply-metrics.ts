/**
 * What `npm run eval:replies` measures in a companion's replies. Pure functions (no model): the
 * word lists they use come from data/replies/lexicon.json, passed in as a ReplyLexicon.
 */
import fs from 'node:fs';
import type { Language, Tone } from '../../src/shared/domain.js';

export interface LanguageLexicon {
  /** Verb forms that open a sentence telling the person what to do. */
  imperative: string[];
  /** Words that may come before such a verb ("maybe", "просто"). */
  imperativeOpeners: string[];
  /** Phrases that give advice wherever they stand. */
  advice: string[];
  /** Phrases by which a person asks for advice. */
  adviceRequest: string[];
  /** Phrases by which a person says they want none (they win). */
  adviceRefusal: string[];
  /** Stems of stage directions: (smiles), *вздыхает*. */
  stage: string[];
  /** Words left out when two questions are compared. */
  stopwords: string[];
}
export type ReplyLexicon = Record<Language, LanguageLexicon>;

export function loadLexicon(file: string): ReplyLexicon {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  return { en: json.en as LanguageLexicon, ru: json.ru as LanguageLexicon };
}

const norm = (s: string): string => s.toLowerCase().replace(/ё/g, 'е').replace(/[’`]/g, "'");

/** The language a reply is written in, by its letters (Cyrillic against Latin); null when it has none. */
export function replyLanguage(text: string): Language | null {
  const cyr = (text.match(/[\u0400-\u04ff]/g) ?? []).length;
  const lat = (text.match(/[a-z]/gi) ?? []).length;
  if (cyr + lat === 0) return null;
  return cyr > lat ? 'ru' : 'en';
}

/** `expect` is a word or stem, alternatives separated by "|": does the reply contain one (case-insensitive)? */
export function hitsExpected(reply: string, expect: string): boolean {
  const r = norm(reply);
  return expect
    .split('|')
    .map((a) => norm(a.trim()))
    .filter(Boolean)
    .some((a) => r.includes(a));
}

export function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?…])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The questions a reply asks (its sentences that end with a question mark). */
export function questionsOf(reply: string): string[] {
  return sentences(reply).filter((s) => /\?["»”)]*$/.test(s));
}

export const words = (text: string): string[] => text.match(/\p{L}[\p{L}'-]*/gu) ?? [];

/** A question's content: its words without stopwords, cut to a stem so "friends" and "friend" meet. */
export function questionKey(question: string, lex: LanguageLexicon): Set<string> {
  const stop = new Set(lex.stopwords.map(norm));
  return new Set(
    words(norm(question))
      .filter((w) => w.length >= 3 && !stop.has(w))
      .map((w) => w.slice(0, 5)),
  );
}

/** Two questions are the same question when most of their content words are shared. */
export function sameQuestion(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  if (Math.min(a.size, b.size) === 1) return shared === 1 && union === 1;
  return shared >= 2 && shared / union >= 0.5;
}

/**
 * For each reply of a conversation (in order): does one of its questions repeat a question asked
 * in an earlier reply of the same conversation?
 */
export function repeatedQuestions(replies: string[], lex: LanguageLexicon): boolean[] {
  const asked: Set<string>[] = [];
  const askedWhole = new Set<string>();
  return replies.map((reply) => {
    const questions = questionsOf(reply);
    const keys = questions.map((q) => questionKey(q, lex));
    // A question of stopwords only ("Как ты себя чувствуешь?") has no content key: then the same words are the same question.
    const whole = questions.map((q) => words(norm(q)).join(' '));
    const repeats = keys.some((k) => asked.some((old) => sameQuestion(k, old))) || whole.some((w) => askedWhole.has(w));
    asked.push(...keys);
    for (const w of whole) askedWhole.add(w);
    return repeats;
  });
}

/** Markdown, lists, emoji, emoticons or stage directions: things a voice cannot say. */
export function formattingIn(reply: string, lex: LanguageLexicon): string | null {
  if (/\*\*|__|`|^\s*#{1,6}\s/m.test(reply)) return 'markdown';
  if (/^\s*(?:[-*•]|\d+[.)])\s+\S/m.test(reply)) return 'list';
  if (/\p{Extended_Pictographic}/u.test(reply)) return 'emoji';
  if (/(?:^|\s)[:;]-?[)(DP](?=\s|$)|\){2,}/.test(reply)) return 'emoticon';
  if (/\*[^*\n]{1,60}\*|\[[^\]\n]{1,60}\]/.test(reply)) return 'stage direction';
  const stems = lex.stage.map(norm);
  for (const m of reply.matchAll(/\(([^)\n]{1,40})\)/g)) {
    if (words(norm(m[1]!)).some((w) => stems.some((s) => w.startsWith(s)))) return 'stage direction';
  }
  return null;
}

/** Did the person ask for advice in these words? */
export function asksForAdvice(text: string, lex: LanguageLexicon): boolean {
  const t = norm(text);
  if (lex.adviceRefusal.some((p) => t.includes(norm(p)))) return false;
  return lex.adviceRequest.some((p) => t.includes(norm(p)));
}

/**
 * Advice in a reply: an advice phrase anywhere, or a statement (not a question) that opens with an
 * imperative verb, possibly after an opener ("Maybe try…", "Просто попробуй…"). Returns what was found.
 */
export function adviceIn(reply: string, lex: LanguageLexicon): string | null {
  const r = ` ${norm(reply).replace(/\s+/g, ' ')} `;
  for (const p of lex.advice) {
    const phrase = norm(p);
    const at = r.indexOf(phrase);
    // A phrase matches whole words at its start (so "important" does not match inside "unimportant").
    if (at > 0 && !/\p{L}/u.test(r[at - 1]!)) return phrase.trim();
  }
  const verbs = new Set(lex.imperative.map(norm));
  // Longest first, so "может быть" is taken whole before "может".
  const openers = lex.imperativeOpeners.map(norm).sort((a, b) => b.split(' ').length - a.split(' ').length);
  for (const s of sentences(reply)) {
    if (/\?["»”)]*$/.test(s)) continue;
    let ws = words(norm(s));
    // Skip openers ("maybe", "may be", "так что"), longest first, as many as there are.
    for (let moved = true; moved && ws.length;) {
      moved = false;
      for (const o of openers) {
        const ow = o.split(' ');
        if (ws.slice(0, ow.length).join(' ') === o) {
          ws = ws.slice(ow.length);
          moved = true;
          break;
        }
      }
    }
    const two = ws.slice(0, 2).join(' ');
    if (verbs.has(two)) return two;
    if (ws[0] && verbs.has(ws[0])) return ws[0];
  }
  return null;
}

export interface ScoredTurn {
  scenario: string;
  lang: Language;
  tone: Tone;
  user: string;
  reply: string;
  expect?: string;
  /** A crisis reply is fixed text, not the model's: left out of the measures. */
  crisis?: boolean;
}

export interface TurnVerdict {
  languageMatch: boolean;
  expectHit: boolean | null;
  repeatedQuestion: boolean;
  asksQuestion: boolean;
  formatting: string | null;
  /** null: not a supportive turn, or the person asked for advice. */
  advice: string | null | undefined;
  words: number;
}

/** Judges every turn of the conversations (turns of one scenario in order). */
export function judgeTurns(turns: ScoredTurn[], lexicon: ReplyLexicon): TurnVerdict[] {
  const verdicts = new Array<TurnVerdict>(turns.length);
  const byScenario = new Map<string, number[]>();
  turns.forEach((t, i) => byScenario.set(t.scenario, [...(byScenario.get(t.scenario) ?? []), i]));
  for (const indices of byScenario.values()) {
    const lex = lexicon[turns[indices[0]!]!.lang];
    const repeats = repeatedQuestions(
      indices.map((i) => turns[i]!.reply),
      lex,
    );
    let adviceAsked = false;
    indices.forEach((i, k) => {
      const t = turns[i]!;
      // Once asked for, advice stays welcome for the turn after it too ("and what else?").
      const askedNow = asksForAdvice(t.user, lex);
      const welcome = askedNow || adviceAsked;
      adviceAsked = askedNow;
      verdicts[i] = {
        languageMatch: replyLanguage(t.reply) === t.lang,
        expectHit: t.expect ? hitsExpected(t.reply, t.expect) : null,
        repeatedQuestion: repeats[k]!,
        asksQuestion: questionsOf(t.reply).length > 0,
        formatting: formattingIn(t.reply, lex),
        advice: t.tone === 'supportive' && !welcome ? adviceIn(t.reply, lex) : undefined,
        words: words(t.reply).length,
      };
    });
  }
  return verdicts;
}

export interface ReplyMetrics {
  turns: number;
  languageMatch: number;
  expectHit: number;
  expectTurns: number;
  repeatedQuestion: number;
  questionTurns: number;
  formatting: number;
  adviceInSupportive: number;
  supportiveTurns: number;
  meanWords: Record<Tone, number>;
}

const ratio = (n: number, d: number): number => (d === 0 ? NaN : n / d);
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * The measures over a set of judged turns (crisis turns left out). repeated-question is over the
 * replies that ask a question; advice-in-supportive over supportive replies where no advice was asked.
 */
export function summarize(turns: ScoredTurn[], verdicts: TurnVerdict[]): ReplyMetrics {
  const rows = turns.map((t, i) => ({ t, v: verdicts[i]! })).filter((r) => !r.t.crisis);
  const expectRows = rows.filter((r) => r.v.expectHit !== null);
  const questionRows = rows.filter((r) => r.v.asksQuestion);
  const supportive = rows.filter((r) => r.v.advice !== undefined);
  const tones: Tone[] = ['friendly', 'supportive', 'neutral'];
  return {
    turns: rows.length,
    languageMatch: ratio(rows.filter((r) => r.v.languageMatch).length, rows.length),
    expectHit: ratio(expectRows.filter((r) => r.v.expectHit).length, expectRows.length),
    expectTurns: expectRows.length,
    repeatedQuestion: ratio(questionRows.filter((r) => r.v.repeatedQuestion).length, questionRows.length),
    questionTurns: questionRows.length,
    formatting: rows.filter((r) => r.v.formatting).length,
    adviceInSupportive: ratio(supportive.filter((r) => r.v.advice).length, supportive.length),
    supportiveTurns: supportive.length,
    meanWords: Object.fromEntries(tones.map((tone) => [tone, mean(rows.filter((r) => r.t.tone === tone).map((r) => r.v.words))])) as Record<Tone, number>,
  };
}

const f2 = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(2));
const f1 = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(1));

/** The printed lines: `language-match R`, …, with the per-language figures after a suffix (e.g. "en"). */
export function metricLines(m: ReplyMetrics, suffix = ''): string[] {
  const s = suffix ? ` ${suffix}` : '';
  return [
    `language-match${s} ${f2(m.languageMatch)}`,
    `expect-hit${s} ${f2(m.expectHit)}`,
    `repeated-question${s} ${f2(m.repeatedQuestion)}`,
    `formatting${s} ${m.formatting}`,
    `advice-in-supportive${s} ${f2(m.adviceInSupportive)}`,
    `mean-words${s} friendly ${f1(m.meanWords.friendly)} supportive ${f1(m.meanWords.supportive)} neutral ${f1(m.meanWords.neutral)}`,
  ];
}
