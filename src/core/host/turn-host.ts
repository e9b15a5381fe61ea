import { randomUUID } from 'node:crypto';
import type { LanguageSetting, StoredTurn, Tone, TurnEvent, Voice } from '../../shared/domain.js';
import { spokenPart } from '../../shared/domain.js';
import { toLumioError } from '../../shared/errors.js';
import type { ChatMessage } from '../engines.js';
import type { EngineSupervisor } from '../engine/supervisor.js';
import type { WorkerTurnResult } from '../engine/protocol.js';
import { extractFacts, summarizeConversation } from '../memory/facts.js';
import type { LumioStore } from '../store/history.js';

/** How many past turns go to the model verbatim (it trims further if its context is small). */
const HISTORY_TURNS = 12;
const VOICE_BASELINE_KEY = 'voice-baseline';

export interface HostTurnInput {
  turnId?: string;
  conversationId?: string;
  /** 16 kHz mono; handed to the engine and not kept. Empty for a typed message. */
  samples: Float32Array;
  /** A typed message instead of speech. */
  text?: string;
  tone: Tone;
  voice: Voice;
  language: LanguageSetting;
  memoryEnabled: boolean;
  mode?: 'streaming' | 'sequential';
  speak?: boolean;
}

export interface HostTurnOutcome {
  turnId: string;
  conversationId: string;
  result: WorkerTurnResult | null;
  stored: StoredTurn | null;
}

/** A running turn, so the host can stop it and know how much of the reply was heard. */
export class TurnHandle {
  requestId: number | null = null;
  spokenChars: number | null = null;
  abortRequested = false;

  constructor(
    readonly turnId: string,
    private readonly supervisor: EngineSupervisor,
  ) {}

  abort(spokenChars?: number): void {
    this.abortRequested = true;
    if (spokenChars !== undefined) this.spokenChars = spokenChars;
    if (this.requestId !== null) this.supervisor.abort(this.requestId);
  }
}

export function historyFromTurns(turns: StoredTurn[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const t of turns) {
    if (t.userText) messages.push({ role: 'user', text: t.userText });
    if (t.replyText) messages.push({ role: 'assistant', text: t.replyText });
  }
  return messages;
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

/**
 * One turn as the host runs it: context from the store → engine worker → save. The engine never
 * touches the database; a crash of the worker fails the turn with a clear error and loses
 * nothing already saved.
 */
export async function runHostTurn(
  deps: { store: LumioStore; supervisor: EngineSupervisor },
  input: HostTurnInput,
  emit: (event: TurnEvent) => void,
  handle: TurnHandle = new TurnHandle(input.turnId ?? randomUUID(), deps.supervisor),
): Promise<HostTurnOutcome> {
  const { store, supervisor } = deps;
  const turnId = handle.turnId;
  // The conversation row is created with the first saved turn, so a turn that fails (no speech,
  // an engine crash) leaves no empty conversation behind in the history.
  const conversationId = input.conversationId ?? randomUUID();
  try {
    const history = historyFromTurns(store.recentTurns(conversationId, HISTORY_TURNS));
    const memory = input.memoryEnabled ? memoryContext(store, conversationId) : undefined;
    let done: TurnEvent | null = null;
    const result = await supervisor.turn(
      {
        turnId,
        conversationId,
        samples: input.samples,
        ...(input.text === undefined ? {} : { text: input.text }),
        tone: input.tone,
        voice: input.voice,
        language: input.language,
        history,
        ...(memory ? { memory } : {}),
        ...(input.mode ? { mode: input.mode } : {}),
        ...(input.speak === undefined ? {} : { speak: input.speak }),
        voiceBaseline: store.kvGet(VOICE_BASELINE_KEY),
      },
      (event) => {
        // 'done' waits until the turn is saved, so a UI that refreshes history on it sees the turn.
        if (event.type === 'turn.done') done = event;
        else emit(event);
      },
      (requestId) => {
        handle.requestId = requestId;
        if (handle.abortRequested) supervisor.abort(requestId);
      },
    );
    const replyText = keptReplyText(result, handle.spokenChars);
    const stored = store.appendTurn({
      // Saved under the turn's own id, so a stop that arrives after saving finds it (keepSpokenPart).
      id: turnId,
      conversationId,
      userText: result.transcript.text,
      replyText,
      language: result.transcript.language,
      tone: input.tone,
      voice: input.voice,
      mood: result.mood,
      timings: result.timings,
      interrupted: result.interrupted,
      crisis: result.crisis !== null,
    });
    if (result.voiceBaseline !== undefined) store.kvSet(VOICE_BASELINE_KEY, result.voiceBaseline);
    if (input.memoryEnabled) remember(store, conversationId, result);
    const doneEvent = done as TurnEvent | null;
    emit(
      doneEvent && doneEvent.type === 'turn.done'
        ? { ...doneEvent, replyText, conversationId }
        : {
            type: 'turn.done', turnId, conversationId, replyText, interrupted: result.interrupted, timings: result.timings,
            ...(result.speechError ? { speechError: result.speechError } : {}),
          },
    );
    return { turnId, conversationId, result: { ...result, replyText }, stored };
  } catch (e) {
    emit({ type: 'turn.error', turnId, error: toLumioError(e).toPayload() });
    return { turnId, conversationId, result: null, stored: null };
  }
}

function memoryContext(store: LumioStore, conversationId: string) {
  const facts = store.listFacts().map((f) => f.text).slice(-20);
  const summaries = store
    .listSummaries(6)
    .filter((s) => s.conversationId !== conversationId)
    .map((s) => s.text)
    .slice(0, 3);
  const own = store.getSummary(conversationId)?.text;
  return own ? { facts, summaries, conversationSummary: own } : { facts, summaries };
}

/** Facts the person told and a running summary of this conversation, for the next conversations. */
function remember(store: LumioStore, conversationId: string, result: WorkerTurnResult): void {
  const known = new Set(store.listFacts().map((f) => f.text.toLowerCase()));
  for (const fact of extractFacts(result.transcript.text, result.transcript.language)) {
    if (!known.has(fact.toLowerCase())) store.addFact(fact, conversationId);
  }
  const turns = store.getTurns(conversationId);
  const summary = summarizeConversation(turns, result.transcript.language);
  if (summary) store.upsertSummary(conversationId, summary);
}
