import type { Language } from '../../shared/domain.js';
import type { ChatMessage } from '../engines.js';
import { extractFacts, NAME_FACT } from '../memory/facts.js';
import { foldForCompare, questionsIn } from '../text/sentences.js';
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
 * A word cut to a stem short enough that "named" meets "name", "dog's" meets "dog", and in Russian,
 * whose endings are longer, "кота" meets "кот" and "свадьбу" meets "свадьба".
 */
function stem(word: string, language: Language): string {
  if (language === 'en') {
    const base = word.replace(/'s$/, '').replace(/(?<=...)s$/, '');
    return base.slice(0, 4);
  }
  if (word.length <= 3) return word;
  return word.length === 4 ? word.slice(0, 3) : word.slice(0, 5);
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

function asksBack(text: string, language: Language): boolean {
  const t = padded(text);
  return words[language].askBack.some((p) => t.includes(p));
}

type AnswerKind = { ask: string[]; words: string[] };

/**
 * The kinds of answer a question asks for ("what day…" asks for a day): an earlier turn holding a
 * word of that kind is likelier the one meant, though it shares no word with the question.
 */
function kindsAsked(text: string, language: Language): AnswerKind[] {
  const t = padded(text);
  return Object.values(words[language].answerKinds as Record<string, AnswerKind>).filter((kind) => kind.ask.some((p) => t.includes(p)));
}

/** A word of that kind in the text; a number in digits is a time or a number. */
function holdsKind(text: string, kind: AnswerKind, language: Language): boolean {
  const { time, number } = words[language].answerKinds;
  if ((kind === time || kind === number) && /\d/.test(text)) return true;
  return (foldForCompare(text).match(WORD) ?? []).some((w) => kind.words.some((start) => w.startsWith(start)));
}

/**
 * The person's earlier turn this one asks back about: the one sharing the rarest words with it
 * (a word in many turns says little about which one is meant) or holding the kind of answer it
 * asks for (a day, a time, a number), the latest on a tie. None when the
 * turn does not ask back or shares no word with any earlier turn.
 */
export function toldBefore(history: ChatMessage[], user: string, language: Language): string | undefined {
  if (!asksBack(user, language)) return undefined;
  const wanted = matchStems(user, language);
  const kinds = kindsAsked(user, language);
  if (!wanted.size && !kinds.length) return undefined;
  const earlier = history.filter((m) => m.role === 'user' && !asksBack(m.text, language)).map((m) => ({ text: m.text, stems: matchStems(m.text, language) }));
  const turnsWith = new Map<string, number>();
  for (const t of earlier) for (const s of t.stems) if (wanted.has(s)) turnsWith.set(s, (turnsWith.get(s) ?? 0) + 1);
  let best: { text: string; score: number } | undefined;
  for (const t of earlier) {
    let score = 0;
    for (const s of t.stems) if (wanted.has(s)) score += 1 / turnsWith.get(s)!;
    // A word of the kind asked for counts as much as one shared word found in no other turn.
    if (kinds.some((k) => holdsKind(t.text, k, language))) score += 1;
    if (score > 0 && (!best || score >= best.score)) best = { text: t.text, score };
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
}

export function recallAnswer(told: string, question: string, language: Language): RecallAnswer | undefined {
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
