import type { Language } from '../../shared/domain.js';
import type { ChatMessage } from '../engines.js';
import { extractFacts, NAME_FACT } from '../memory/facts.js';
import { foldForCompare, questionsIn } from '../text/sentences.js';
import { namesIn, placesIn } from '../text/proper-nouns.js';
import { isNumberWord, numbersIn } from '../text/numbers.js';
import words from './recall-words.json' with { type: 'json' };

/**
 * What the conversation so far should keep in the chat model's view on this turn, read from the
 * turns themselves: the facts the person told (their name, people, plans), the questions Lumio
 * already asked, and whether the person asks for advice now. A small model loses these in a long
 * history, so the turn note (right before the new words) restates them briefly.
 */
export interface Recall {
  /**
   * Facts from the person's words in the turns before this one, oldest first. This turn's own words
   * are left out: the model reads them right after the note, and the note's recall part must be
   * known while the person is still speaking (prompts.ts buildNoteHead).
   */
  told: string[];
  /** Lumio's most recent questions in this conversation, oldest first. */
  asked: string[];
  /** The person asks for advice in this turn's words. */
  wantsAdvice: boolean;
  /**
   * When this turn asks back something the person told earlier ("what was my cat called again?"):
   * their own earlier words that told it, for the note to put right before the question. A 1.5B
   * model answers "I don't have that information" with the words twenty turns up in its window;
   * quoted next to the question, they are in reach (docs/models.md).
   */
  toldBefore?: string;
}

/** How many of Lumio's past questions the note repeats: the latest are the ones the model would ask again. */
const ASKED_IN_VIEW = 3;
/** How many facts the note restates (a name and a few people and plans are what matters). */
const TOLD_IN_VIEW = 6;

export function asksForAdvice(text: string, language: Language): boolean {
  const t = foldForCompare(text);
  const list = words[language];
  if (list.adviceRefusal.some((p) => t.includes(p))) return false;
  return list.adviceRequest.some((p) => t.includes(p));
}

