import data from './crisis-patterns.json' with { type: 'json' };

/**
 * The rule layer's phrases, RU and EN, written by us: only those that measured as certain. Each was
 * checked against the corpus in data/safety/ (scripts/train-safety.ts --audit-rules): a phrase that
 * fired on any hard negative written by the team or the blind writers went, and so did every phrase
 * whose crisis lines the learned model already caught on its own. What is left is certain and adds
 * something. `\b` in a pattern means a Unicode word boundary (JS's own \b does not know Cyrillic).
 *
 * The phrases are data, in crisis-patterns.json; this module reads them once at load, puts the shared
 * fragments in (`{{NAME}}` stands for `fragments.NAME`, so a list such as "he, she, my husband…" is
 * written once) and checks the shape, so a slip in the data fails at start, not in the middle of a turn.
 * crisis-rules.ts compiles the strings.
 */
export type CrisisCategory = 'suicide' | 'self_harm' | 'abuse' | 'panic';

/**
 * negatable: the match is ignored when a negation stands just before it in the same clause
 * ("I'm not going to hurt myself", "я не собираюсь себя убивать"). Patterns that already carry their own
 * negation ("don't want to live", "не хочу жить") are not negatable.
 * requires: a second pattern that must also occur.
 */
export interface CrisisPatternSource {
  category: CrisisCategory;
  pattern: string;
  negatable: boolean;
  requires?: string;
}

/**
 * Direct statements, found in any word order inside one clause: every `all` pattern must match the
 * same clause (clauses end at . ! ? ; , and at "but"/"но"), and no `unlessClause` may. Russian word
 * order is free ("не хочу я больше жить", "жить я больше не хочу", "муж меня бьёт", "бьёт меня муж"),
 * and the few statements that are never anything but a crisis must be caught however they are said.
 * The whole-message guards of the rule layer (idioms, jokes, a crisis told as over, someone else's
 * story, a question asked and answered) apply to these too.
 */
export interface ClauseRuleSource {
  category: CrisisCategory;
  all: string[];
  unlessClause?: string;
}

type ByLanguage = Record<'en' | 'ru', string>;
const CATEGORIES: readonly string[] = ['suicide', 'self_harm', 'abuse', 'panic'] satisfies CrisisCategory[];

function fail(where: string, what: string): never {
  throw new Error(`crisis-patterns.json: ${where}: ${what}`);
}

/** Puts the named fragments in; an unknown name is a slip in the data, not a pattern to match literally. */
function expand(source: unknown, where: string): string {
  if (typeof source !== 'string' || source === '') fail(where, 'expected a non-empty pattern string');
  const fragments: Record<string, string> = data.fragments;
  return source.replace(/\{\{(\w+)\}\}/g, (_, name: string) => fragments[name] ?? fail(where, `unknown fragment {{${name}}}`));
}

function category(value: string, where: string): CrisisCategory {
  if (!CATEGORIES.includes(value)) fail(where, `unknown category "${value}"`);
  return value as CrisisCategory;
}

function byLanguage(value: { en: string; ru: string }, where: string): ByLanguage {
  return { en: expand(value.en, `${where}.en`), ru: expand(value.ru, `${where}.ru`) };
}

function patterns(list: ReadonlyArray<{ category: string; pattern: string; negatable: boolean; requires?: string }>, where: string): CrisisPatternSource[] {
  return list.map((p, i) => {
    const at = `${where}[${i}]`;
    if (typeof p.negatable !== 'boolean') fail(at, 'negatable must be true or false');
    const out: CrisisPatternSource = { category: category(p.category, at), pattern: expand(p.pattern, `${at}.pattern`), negatable: p.negatable };
    if (p.requires !== undefined) out.requires = expand(p.requires, `${at}.requires`);
    return out;
  });
}

function clauseRules(list: ReadonlyArray<{ category: string; all: string[]; unlessClause?: string }>, where: string): ClauseRuleSource[] {
  return list.map((r, i) => {
    const at = `${where}[${i}]`;
    if (!Array.isArray(r.all) || r.all.length === 0) fail(at, 'all must list at least one pattern');
    const out: ClauseRuleSource = { category: category(r.category, at), all: r.all.map((s, j) => expand(s, `${at}.all[${j}]`)) };
    if (r.unlessClause !== undefined) out.unlessClause = expand(r.unlessClause, `${at}.unlessClause`);
    return out;
  });
}

export const EN_PATTERNS: CrisisPatternSource[] = patterns(data.patterns.en, 'patterns.en');
export const RU_PATTERNS: CrisisPatternSource[] = patterns(data.patterns.ru, 'patterns.ru');

/**
 * Everyday idioms that use crisis words without crisis meaning. Their text is blanked before matching,
 * so "this exam is killing me" or "я чуть не умер со смеху" never reach the patterns above. Joking
 * threats about a trifle ("if I hear that song once more, I'll hang myself, haha") are blanked the same way.
 */
export const IDIOMS: string[] = [...data.idioms, ...data.jokingThreats].map((s, i) => expand(s, `idioms[${i}]`));

/** Someone else's story (a film, a book, a character): the words before the match make it third-person. */
export const NARRATIVE: string = expand(data.narrative, 'narrative');

export const NEGATORS: ByLanguage = byLanguage(data.negators, 'negators');

/** Play, not violence: "punched me in the arm as a joke", "в шутку ударила". */
export const PLAY: string = expand(data.play, 'play');

/**
 * A crisis that is over: said in the past and with recovery ("years ago … I got help and I'm doing
 * well now"). Such a message is not flagged by a rule unless it also says it is back (OVER_CURRENT):
 * "…, but now I want to die again" is a relapse, and the most dangerous message of all to miss.
 */
export const OVER_PAST: ByLanguage = byLanguage(data.over.past, 'over.past');
export const OVER_RECOVERED: ByLanguage = byLanguage(data.over.recovered, 'over.recovered');
export const OVER_CURRENT: ByLanguage = byLanguage(data.over.current, 'over.current');

export const RU_CLAUSE_RULES: ClauseRuleSource[] = clauseRules(data.clauseRules.ru, 'clauseRules.ru');
export const EN_CLAUSE_RULES: ClauseRuleSource[] = clauseRules(data.clauseRules.en, 'clauseRules.en');

/**
 * The rule layer stays silent on messages that only talk about a crisis: a question someone asked
 * and the answer to it ("the nurse asked if I want to hurt myself, I said no"), a questionnaire, a jokey
 * exaggeration. The learned model reads those instead.
 */
export const REPORTED: string = expand(data.reported, 'reported');
