import type { Language } from '../../shared/domain.js';
import type { ChatMessage } from '../engines.js';
import { extractFacts } from '../memory/facts.js';
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
  return {
    told: [...byKind.values()].slice(-TOLD_IN_VIEW),
    asked: [...new Set(asked)].slice(-ASKED_IN_VIEW),
    wantsAdvice: asksForAdvice(user, language),
  };
}
