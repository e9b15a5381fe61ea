import type { Language } from '../../shared/domain.js';
import { EN_PATTERNS, IDIOMS, NARRATIVE, NEGATORS, RU_PATTERNS, type CrisisCategory, type CrisisPatternSource } from './crisis-patterns.js';
import { CUES, CUE_THRESHOLD, JOKE } from './crisis-cues.js';
import { CONCEPTS, CURRENT, HARMLESS, PAST, RECOVERED, SIGNAL_RULES, type Concept } from './crisis-signals.js';

export type { CrisisCategory };

export interface CrisisHit {
  category: CrisisCategory;
  /** The words that triggered the hit, for logs and tests (never shown to the person as a label). */
  matched: string;
}

/**
 * The letters of the texts we read, lower case (normalize() lowers them): Latin with its accented
 * forms, Greek and Cyrillic. Spelled out instead of \p{L}, and without the i flag, because V8
 * builds the full Unicode letter class, case-folded, for every pattern that uses \p{L}: with ~400
 * patterns the first two messages in each language took 0.3–0.9 s to check (compiling, then
 * compiling again to native code), on the path before the reply. Spelled out, the first check
 * takes a few milliseconds and the later ones well under one.
 */
const LETTER = 'a-z\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff';
/** JS's \b only knows ASCII letters; this one knows Cyrillic too. */
const BOUNDARY = `(?:(?<![${LETTER}\\d])(?=[${LETTER}\\d])|(?<=[${LETTER}\\d])(?![${LETTER}\\d]))`;
function compile(source: string): RegExp {
  return new RegExp(source.replace(/\\b/g, BOUNDARY).replace(/\\p\{L\}/g, `[${LETTER}]`), 'gu');
}

interface CompiledPattern {
  category: CrisisCategory;
  re: RegExp;
  negatable: boolean;
  requires?: RegExp;
}
function compileAll(list: CrisisPatternSource[]): CompiledPattern[] {
  return list.map((p) => ({ category: p.category, re: compile(p.pattern), negatable: p.negatable, requires: p.requires ? compile(p.requires) : undefined }));
}
const PATTERNS: Record<Language, CompiledPattern[]> = { en: compileAll(EN_PATTERNS), ru: compileAll(RU_PATTERNS) };
const IDIOM_RES = IDIOMS.map(compile);
const PRIORITY: CrisisCategory[] = ['suicide', 'self_harm', 'abuse', 'panic'];
const COMPILED_CUES = Object.fromEntries(
  (['en', 'ru'] as const).map((lang) => [lang, PRIORITY.map((category) => ({ category, cues: CUES[lang][category].map(([p, w]) => ({ re: compile(p), weight: w })) }))]),
) as Record<Language, { category: CrisisCategory; cues: { re: RegExp; weight: number }[] }[]>;
const FIRST_PERSON = /(?:^|[^\p{L}])(?:i|i'm|i've|i'd|i'll|me|my|myself|я|меня|мне|мой|моя|мои|себя|себе)(?=[^\p{L}]|$)/u;

/**
 * The warning-sign tiers (cues and signals) read only the speaker's own present: someone else's
 * story, or (in English) talk about nobody in particular, is left to the explicit patterns.
 * Russian drops the pronoun ("Думаю о передозировке"), so there the verb form has to do and no "я"
 * is required.
 */
function notTheSpeakersOwn(norm: string, language: Language): boolean {
  return NARRATIVE.test(norm) || (language === 'en' && !FIRST_PERSON.test(norm));
}

/** The second tier: weighted warning signs that add up (see crisis-cues.ts). */
function detectByCues(norm: string, language: Language): CrisisHit | null {
  if (notTheSpeakersOwn(norm, language)) return null;
  for (const { category, cues } of COMPILED_CUES[language]) {
    if (harmlessFor(norm, language, category)) continue;
    let score = 0;
    const matched: string[] = [];
    for (const { re, weight } of cues) {
      re.lastIndex = 0;
      const m = re.exec(norm);
      if (!m || negatedBefore(norm, m.index, language)) continue;
      score += weight;
      matched.push(m[0].trim());
    }
    if (score >= CUE_THRESHOLD) return { category, matched: matched.join(' + ') };
  }
  return null;
}

const COMPILED_CONCEPTS = Object.fromEntries(
  (['en', 'ru'] as const).map((lang) => [lang, Object.fromEntries(Object.entries(CONCEPTS[lang]).map(([name, list]) => [name, list.map(compile)]))]),
) as Record<Language, Record<Concept, RegExp[]>>;
const COMPILED_HARMLESS = Object.fromEntries(
  (['en', 'ru'] as const).map((lang) => [lang, Object.fromEntries(Object.entries(HARMLESS[lang]).map(([category, source]) => [category, compile(source)]))]),
) as Record<Language, Partial<Record<CrisisCategory, RegExp>>>;
const OVER = Object.fromEntries(
  (['en', 'ru'] as const).map((lang) => [lang, { past: compile(PAST[lang]), recovered: compile(RECOVERED[lang]), current: compile(CURRENT[lang]) }]),
) as Record<Language, { past: RegExp; recovered: RegExp; current: RegExp }>;

