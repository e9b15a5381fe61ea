import type { Language } from '../../shared/domain.js';
import { compileLetterPattern } from '../text/letters.js';
import {
  EN_CLAUSE_RULES,
  EN_PATTERNS,
  IDIOMS,
  NARRATIVE,
  NEGATORS,
  OVER_CURRENT,
  OVER_PAST,
  OVER_RECOVERED,
  PLAY,
  REPORTED,
  RU_CLAUSE_RULES,
  RU_PATTERNS,
  type ClauseRuleSource,
  type CrisisCategory,
  type CrisisPatternSource,
} from './crisis-patterns.js';

/**
 * The rule layer of the crisis check: explicit phrases that are certain (crisis-patterns.json), kept
 * beside the learned model only where they measured as high-precision and caught what the model
 * missed (see data/SAFETY-EVAL.md). A rule hit is final; everything else is the model's call.
 */
export interface CrisisRuleHit {
  category: CrisisCategory;
  /** The words that triggered the hit, for logs and tests (never shown to the person as a label). */
  matched: string;
}

/** Texts are lower case here (normalize() lowers them), so no i flag: it would case-fold every class again. */
function compile(source: string): RegExp {
  return compileLetterPattern(source, 'gu');
}

interface CompiledPattern {
  category: CrisisCategory;
  re: RegExp;
  negatable: boolean;
  requires?: RegExp | undefined;
  source: string;
}
function compileAll(list: CrisisPatternSource[]): CompiledPattern[] {
  return list.map((p) => ({
    category: p.category,
    re: compile(p.pattern),
    negatable: p.negatable,
    requires: p.requires ? compile(p.requires) : undefined,
    source: p.pattern,
  }));
}
const PATTERNS: Record<Language, CompiledPattern[]> = { en: compileAll(EN_PATTERNS), ru: compileAll(RU_PATTERNS) };
interface CompiledClauseRule {
  category: CrisisCategory;
  all: RegExp[];
  unless?: RegExp | undefined;
  source: string;
}
function compileClauseRules(list: ClauseRuleSource[]): CompiledClauseRule[] {
  return list.map((r) => ({
    category: r.category,
    all: r.all.map(compile),
    unless: r.unlessClause ? compile(r.unlessClause) : undefined,
    source: `clause: ${r.all.join(' + ')}`,
  }));
}
const CLAUSE_RULES: Record<Language, CompiledClauseRule[]> = { en: compileClauseRules(EN_CLAUSE_RULES), ru: compileClauseRules(RU_CLAUSE_RULES) };
const REPORTED_RE = compile(REPORTED);
const IDIOM_RES = IDIOMS.map(compile);
const PLAY_RE = compile(PLAY);
const NARRATIVE_RE = compile(NARRATIVE);
const NEGATOR_RES: Record<Language, RegExp> = { en: compile(NEGATORS.en), ru: compile(NEGATORS.ru) };
const OVER = Object.fromEntries(
  (['en', 'ru'] as const).map((lang) => [
    lang,
    { past: compile(OVER_PAST[lang]), recovered: compile(OVER_RECOVERED[lang]), current: compile(OVER_CURRENT[lang]) },
  ]),
) as Record<Language, { past: RegExp; recovered: RegExp; current: RegExp }>;
export const PRIORITY: CrisisCategory[] = ['suicide', 'self_harm', 'abuse', 'panic'];

function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** A crisis told as over ("years ago … I'm fine now"), and not said to be back. */
function toldAsOver(norm: string, language: Language): boolean {
  const o = OVER[language];
  return test(o.past, norm) && test(o.recovered, norm) && !test(o.current, norm);
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ');
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
    before.lastIndexOf('.'),
    before.lastIndexOf('!'),
    before.lastIndexOf('?'),
    before.lastIndexOf(';'),
    before.lastIndexOf(','),
    before.lastIndexOf(' but '),
    before.lastIndexOf(' но '),
    before.lastIndexOf(' а '),
  );
  const clause = before
    .slice(clauseStart + 1)
    .trim()
    .split(' ')
    .filter(Boolean);
  // Negation must be close ("not going to hurt myself"); a narrative marker may sit a little further back.
  return test(NEGATOR_RES[language], clause.slice(-reach).join(' ')) || test(NARRATIVE_RE, clause.slice(-8).join(' '));
}

/** Every pattern that fires, in pattern order (for measuring the rules one by one). */
export function ruleHits(text: string, language: Language): Array<CrisisRuleHit & { pattern: string }> {
  const norm = blankIdioms(normalize(text));
  if (toldAsOver(norm, language) || test(REPORTED_RE, norm) || test(NARRATIVE_RE, norm)) return [];
  const hits: Array<CrisisRuleHit & { pattern: string }> = [];
  for (const clause of norm.split(/[.!?;,]|\bbut\b|(?<![а-я])но(?![а-я])/)) {
    for (const r of CLAUSE_RULES[language]) {
      if (r.category === 'abuse' && test(PLAY_RE, norm)) continue;
      if (!r.all.every((re) => test(re, clause)) || (r.unless && test(r.unless, clause))) continue;
      hits.push({ category: r.category, matched: clause.trim(), pattern: r.source });
    }
  }
  for (const p of PATTERNS[language]) {
    if (p.requires && !test(p.requires, norm)) continue;
    if (p.category === 'abuse' && test(PLAY_RE, norm)) continue;
    p.re.lastIndex = 0;
    for (let m = p.re.exec(norm); m; m = p.re.exec(norm)) {
      if (p.negatable && negatedBefore(norm, m.index, language)) continue;
      hits.push({ category: p.category, matched: m[0].trim(), pattern: p.source });
      break;
    }
  }
  return hits;
}

/** The first category by priority (suicide before self-harm before abuse before panic) among the rules that fire. */
export function matchCrisisRule(text: string, language: Language): CrisisRuleHit | null {
  const hits = ruleHits(text, language);
  hits.sort((a, b) => PRIORITY.indexOf(a.category) - PRIORITY.indexOf(b.category));
  const first = hits[0];
  return first ? { category: first.category, matched: first.matched } : null;
}
