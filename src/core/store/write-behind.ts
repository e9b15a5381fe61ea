import type { StoredTurn } from '../../shared/domain.js';
import type { LumioError } from '../../shared/errors.js';
import type { LumioDatabase } from './db.js';
import { describeStoreError } from './sqlite-errors.js';

/** One write of a turn's save (the turn itself, or what it taught Lumio), replayable later. */
export interface DeferredWrite {
  conversationId: string;
  /** Set for the turn itself, so reads can show it while it waits and a late stop can trim it. */
  turn: StoredTurn | null;
  /** The turn's prompt note (what the chat model read before its words), for the next turn's context. */
  note?: string;
  apply(db: LumioDatabase): void;
}

/** Retry delays after a lock: 1 s, 2 s, 4 s … then every 30 s. */
const RETRY_MS = [1000, 2000, 4000, 8000, 16000, 30000];
/** A retry waits only briefly for the lock: in the app it runs on main's thread. */
const RETRY_BUSY_MS = 100;

/**
 * When another program holds the history locked past the busy timeout, what the person just said
 * must not be lost: the turn's writes wait here, in order, and are retried with backoff until the
 * lock lets go. Writes that come while others wait queue behind them, so a memory fact is never
 * saved before the turn it came from.
 */
export class WriteBehind {
  private queue: DeferredWrite[] = [];
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;

  constructor(private readonly o: { db: () => LumioDatabase; file: string; writable: () => boolean; onChange: () => void }) {}

  /** Turns waiting to be saved, oldest first. */
  get turns(): StoredTurn[] {
    return this.queue.flatMap((w) => (w.turn ? [w.turn] : []));
  }

  /** The prompt note of a waiting turn ('' when none). */
  noteOf(turnId: string): string {
    return this.queue.find((w) => w.turn?.id === turnId)?.note ?? '';
  }

  get size(): number {
    return this.queue.length;
  }

  /** Writes now, or keeps the write for later when the history is locked. True when written now. */
  write(w: DeferredWrite): boolean {
    if (this.queue.length === 0) {
      try {
        w.apply(this.o.db());
        return true;
      } catch (e) {
        const error = describeStoreError(e, this.o.file);
        if (!retryable(error)) throw error;
      }
    }
    this.queue.push(w);
    this.o.onChange();
    this.schedule();
    return false;
  }

  /**
   * Tries every waiting write, in order, each waiting at most `busyMs` for the lock. Stops at the
   * first that is still locked out. Returns true when nothing waits any more.
   */
  flush(busyMs = RETRY_BUSY_MS): boolean {
    if (this.queue.length === 0) return true;
    // A damaged or read-only history gets nothing; the writes wait for a fresh one (or for close).
    if (!this.o.writable()) return false;
    const db = this.o.db();
    const previous = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyMs))}`);
    const before = this.queue.length;
    try {
      while (this.queue.length > 0) {
        try {
          this.queue[0]!.apply(db);
        } catch (e) {
          const error = describeStoreError(e, this.o.file);
          if (retryable(error)) break;
          // A write that can never succeed (its row was deleted meanwhile…) must not block the rest.
        }
        this.queue.shift();
      }
    } finally {
      db.pragma(`busy_timeout = ${previous}`);
    }
    if (this.queue.length !== before) this.o.onChange();
    if (this.queue.length === 0) {
      this.attempt = 0;
      this.clearTimer();
      return true;
    }
    this.schedule();
    return false;
  }

  /** Forgets waiting writes of one conversation (it was deleted) or of all (history wiped). */
  drop(conversationId?: string): void {
    const before = this.queue.length;
    this.queue = conversationId === undefined ? [] : this.queue.filter((w) => w.conversationId !== conversationId);
    if (this.queue.length !== before) this.o.onChange();
    if (this.queue.length === 0) this.clearTimer();
  }

  /** Takes what still waits (at close, to keep it in a file) and stops retrying. */
  takeAll(): DeferredWrite[] {
    const all = this.queue;
    this.queue = [];
    this.clearTimer();
    return all;
  }

  stop(): void {
    this.clearTimer();
  }

  private schedule(): void {
    if (this.timer) return;
    const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)]!;
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch {
        this.schedule();
      }
    }, delay);
    // The retry must not keep a finished CLI command alive; close() saves or keeps what is left.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Another program's lock lets go by itself, so the write waits instead of failing. */
function retryable(e: LumioError): boolean {
  return e.code === 'DB_LOCKED';
}
