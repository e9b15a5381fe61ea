import type { Mood, StoredTurn, Tone, Voice } from '../../shared/domain.js';
import { spokenPart } from '../../shared/domain.js';
import type { ChatMessage } from '../engines.js';
import type { MemoryContext } from '../conversation/turn.js';
import type { WorkerTurnContext, WorkerTurnResult } from '../engine/protocol.js';
import { extractFacts, summarizeConversation } from '../memory/facts.js';
import type { LumioStore } from '../store/history.js';

/**
 * What the host does around a turn, on its own side of the worker: read the conversation from the
 * store before it, save the turn after it, and learn from it. The engine never touches the
 * database, so a crash of the worker loses nothing already saved.
 */

const VOICE_BASELINE_KEY = 'voice-baseline';
/** More turns than any context holds: the chat model's window folds what it cannot show. */
const PROMPT_TURNS = 400;

/**
 * The conversation for the chat model: every turn with the note it was answered with, the memory
 * of other conversations (frozen for this one, so the system prompt never changes mid-way and the
 * model's cache stays valid), and the language of its first turn.
 */
export function turnContext(store: LumioStore, conversationId: string, memoryEnabled: boolean, frozen?: MemoryContext): WorkerTurnContext {
  const turns = store.promptTurns(conversationId, PROMPT_TURNS);
  const history: ChatMessage[] = [];
  for (const t of turns) {
    history.push({ role: 'user', text: t.userText, ...(t.note ? { note: t.note } : {}) }, { role: 'assistant', text: t.replyText });
  }
  const voiceBaseline = store.kvGet(VOICE_BASELINE_KEY);
  return {
    history,
    ...(memoryEnabled ? { memory: frozen ?? memoryOf(store, conversationId) } : {}),
    ...(turns[0] ? { conversationLanguage: turns[0].language } : {}),
    ...(voiceBaseline === undefined ? {} : { voiceBaseline }),
  };
}

/**
 * Facts and summaries from the person's other conversations: what Lumio may bring up here. Only
 * what existed when this conversation began (the host also keeps the first answer for the
 * conversation's life), so the system prompt stays the same all through it.
 */
export function memoryOf(store: LumioStore, conversationId: string): MemoryContext {
  const began = store.getConversation(conversationId)?.startedAt;
  const before = (at: string) => began === undefined || at < began;
  const facts = store
    .listFacts()
    .filter((f) => f.conversationId !== conversationId && before(f.createdAt))
    .map((f) => f.text)
    .slice(-20);
  const summaries = store
    .listSummaries(20)
    .filter((s) => s.conversationId !== conversationId && before(s.updatedAt))
    .map((s) => s.text)
    .slice(0, 3);
  return { facts, summaries };
}

/**
 * What an interrupted reply leaves behind: only what the person heard. The UI reports how many
 * characters it played; without that (the CLI), the sentences whose audio was produced.
 */
export function keptReplyText(result: WorkerTurnResult, spokenChars: number | null): string {
  if (!result.interrupted) return result.replyText;
  if (spokenChars !== null) return spokenPart(result.replyText, spokenChars);
  return result.spokenSentences.join(' ').trim();
}

export interface SavedTurnInput {
  turnId: string;
  conversationId: string;
  tone: Tone;
  voice: Voice;
  result: WorkerTurnResult;
  /** Characters the person heard before stopping the reply, when they stopped it. */
  spokenChars: number | null;
}

/** Saves the turn under its own id (a stop that arrives later finds it) and the updated voice baseline. */
export function saveTurn(store: LumioStore, input: SavedTurnInput): StoredTurn {
  const { result } = input;
  const stored = store.appendTurn({
    id: input.turnId,
    conversationId: input.conversationId,
    userText: result.transcript.text,
    replyText: keptReplyText(result, input.spokenChars),
    language: result.transcript.language,
    tone: input.tone,
    voice: input.voice,
    mood: result.mood,
    timings: result.timings,
    interrupted: result.interrupted,
    crisis: result.crisis !== null,
    promptNote: result.note,
  });
  if (result.voiceBaseline !== undefined) store.kvSet(VOICE_BASELINE_KEY, result.voiceBaseline);
  return stored;
}

/** Facts the person told and a running summary of this conversation, for the next conversations. */
export function remember(store: LumioStore, conversationId: string, result: WorkerTurnResult): void {
  const known = new Set(store.listFacts().map((f) => f.text.toLowerCase()));
  for (const fact of extractFacts(result.transcript.text, result.transcript.language)) {
    if (!known.has(fact.toLowerCase())) store.addFact(fact, conversationId);
  }
  const turns = store.getTurns(conversationId);
  const summary = summarizeConversation(turns, result.transcript.language);
  if (summary) store.upsertSummary(conversationId, summary);
}

/** The chat model's second opinion arrived after the turn was saved: the stored mood follows it. */
export function refineStoredMood(store: LumioStore, turnId: string, mood: Mood): boolean {
  return store.setTurnMood(turnId, mood);
}
