import type { Crisis, Mood, Timings, TurnEvent } from '../../../shared/domain.js';
import { spokenPart } from '../../../shared/domain.js';
import type { LumioErrorPayload } from '../../../shared/errors.js';

/**
 * What the Talk screen shows, folded from the core's turn events. Pure, so the order rules
 * (a token before its transcript, a late event of an aborted turn) are tested without a browser.
 */
export interface TalkTurn {
  turnId: string;
  userText: string | null;
  /** The words recognised so far while the key is held (replaced by the transcript at the end). */
  heardText: string | null;
  /** Talk key released → first reply audio handed to the player, measured in this window. */
  waitedMs: number | null;
  replyText: string;
  /** Sentence texts by index, to count how many characters were really spoken on interrupt. */
  sentences: string[];
  mood: Mood | null;
  crisis: Crisis | null;
  done: boolean;
  interrupted: boolean;
  error: LumioErrorPayload | null;
  /** The reply is whole as text but was not spoken (no voice for its language, a broken voice). */
  speechError: LumioErrorPayload | null;
  timings: Timings | null;
  audioChunks: number;
}

export interface Conversation {
  conversationId: string | null;
  turns: TalkTurn[];
}

export const EMPTY_CONVERSATION: Conversation = { conversationId: null, turns: [] };

export function newTurn(turnId: string): TalkTurn {
  return {
    turnId,
    userText: null,
    heardText: null,
    waitedMs: null,
    replyText: '',
    sentences: [],
    mood: null,
    crisis: null,
    done: false,
    interrupted: false,
    error: null,
    speechError: null,
    timings: null,
    audioChunks: 0,
  };
}

function update(state: Conversation, turnId: string, change: (t: TalkTurn) => TalkTurn): Conversation {
  let found = false;
  const turns = state.turns.map((t) => {
    if (t.turnId !== turnId) return t;
    found = true;
    return change(t);
  });
  // Events of a turn this screen never started (another window, an old session) are ignored.
  return found ? { ...state, turns } : state;
}

export function applyTurnEvent(state: Conversation, event: TurnEvent): Conversation {
  switch (event.type) {
    case 'turn.started':
      return { ...update(state, event.turnId, (t) => t), conversationId: event.conversationId };
    case 'turn.heard':
      return update(state, event.turnId, (t) => (t.userText === null ? { ...t, heardText: event.text } : t));
    case 'turn.transcript':
      return update(state, event.turnId, (t) => ({ ...t, userText: event.transcript.text, heardText: null }));
    case 'turn.mood':
      return update(state, event.turnId, (t) => ({ ...t, mood: event.mood }));
    case 'turn.crisis':
      return update(state, event.turnId, (t) => ({ ...t, crisis: event.crisis }));
    case 'turn.token':
      return update(state, event.turnId, (t) => (t.done ? t : { ...t, replyText: t.replyText + event.text }));
    case 'turn.sentence':
      return update(state, event.turnId, (t) => {
        const sentences = t.sentences.slice();
        sentences[event.index] = event.text;
        return { ...t, sentences };
      });
    case 'turn.audio':
      return update(state, event.turnId, (t) => ({ ...t, audioChunks: t.audioChunks + 1 }));
    case 'turn.done':
      return {
        ...update(state, event.turnId, (t) => ({
          ...t,
          done: true,
          // The stored reply is what counts (after an interrupt it is only what was spoken).
          replyText: event.replyText,
          interrupted: event.interrupted || t.interrupted,
          timings: event.timings,
          speechError: event.speechError ?? null,
        })),
        conversationId: event.conversationId,
      };
    case 'turn.error':
      return update(state, event.turnId, (t) => ({ ...t, done: true, error: event.error }));
    default:
      return state;
  }
}

export function startTurn(state: Conversation, turnId: string): Conversation {
  return { ...state, turns: [...state.turns, newTurn(turnId)] };
}

/** A recording dropped before it became a turn (too short to hold a word). */
export function dropTurn(state: Conversation, turnId: string): Conversation {
  return { ...state, turns: state.turns.filter((t) => t.turnId !== turnId) };
}

/**
 * A call for this turn failed (no turn.error event will come). Refused before it started
 * (ENGINE_BUSY, models missing, the history not writable), it has nothing to show, and its bubble
 * goes: the error is said once, in the Talk screen's alert, not beside an empty "…". One that already
 * shows the person's words keeps them and ends with the error, so no reply is left waiting "…".
 */
export function failTurn(state: Conversation, turnId: string, error: LumioErrorPayload): Conversation {
  const turn = state.turns.find((t) => t.turnId === turnId);
  if (!turn) return state;
  if (turn.userText === null && turn.replyText === '') return dropTurn(state, turnId);
  return update(state, turnId, (t) => ({ ...t, done: true, error }));
}

/** The first reply audio reached the player this long after the talk key came up. */
export function markWaited(state: Conversation, turnId: string, waitedMs: number): Conversation {
  return update(state, turnId, (t) => (t.waitedMs === null ? { ...t, waitedMs } : t));
}

/**
 * The person stopped the reply. If the engine had already finished (its audio was still playing),
 * no later event will bring the stored text, so the reply on screen is cut here the same way the
 * core cuts the saved one (keepSpokenPart): to the characters that were heard.
 */
export function markInterrupted(state: Conversation, turnId: string, spokenChars?: number): Conversation {
  return update(state, turnId, (t) => ({
    ...t,
    interrupted: true,
    ...(t.done && spokenChars !== undefined ? { replyText: spokenPart(t.replyText, spokenChars) } : {}),
  }));
}

/** Characters of the reply that were spoken: whole sentences already played, plus the played share of the current one. */
export function spokenCharacters(sentences: readonly string[], playedFractionByIndex: ReadonlyMap<number, number>): number {
  let chars = 0;
  sentences.forEach((text, index) => {
    const fraction = playedFractionByIndex.get(index) ?? 0;
    chars += Math.round(text.length * Math.min(1, Math.max(0, fraction)));
  });
  return chars;
}
