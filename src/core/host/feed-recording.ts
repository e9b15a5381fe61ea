import type { TurnOptions } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import type { CommandName, CommandRequest, CommandResult } from '../../shared/ipc.js';

/**
 * Drives a spoken turn through the same session commands the app's renderer sends (turn.begin →
 * turn.audio… → turn.end), from a recording already in memory. The CLI and the benchmark use it;
 * with `pace: 'realtime'` the blocks go out as a microphone would deliver them, so recognition
 * and the chat model's reading happen during the "speech" exactly as they do in the app.
 */
export type Handle = <C extends CommandName>(command: C, request: CommandRequest<C>) => Promise<CommandResult<C>>;

export interface FeedOptions {
  turnId: string;
  /** Mono samples at `sampleRate` (any rate: the core resamples, as it does for a microphone). */
  samples: Float32Array;
  sampleRate: number;
  options?: TurnOptions;
  pace: 'realtime' | 'fast';
  /** Audio per block; the app's recorder sends about 100 ms. */
  blockMs?: number;
}

function unwrap<C extends CommandName>(result: CommandResult<C>): void {
  if (!result.ok) throw LumioError.fromPayload(result.error);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Returns performance.now() at the end of speech (when turn.end was sent). */
export async function feedRecording(handle: Handle, o: FeedOptions): Promise<number> {
  unwrap(await handle('turn.begin', { turnId: o.turnId, sampleRate: o.sampleRate, options: o.options ?? {} }));
  const block = Math.max(1, Math.round(((o.blockMs ?? 100) / 1000) * o.sampleRate));
  const started = performance.now();
  for (let at = 0, seq = 0; at < o.samples.length; at += block, seq++) {
    const part = o.samples.slice(at, Math.min(o.samples.length, at + block));
    if (o.pace === 'realtime') {
      // Wait until the microphone would have captured this block.
      const due = started + ((at + part.length) / o.sampleRate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    unwrap(await handle('turn.audio', { turnId: o.turnId, seq, pcm: part.buffer }));
  }
  const endedAt = performance.now();
  unwrap(await handle('turn.end', { turnId: o.turnId }));
  return endedAt;
}