/** The longest earlier turn the note quotes, in words: a fact is told in a clause, not a speech. */
const TOLD_BEFORE_WORDS = 30;
const WORD = /\p{L}[\p{L}'-]*/gu;

/**
 * A word cut to a stem short enough that "named" meets "name", "moving" meets "move", "dog's" meets
 * "dog", and in Russian, whose endings are longer, "кота" meets "кот" and "свадьбу" meets "свадьба".
 */
function stem(word: string, language: Language): string {
  if (language === 'en') {
    const base = word
      .replace(/'s$/, '')
      .replace(/(?<=...)(?:ing|ed|es|s)$/, '')
      .replace(/(?<=..)e$/, '');
    return base.slice(0, 4);
  }
  // The case ending off first, so that "брат" meets "брата" and "кот" meets "кота"; then a cap for the rest.
  const ending = words.ru.stemEndings.find((e) => word.endsWith(e) && word.length - e.length >= 3);
  return (ending ? word.slice(0, -ending.length) : word).slice(0, 5);
}

/** The words that can tell which earlier turn a question is about: no function words, no "remember". */
function matchStems(text: string, language: Language): Set<string> {
  const ignore = new Set(words[language].matchIgnore);
  return new Set((foldForCompare(text).match(WORD) ?? []).filter((w) => w.length >= 3 && !ignore.has(w)).map((w) => stem(w, language)));
}

/** The words with punctuation removed, a space either side, as the phrase lists are matched. */
const padded = (text: string): string =>
  ` ${foldForCompare(text)
    .replace(/[^\p{L}\p{N}' -]+/gu, ' ')
    .replace(/\s+/g, ' ')} `;

/**
 * The turn asks about something the person told before: by a phrase that says so ("did i tell
 * you", "напомни"), or as a question for a fact of their own life ("where am i going next week",
 * "what's the restaurant called again", "с кем я еду"), which people ask without saying "remember".
 * A request for advice or a question about what is to come ("when will i feel better") is not one.
 */
export function asksBack(text: string, language: Language): boolean {
  const list = words[language];
  const all = padded(text);
  if (list.askBack.some((p) => all.includes(p))) return true;
  if (asksForAdvice(text, language)) return false;
  const q = list.askBackQuestion;
  // "bet you dont even remember who i was with": a test of Lumio's listening, a question word, and the speaker's own life in it.
  const listened = q.listening.some((p) => all.includes(p)) && [...q.asks, ...Object.keys(q.asksWith)].some((p) => all.includes(p));
  if (listened && [...q.self, ...q.selfAsked].some((p) => all.includes(p)) && !q.not.some((p) => all.includes(p))) return true;
  const marked = text.includes('?');
  return foldForCompare(text)
    .split(/[,.!?;:…]+/)
    .some((clause, i) => asksOwnFact(padded(clause.trim()), q, marked, i === 0));
}

interface AskBackQuestion {
  asks: string[];
  asksWith: Record<string, string[]>;
  /** Asks that are questions wherever they stand in the clause. */
  inside: { phrases: string[]; with: Record<string, string[]>; needs: string[] };
  /** The person asks whether Lumio listened, or says they are already mixing things up: with an ask anywhere, a question back. */
  listening: string[];
  withVerb: string[];
  verbs: string[];
  subjects: string[];
  self: string[];
  selfAsked: string[];
  again: string[];
  not: string[];
  fillers: string[];
}

/**
 * One clause, padded: is it a question for a fact of the speaker's own ("where am i going")? Spoken
 * words rarely carry a question mark, so in English the asked form tells it ("when is my…", not
 * "when i was a kid…"); Russian has no such form: there, without a question mark, only the turn's
 * first clause counts («…, когда учитель назвал мою фамилию» is not a question), and «я» not at all.
 */
function asksOwnFact(clause: string, q: AskBackQuestion, marked: boolean, first: boolean): boolean {
  let c = clause;
  // "and", "ну", "sorry" before the question word: the clause still opens with the question.
  for (let word = c.split(' ')[1]; word && q.fillers.includes(word); word = c.split(' ')[1]) c = c.slice(word.length + 1);
  const ask = q.asks.find((p) => c.startsWith(p)) ?? Object.entries(q.asksWith).find(([p, with_]) => c.startsWith(p) && with_.some((w) => c.includes(w)))?.[0];
  if (q.not.some((p) => c.includes(p))) return false;
  if (!ask) return asksInside(c, q, marked);
  const after = c.slice(ask.length).trim().split(' ');
  const asked =
    marked ||
    q.withVerb.some((p) => c.startsWith(p)) ||
    (q.verbs.length > 0 && !q.subjects.includes(after[0] ?? '') && after.slice(0, 3).some((w) => q.verbs.includes(w)));
  const self = q.self.some((p) => c.includes(p)) || (asked && q.selfAsked.some((p) => c.includes(p)));
  const question = q.verbs.length > 0 ? asked : marked || first;
  return question && (self || q.again.some((p) => c.includes(p)));
}

/**
 * A question inside a run-on clause: "sorry what was the company called again", «ну вот как брата
 * моего зовут». Speech has no comma before it, so the clause does not open with the ask. A pair
 * ("what … called", «как … зовут») asks wherever it stands, with its `needs` word ("again", a self
 * word); a phrase («когда у меня») only in a turn with a question mark: «я нервничаю когда у меня
 * экзамены» asks nothing.
 */
function asksInside(c: string, q: AskBackQuestion, marked: boolean): boolean {
  // Where the ask starts: its `needs` word must come after it («мою собаку зовут … как соседи ее зовут» is no question).
  const at = (p: string): number => c.indexOf(p);
  const phrase = marked ? q.inside.phrases.find((p) => at(p) >= 0) : undefined;
  const pair = Object.entries(q.inside.with).find(([p, with_]) => at(p) >= 0 && with_.some((w) => c.indexOf(w, at(p) + p.length - 1) >= 0))?.[0];
  const from = Math.min(...[phrase, pair].filter((p) => p !== undefined).map(at));
  return Number.isFinite(from) && q.inside.needs.some((p) => c.indexOf(p, from) >= 0);
}

/** A turn that was itself a question to Lumio ("what is 7 plus 8"): it asked, it told little. */
function asksLumio(text: string, language: Language): boolean {
  const t = padded(text);
  return text.includes('?') || words[language].questionOpeners.some((p) => t.includes(p));
}

interface AnswerKind {
  ask: string[];
  except?: string[];
  words?: string[];
  weakWords?: string[];
  numbers?: { before?: string[]; after?: string[] };
  /** A first name or a place answers it (text/proper-nouns.ts): spoken names have no capital to be known by. */
  listed?: Listed;
  /** Questions for the person's own name ("do you know my name"): any name told in passing is no answer; the name facts hold theirs. */
  listedExcept?: string[];
  /** When set, a listed word answers only a question holding one of these ("who", "her"): "what's the restaurant called" asks for no person. */
  listedWith?: string[];
}

type Listed = 'names' | 'places';
const LISTED_KINDS: Listed[] = ['names', 'places'];
const LISTED_IN: Record<Listed, (text: string, language: Language) => string[]> = { names: namesIn, places: placesIn };
/** The names or places of the kinds' lists that the text holds. */
const listedIn = (text: string, kinds: AnswerKind[], language: Language): string[] =>
  kinds.flatMap((k) => (k.listed ? LISTED_IN[k.listed](text, language) : []));

/**
 * The kinds of answer a question asks for ("what day…" asks for a day, "how old…" for an age): an
 * earlier turn holding an answer of that kind is likelier the one meant, though it shares no word
 * with the question.
 */
function kindsAsked(text: string, language: Language): AnswerKind[] {
  const t = padded(text);
  return Object.values(words[language].answerKinds as Record<string, AnswerKind>)
    .filter((kind) => kind.ask.some((p) => t.includes(p)) && !kind.except?.some((p) => t.includes(p)))
    .map((kind) => {
      const meant = !kind.listedWith || kind.listedWith.some((p) => t.includes(p));
      if (!kind.listed || (meant && !kind.listedExcept?.some((p) => t.includes(p)))) return kind;
      const { listed: _unlisted, ...rest } = kind;
      return rest;
    });
}

/** Words and numbers in digits ("81", "14th", "5pm"), as the answer kinds read them. */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'-]*/gu;
const kindTokens = (text: string): string[] => foldForCompare(text).match(TOKEN) ?? [];

/** A number: digits, or a number word that tells a count here ("eighty-one" is "eighty" and "one"). */
function isNumber(token: string, language: Language): boolean {
  // Typed as lists of words: English has no collectives, and an empty JSON list reads as never[].
  const { numberWordsNot, numberWordsAlso }: { numberWordsNot: string[]; numberWordsAlso: string[] } = words[language];
  const counts = (part: string): boolean => (isNumberWord(part, language) && !numberWordsNot.includes(part)) || numberWordsAlso.includes(part);
  return /^\d/.test(token) || token.split('-').some(counts);
}

/**
 * How well the text answers a question of that kind: 1 when it holds an answer ("sunday" to
 * "what day", "four years" or "she's 81" to "how long" or "how old"), 0.5 when it may ("tonight",
 * or a bare "ten" to "how old": ten minutes is not an age), 0 when it holds none.
 */
function answersKind(text: string, kind: AnswerKind, language: Language): number {
  const tokens = kindTokens(text);
  if (tokens.some((w) => startsOne(kind.words, w))) return 1;
  const weak = tokens.some((w) => startsOne(kind.weakWords, w)) ? 0.5 : 0;
  // A name or a place counts half: the lists miss many, and a turn sharing a word with the question
  // ("my sister marta…" to "call my sister… her name") must outrank one with a name in passing;
  // with a naming word ("her name's rosie") it answers fully.
  const named = listedIn(text, [kind], language).length > 0 ? 0.5 : 0;
  return Math.max(weak + named, ...numbersOfKind(tokens, kind, language).map((n) => (n.withUnit ? 1 : 0.5)));
}

const startsOne = (list: string[] | undefined, w: string): boolean => !!list?.some((start) => w.startsWith(start));

/** For each number among the tokens, if the kind is answered by one: whether a unit of the kind stands by it. */
function numbersOfKind(tokens: string[], kind: AnswerKind, language: Language): { withUnit: boolean }[] {
  const units = kind.numbers;
  if (!units) return [];
  const unitless = !units.before?.length && !units.after?.length;
  return tokens.flatMap((w, i) => {
    if (!isNumber(w, language)) return [];
    const glued = /^\d+(\p{L}+)$/u.exec(w)?.[1]; // "5pm", "14th"
    const withUnit =
      unitless || !!units.before?.includes(tokens[i - 1] ?? '') || startsOne(units.after, tokens[i + 1] ?? '') || (!!glued && startsOne(units.after, glued));
    return [{ withUnit }];
  });
}

/**
 * What answers the kind asked for in the earlier words: the day, month or time words they hold
 * ("friday"), and whether a number with its unit does ("six years"). Empty when they hold only a weak
 * hint ("tonight") or nothing of the kind.
 */
function kindAnswerIn(told: string, question: string, language: Language): { starts: string[]; numbers: boolean; listed: string[] } {
  const tokens = kindTokens(told);
  const kinds = kindsAsked(question, language);
  const starts = kinds.flatMap((k) => k.words ?? []).filter((start) => tokens.some((w) => w.startsWith(start)));
  const numbers = kinds.some((k) => numbersOfKind(tokens, k, language).some((n) => n.withUnit));
  // A name the question itself says ("is it tom or sam?") is no answer to it.
  const asked = new Set(listedIn(question, kinds, language));
  const listed = listedIn(told, kinds, language).filter((n) => !asked.has(n));
  return { starts, numbers, listed };
}

interface Candidate {
  text: string;
  /** The rarity-weighted words it shares with the question, plus how well it answers the kind asked. */
  score: number;
  /** How well it answers the kind of answer asked for (answersKind), the tie-break. */
  kind: number;
}

/**
 * The person's earlier turns scored as the one a question asks back about: by the words they share
 * with it (a word in many turns says little about which one is meant) and by holding the kind of
 * answer it asks for; a turn that was itself a question to Lumio counts half. Oldest first; none
 * when the turn does not ask back or gives nothing to match.
 */
function rankToldBefore(history: ChatMessage[], user: string, language: Language): Candidate[] {
  if (!asksBack(user, language)) return [];
  const wanted = matchStems(user, language);
  const kinds = kindsAsked(user, language);
  if (!wanted.size && !kinds.length) return [];
  const earlier = history.filter((m) => m.role === 'user' && !asksBack(m.text, language)).map((m) => ({ text: m.text, stems: matchStems(m.text, language) }));
  const turnsWith = new Map<string, number>();
  for (const t of earlier) for (const s of t.stems) if (wanted.has(s)) turnsWith.set(s, (turnsWith.get(s) ?? 0) + 1);
  return earlier.map((t) => {
    let shared = 0;
    for (const s of t.stems) if (wanted.has(s)) shared += 1 / turnsWith.get(s)!;
    // An answer of the kind asked for counts as much as one shared word found in no other turn; "when"
    // asks for a day, a month and a time, and a turn with two of them ("saturday morning") answers it better.
    const kind = kinds.reduce((sum, k) => sum + answersKind(t.text, k, language), 0);
    const score = (shared + kind) * (asksLumio(t.text, language) ? 0.5 : 1);
    return { text: t.text, score, kind };
  });
}

/**
 * The person's earlier turn this one asks back about (rankToldBefore's best; on a tie the one that
 * answers the kind asked for, then the latest), cut to a clause's length.
 */
export function toldBefore(history: ChatMessage[], user: string, language: Language): string | undefined {
  let best: Candidate | undefined;
  for (const c of rankToldBefore(history, user, language)) {
    if (c.score <= 0) continue;
    if (!best || c.score > best.score || (c.score === best.score && c.kind >= best.kind)) best = c;
  }
  if (!best) return undefined;
  const all = best.text.replace(/\s+/g, ' ').trim().split(' ');
  return all.length > TOLD_BEFORE_WORDS ? `${all.slice(0, TOLD_BEFORE_WORDS).join(' ')}…` : all.join(' ');
}

/**
 * What a reply to a question that asks back must hold to answer it: a word of the person's earlier
 * words that the question itself does not already say ("barsik" to "what is my cat called?").
 */
export interface RecallAnswer {
  /** The person's earlier words (toldBefore). */
  told: string;
  /** The sentence says something of what was told. */
  isAnswer(sentence: string): boolean;
  /** Said when no sentence of the reply answers; without it, the reply editor quotes `told` (recallFallback). */
  fallback?: string;
}

export function recallAnswer(told: string, question: string, language: Language): RecallAnswer | undefined {
  // Asked for a day, a time, an age, a length of time, a name or a place, and the earlier words hold
  // it: the reply must say that ("friday", the same number in digits or words, "tom", "leeds"), not merely another of
  // their words ("you've lived here for years, still looking for friends" to "how long did i say").
  const kind = kindAnswerIn(told, question, language);
  if (kind.starts.length || kind.numbers || kind.listed.length) {
    const toldNumbers = new Set(numbersIn(told, language).map((n) => n.value));
    return {
      told,
      isAnswer: (sentence) =>
        kindTokens(sentence).some((w) => startsOne(kind.starts, w)) ||
        (kind.numbers && numbersIn(sentence, language).some((n) => toldNumbers.has(n.value))) ||
        LISTED_KINDS.some((k) => LISTED_IN[k](sentence, language).some((n) => kind.listed.includes(n))),
    };
  }
  const asked = matchStems(question, language);
  const answers = [...matchStems(told, language)].filter((s) => !asked.has(s));
  if (!answers.length) return undefined;
  return {
    told,
    isAnswer: (sentence) => {
      const said = matchStems(sentence, language);
      return answers.some((a) => said.has(a));
    },
  };
}

export function recall(history: ChatMessage[], user: string, language: Language): Recall {
  const told: string[] = [];
  const asked: string[] = [];
  for (const m of history) {
    if (m.role === 'user') told.push(...extractFacts(m.text, language));
    else asked.push(...questionsIn(m.text));
  }
  // A fact told twice is one fact; the newest wording of a kind ("Name: …") wins.
  const byKind = new Map<string, string>();
  for (const f of told) byKind.set(f.includes(':') ? f.slice(0, f.indexOf(':')) : f.toLowerCase(), f);
  const before = user ? toldBefore(history, user, language) : undefined;
  return {
    told: [...byKind.values()].slice(-TOLD_IN_VIEW),
    asked: [...new Set(asked)].slice(-ASKED_IN_VIEW),
    wantsAdvice: asksForAdvice(user, language),
    ...(before ? { toldBefore: before } : {}),
  };
}

/**
 * How often a reply says the person's name: in one reply of this many. Told "say it now and then",
 * the 1.5B model said a name once, on the turn it was told, and never again (issue 11); every
 * reply would sound like a salesman.
 */
const NAME_EVERY = 3;

/** The name as a stem, so «Марину» and «Марине» count as saying «Марина». */
const nameStem = (name: string): string => foldForCompare(name).slice(0, Math.max(3, name.length - 1));

/** The text says the name (in any case ending). */
export function saysName(text: string, name: string): boolean {
  return foldForCompare(text).includes(nameStem(name));
}

/**
 * The person's name, when this reply should say it: they told it (in these words or before) and
 * none of Lumio's last NAME_EVERY - 1 replies said it. The reply editor adds it where the model
 * leaves it out (reply-editor.ts).
 */
export function nameToSay(history: ChatMessage[], user: string, language: Language): string | undefined {
  let name: string | undefined;
  for (const text of [...history.filter((m) => m.role === 'user').map((m) => m.text), user]) {
    const told = extractFacts(text, language).find((f) => f.startsWith(NAME_FACT[language]));
    if (told) name = told.slice(NAME_FACT[language].length);
  }
  if (!name) return undefined;
  const recent = history.filter((m) => m.role === 'assistant').slice(-(NAME_EVERY - 1));
  return recent.some((m) => saysName(m.text, name)) ? undefined : name;
}
