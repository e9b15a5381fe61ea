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
  /** Fold when the window (system prompt, turns shown, and `reserve` for the new turn) would pass this many tokens. */
  high: number;
  /** …down to this many. */
  low: number;
  /** Room counted for a new turn and its reply when deciding to fold. A constant, not the new turn's real size: see planWindow. */
  reserve: number;
  /** The context itself: a new turn too long for the window as planned folds further, so that it fits at all. */
  hard: number;
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
 *
 * Whether turn k folded is decided from what was known before it — the past turns' stored sizes and
 * a constant reserve — never from the new turn's own estimate (its note grows by the fold summary,
 * its reply is shorter than the room kept for it). Replayed a turn later, with turn k's real size
 * known, the same folds therefore come out at the same turns, and the cache matches the window.
 * Only a new turn too long for the context folds further (`hard`); replay cannot know that, and the
 * next turn then reads its window again, once.
 */
export function planWindow(systemTokens: number, turnTokens: number[], newTurnTokens: number, limits: WindowLimits): WindowPlan {
  const n = turnTokens.length;
  const first = n > 0 ? (turnTokens[0] as number) : 0;
  const shownSum = (from: number, to: number): number => {
    let sum = systemTokens + first;
    for (let i = from; i < to; i++) sum += turnTokens[i] as number;
    return sum;
  };
  let start = 1;
  let fold: WindowPlan['fold'] = null;
  let previousStart = 1;
  for (let k = 1; k <= n; k++) {
    const from = start;
    let sum = shownSum(start, k) + limits.reserve;
    if (sum > limits.high) {
      while (start < k && sum > limits.low) {
        sum -= turnTokens[start] as number;
        start++;
      }
    }
    if (k === n) {
      previousStart = from;
      // The new turn as it really is must fit the context.
      let real = shownSum(start, n) + newTurnTokens;
      while (start < n && real > limits.hard) {
        real -= turnTokens[start] as number;
        start++;
      }
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