/** A context that makes a category's warning signs harmless (crisis-signals.ts HARMLESS), or play for abuse. */
function harmlessFor(norm: string, language: Language, category: CrisisCategory): boolean {
  if (category === 'abuse' && JOKE.test(norm)) return true;
  const harmless = COMPILED_HARMLESS[language][category];
  return harmless !== undefined && test(harmless, norm);
}

function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** Where a concept is said, leaving out a match negated just before it ("I'm not scared" is still calm, so calm, hopeless and final are not negatable). */
function conceptMatches(norm: string, language: Language, concept: Concept): string[] {
  const found: string[] = [];
  for (const re of COMPILED_CONCEPTS[language][concept]) {
    re.lastIndex = 0;
    for (let m = re.exec(norm); m; m = re.exec(norm)) {
      if (m[0] === '') { re.lastIndex++; continue; }
      // A concept is one or two words: only a negation right before it ("not going to cut") undoes it,
      // not one that belongs to the words before ("маме ничего не говори, … прощай").
      if (concept !== 'calm' && concept !== 'hopeless' && concept !== 'final' && negatedBefore(norm, m.index, language, 3)) continue;
      found.push(m[0].trim());
    }
  }
  return found;
}

/** The third tier: concepts that mean something together, in any order (see crisis-signals.ts). */
function detectBySignals(norm: string, language: Language): CrisisHit | null {
  if (notTheSpeakersOwn(norm, language)) return null;
  for (const rule of SIGNAL_RULES) {
    if (harmlessFor(norm, language, rule.category)) continue;
    // Each group needs its own words: one phrase cannot be both signs of a pair.
    const matched: string[] = [];
    for (const group of rule.groups) {
      const found = group.flatMap((c) => conceptMatches(norm, language, c)).find((m) => !matched.includes(m));
      if (!found) break;
      matched.push(found);
    }
    if (matched.length === rule.groups.length) return { category: rule.category, matched: matched.join(' + ') };
  }
  return null;
}

/** A crisis told as over ("years ago … I'm fine now"), and not said to be back. */
function toldAsOver(norm: string, language: Language): boolean {
  const o = OVER[language];
  return test(o.past, norm) && test(o.recovered, norm) && !test(o.current, norm);
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[’‘`´]/g, "'").replace(/\s+/g, ' ');
}

/** Blank idioms with spaces so positions stay put and the idiom's words can match nothing. */
function blankIdioms(text: string): string {
  let out = text;
  for (const re of IDIOM_RES) out = out.replace(re, (m) => ' '.repeat(m.length));
  return out;
}

/** Is there a negation (or a third-person story marker) in the few words before `index`, inside the same clause? */
function negatedBefore(text: string, index: number, language: Language, reach = 5): boolean {
  const before = text.slice(0, index);
  const clauseStart = Math.max(
    before.lastIndexOf('.'), before.lastIndexOf('!'), before.lastIndexOf('?'), before.lastIndexOf(';'),
    before.lastIndexOf(','), before.lastIndexOf(' but '), before.lastIndexOf(' но '), before.lastIndexOf(' а '),
  );
  const clause = before.slice(clauseStart + 1).trim().split(' ').filter(Boolean);
  // Negation must be close ("not going to hurt myself"); a narrative marker may sit a little further back.
  return NEGATORS[language].test(clause.slice(-reach).join(' ')) || NARRATIVE.test(clause.slice(-8).join(' '));
}

function detectIn(text: string, language: Language): CrisisHit | null {
  const norm = blankIdioms(normalize(text));
  if (toldAsOver(norm, language)) return null;
  const hits: CrisisHit[] = [];
  for (const p of PATTERNS[language]) {
    if (p.requires) { p.requires.lastIndex = 0; if (!p.requires.test(norm)) continue; }
    if (p.category === 'abuse' && JOKE.test(norm)) continue;
    p.re.lastIndex = 0;
    for (let m = p.re.exec(norm); m; m = p.re.exec(norm)) {
      if (p.negatable && negatedBefore(norm, m.index, language)) continue;
      hits.push({ category: p.category, matched: m[0].trim() });
      break;
    }
  }
  hits.sort((a, b) => PRIORITY.indexOf(a.category) - PRIORITY.indexOf(b.category));
  return hits[0] ?? detectByCues(norm, language) ?? detectBySignals(norm, language);
}

/**
 * Crisis language in a transcript (suicide, self-harm, abuse, acute panic), checked before the LLM runs.
 * Patterns, not a model: predictable, instant, and reviewable. When the language is unknown both pattern sets
 * run, because people mix languages and a miss costs more than a second look.
 */
export function detectCrisis(text: string, language?: Language): CrisisHit | null {
  if (language) return detectIn(text, language);
  const ru = detectIn(text, 'ru');
  const en = detectIn(text, 'en');
  if (ru && en) return PRIORITY.indexOf(ru.category) <= PRIORITY.indexOf(en.category) ? ru : en;
  return ru ?? en;
}
