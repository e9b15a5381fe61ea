/**
 * Which turns of a conversation the chat model sees, decided so that what it has already read
 * stays read.
 *
 * The prompt is ordered stable → changing: the system prompt (persona, tone, memory), the first
 * turn, the later turns, then this turn's note (mood, voice, reply language) and the new words.
 * Everything before the new turn is then the same token sequence as in the previous turn's
 * context, so llama.cpp's cache already holds it and only the new turn is read.
 *
 * When the window would outgrow the context, it folds: the oldest turns after the first are
 * dropped (the first stays: greetings and names live there, and the system block it shares
 * with the system prompt stays byte-identical), and a short summary of everything dropped so
 * far rides in the note of the turn that caused the fold. The cache then loses only the dropped
 * range (llama-chat.ts erases it and shifts what follows), never the prefix.
 *
 * The plan is a pure function of the turns' token counts, so after a restart the same window is
 * rebuilt from the stored history (whose notes include the fold summaries).
 */

export interface WindowTurn {
  user: string;
  /** The system note that preceded the user's words when this turn was answered. */
  note?: string;
  reply: string;
}

export interface WindowLimits {
  /** Fold when the window (system prompt, turns, new turn and the reply's room) would pass this many tokens. */
  high: number;
  /** …down to this many. */
  low: number;
}

export interface WindowPlan {
  /** Turns shown: always turn 0, then turns from `start` on (start ≥ 1). */
  start: number;
  /** When this turn folds: the range of turns it drops, [from, to). Their summary goes into this turn's note. */
  fold: { from: number; to: number } | null;
  /** Window start before this turn (equal to `start` unless it folds). */
  previousStart: number;
}

/**
 * @param systemTokens tokens of the system prompt
 * @param turnTokens tokens of each past turn (user words, note and reply, with their markup)
 * @param newTurnTokens tokens of the new turn plus room for the reply
 */
export function planWindow(systemTokens: number, turnTokens: number[], newTurnTokens: number, limits: WindowLimits): WindowPlan {
  const n = turnTokens.length;
  const first = n > 0 ? (turnTokens[0] as number) : 0;
  let start = 1;
  let previousStart = 1;
  let fold: WindowPlan['fold'] = null;
  // Replays the conversation turn by turn: the same folds happen at the same turns every time.
  for (let k = 1; k <= n; k++) {
    const adding = k === n ? newTurnTokens : (turnTokens[k] as number);
    let sum = systemTokens + first + adding;
    for (let i = start; i < k; i++) sum += turnTokens[i] as number;
    if (sum <= limits.high) continue;
    const from = start;
    while (start < k && sum > limits.low) {
      sum -= turnTokens[start] as number;
      start++;
    }
    if (k === n) {
      previousStart = from;
      fold = start > from ? { from, to: start } : null;
    }
  }
  if (!fold) previousStart = start;
  return { start: Math.min(start, Math.max(1, n)), fold, previousStart: Math.min(previousStart, Math.max(1, n)) };
}

/** The turns a plan shows, in order. */
export function turnsInView<T>(turns: T[], plan: WindowPlan): T[] {
  if (turns.length === 0) return [];
  return [turns[0] as T, ...turns.slice(Math.max(1, plan.start))];
}
