import { randomUUID } from 'node:crypto';
import {
  type ConversationSummary,
  type MemoryFact,
  type MemorySummary,
  MoodSchema,
  type SearchHit,
  type Settings,
  type StoredTurn,
  StoredTurnSchema,
  spokenPart,
  TimingsSchema,
} from '../../shared/domain.js';
import { z } from 'zod';
import { LumioError } from '../../shared/errors.js';
import { checkpointTruncate, guarded, type LumioDatabase, openDatabase, type OpenDatabaseOptions } from './db.js';
import { kvDelete, kvGet, kvSet } from './kv.js';
import * as memory from './memory.js';
import { ftsQuery } from './search-query.js';
import { patchSettings, readSettings } from './settings.js';
import { wipeAll, type WipeOptions, type WipeResult } from './wipe.js';

/** What the host hands over after a turn; id and time are filled in when absent. */
export type NewTurn = Omit<StoredTurn, 'id' | 'createdAt'> & { id?: string; createdAt?: string; promptNote?: string };

const NewTurnSchema = StoredTurnSchema.extend({
  id: StoredTurnSchema.shape.id.min(1).max(64).optional(),
  createdAt: StoredTurnSchema.shape.createdAt.optional(),
  promptNote: z.string().max(8000).optional(),
});

/** A past turn as the chat model saw it: the words, the reply as kept, and the note before the words. */
export interface PromptTurn {
  userText: string;
  replyText: string;
  note: string;
  language: StoredTurn['language'];
}

interface TurnRow {
  id: string;
  conversation_id: string;
  created_at: string;
  user_text: string;
  reply_text: string;
  language: string;
  tone: string;
  voice: string;
  mood: string | null;
  timings: string;
  interrupted: number;
  crisis: number;
}
interface ConversationRow {
  id: string;
  title: string | null;
  started_at: string;
  updated_at: string;
  turn_count: number;
  first_text: string | null;
}

const TURN_COLUMNS = 'id, conversation_id, created_at, user_text, reply_text, language, tone, voice, mood, timings, interrupted, crisis';
// Untitled conversations (e.g. imported, or whose first turns had no words) take their title from
// the first thing the person said.
const CONVERSATION_SELECT = `SELECT c.id, c.title, c.started_at, c.updated_at,
  (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS turn_count,
  CASE WHEN c.title IS NULL THEN (SELECT t.user_text FROM turns t WHERE t.conversation_id = c.id AND t.user_text <> ''
    ORDER BY t.created_at, t.seq LIMIT 1) END AS first_text
  FROM conversations c`;

/** The first few words of what the person said, as a conversation's title. */
export function titleFromText(text: string, maxWords = 8, maxChars = 60): string {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, maxWords);
  let title = words.join(' ');
  if (title.length > maxChars) title = title.slice(0, maxChars - 1).trimEnd() + '…';
  else if (words.length === maxWords && text.trim().split(/\s+/).length > maxWords) title += '…';
  return title;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function toTurn(r: TurnRow): StoredTurn {
  // One odd row (hand-edited, older format) must not break the whole history view.
  const mood = MoodSchema.safeParse(parseJson(r.mood));
  const timings = TimingsSchema.safeParse(parseJson(r.timings));
  return {
    id: r.id,
    conversationId: r.conversation_id,
    createdAt: r.created_at,
    userText: r.user_text,
    replyText: r.reply_text,
    language: r.language as StoredTurn['language'],
    tone: r.tone as StoredTurn['tone'],
    voice: r.voice as StoredTurn['voice'],
    mood: mood.success ? mood.data : null,
    timings: timings.success ? timings.data : {},
    interrupted: r.interrupted === 1,
    crisis: r.crisis === 1,
  };
}

function toConversation(r: ConversationRow): ConversationSummary {
  // title is '' only while a conversation has no words yet; the UI shows its own placeholder then.
  return { id: r.id, title: r.title ?? titleFromText(r.first_text ?? ''), startedAt: r.started_at, updatedAt: r.updated_at, turnCount: r.turn_count };
}

export interface LumioStoreOptions extends OpenDatabaseOptions {
  /** Clock for timestamps (tests pin it). */
  now?: () => Date;
}

/**
 * Lumio's history, settings and memory on one SQLite connection. The host (main process or CLI)
 * owns it; the engine worker never writes, so a worker crash cannot damage the file.
 * Every method throws LumioError (DB_LOCKED, DB_READONLY, DISK_FULL, …), never a raw SqliteError.
 */
export class LumioStore {
  readonly db: LumioDatabase;
  readonly file: string;
  private readonly now: () => Date;

  static open(file: string, o: LumioStoreOptions = {}): LumioStore {
    return new LumioStore(openDatabase(file, o), { ...o, file });
  }

  constructor(db: LumioDatabase, o: { now?: () => Date; file?: string } = {}) {
    this.db = db;
    // Named explicitly: a read-only snapshot is an in-memory copy of a real file.
    this.file = o.file ?? db.name;
    this.now = o.now ?? (() => new Date());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private run<T>(fn: () => T): T {
    return guarded(this.file, fn);
  }

  // ── conversations ────────────────────────────────────────────────────────────────────────

  createConversation(title?: string | null, id: string = randomUUID()): ConversationSummary {
    return this.run(() => {
      const at = this.now().toISOString();
      const clean = title?.trim() ? title.trim().slice(0, 200) : null;
      this.db.prepare('INSERT INTO conversations(id, title, started_at, updated_at) VALUES (?, ?, ?, ?)').run(id, clean, at, at);
      return { id, title: clean ?? '', startedAt: at, updatedAt: at, turnCount: 0 };
    });
  }

  /** The conversation with this id (created if missing), or a new one when no id is given. */
  ensureConversation(id?: string): ConversationSummary {
    return this.run(() => {
      if (id === undefined) return this.createConversation();
      return this.getConversation(id) ?? this.createConversation(null, id);
    });
  }

  getConversation(id: string): ConversationSummary | null {
    return this.run(() => {
      const row = this.db.prepare(`${CONVERSATION_SELECT} WHERE c.id = ?`).get(id) as ConversationRow | undefined;
      return row ? toConversation(row) : null;
    });
  }

  /** Most recently active first. `before` is an updatedAt from a previous page. */
  listConversations(o: { limit?: number; before?: string } = {}): ConversationSummary[] {
    const limit = Math.max(1, Math.floor(o.limit ?? 100));
    return this.run(() => {
      const rows = (
        o.before === undefined
          ? this.db.prepare(`${CONVERSATION_SELECT} ORDER BY c.updated_at DESC, c.id LIMIT ?`).all(limit)
          : this.db.prepare(`${CONVERSATION_SELECT} WHERE c.updated_at < ? ORDER BY c.updated_at DESC, c.id LIMIT ?`).all(o.before, limit)
      ) as ConversationRow[];
      return rows.map(toConversation);
    });
  }

  /**
   * Deletes the conversation, its turns, its summary and their search-index entries, then
   * checkpoints the WAL so the old page images holding the text leave the disk too.
   * Memory facts from it stay (unlinked); the person deletes those separately.
   */
  deleteConversation(id: string): boolean {
    return this.run(() => {
      return this.forgetting(this.db.prepare('DELETE FROM conversations WHERE id = ?').run(id).changes > 0);
    });
  }

  // ── turns ────────────────────────────────────────────────────────────────────────────────

  /** Saves one turn; creates its conversation if needed and titles it from the first words. */
  appendTurn(input: NewTurn): StoredTurn {
    const parsed = NewTurnSchema.safeParse(input);
    if (!parsed.success) {
      throw new LumioError('INVALID_ARGUMENT', `Invalid turn: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const { promptNote, ...t } = parsed.data;
    const turn: StoredTurn = { ...t, id: t.id ?? randomUUID(), createdAt: t.createdAt ?? this.now().toISOString() };
    return this.run(() => {
      this.db
        .transaction(() => {
          this.db
            .prepare('INSERT INTO conversations(id, title, started_at, updated_at) VALUES (?, NULL, ?, ?) ON CONFLICT(id) DO NOTHING')
            .run(turn.conversationId, turn.createdAt, turn.createdAt);
          this.db
            .prepare(`INSERT INTO turns(${TURN_COLUMNS}, prompt_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
            .run(
              turn.id,
              turn.conversationId,
              turn.createdAt,
              turn.userText,
              turn.replyText,
              turn.language,
              turn.tone,
              turn.voice,
              turn.mood === null ? null : JSON.stringify(turn.mood),
              JSON.stringify(turn.timings),
              turn.interrupted ? 1 : 0,
              turn.crisis ? 1 : 0,
              promptNote ?? '',
            );
          const title = titleFromText(turn.userText);
          this.db
            .prepare(
              `UPDATE conversations SET updated_at = max(updated_at, ?),
               title = CASE WHEN title IS NULL AND ? <> '' THEN ? ELSE title END WHERE id = ?`,
            )
            .run(turn.createdAt, title, title, turn.conversationId);
        })
        .immediate();
      return turn;
    });
  }

  /**
   * The person stopped a reply after it was saved (its audio still playing): keep only the first
   * `spokenChars` characters, what they heard, and mark the turn interrupted. Returns the updated
   * turn, or null when there is no such turn or nothing was cut (everything had been heard).
   * Idempotent, so a late stop may be applied twice.
   */
  keepSpokenPart(turnId: string, spokenChars: number): StoredTurn | null {
    return this.run(() =>
      this.db
        .transaction(() => {
          const row = this.db.prepare(`SELECT ${TURN_COLUMNS} FROM turns WHERE id = ?`).get(turnId) as TurnRow | undefined;
          if (!row) return null;
          const kept = spokenPart(row.reply_text, spokenChars);
          if (kept === row.reply_text) return null;
          this.db.prepare('UPDATE turns SET reply_text = ?, interrupted = 1 WHERE id = ?').run(kept, turnId);
          return toTurn({ ...row, reply_text: kept, interrupted: 1 });
        })
        .immediate(),
    );
  }

  /** Replaces a saved turn's mood (a second opinion that came after the save). False when there is no such turn. */
  setTurnMood(turnId: string, mood: StoredTurn['mood']): boolean {
    const parsed = MoodSchema.nullable().parse(mood);
    return this.run(() => this.db.prepare('UPDATE turns SET mood = ? WHERE id = ?').run(parsed === null ? null : JSON.stringify(parsed), turnId).changes > 0);
  }

  /** All turns of a conversation, oldest first. */
  getTurns(conversationId: string): StoredTurn[] {
    return this.run(() =>
      (this.db.prepare(`SELECT ${TURN_COLUMNS} FROM turns WHERE conversation_id = ? ORDER BY created_at, seq`).all(conversationId) as TurnRow[]).map(toTurn),
    );
  }

  /** A conversation as the chat model read it, oldest first: its last `limit` turns with their prompt notes. */
  promptTurns(conversationId: string, limit = 1000): PromptTurn[] {
    return this.run(() => {
      const rows = this.db
        .prepare(
          `SELECT user_text, reply_text, prompt_note, language FROM turns WHERE conversation_id = ? ORDER BY created_at DESC, seq DESC LIMIT ?`,
        )
        .all(conversationId, Math.max(1, Math.floor(limit))) as Array<{ user_text: string; reply_text: string; prompt_note: string; language: string }>;
      return rows.reverse().map((r) => ({ userText: r.user_text, replyText: r.reply_text, note: r.prompt_note, language: r.language === 'ru' ? 'ru' : 'en' }));
    });
  }

  /** The last n turns of a conversation, oldest first. */
  recentTurns(conversationId: string, n: number): StoredTurn[] {
    if (n <= 0) return [];
    return this.run(() => {
      const rows = this.db
        .prepare(`SELECT ${TURN_COLUMNS} FROM turns WHERE conversation_id = ? ORDER BY created_at DESC, seq DESC LIMIT ?`)
        .all(conversationId, Math.floor(n)) as TurnRow[];
      return rows.reverse().map(toTurn);
    });
  }

  /**
   * Full-text search over what was said and answered, best match first. The person's words are
   * quoted term by term, so FTS syntax in them (quotes, *, NEAR, -, AND/OR) is just text; every
   * term must match, the last-typed ones as prefixes too ("прив" finds "привет").
   */
  searchTurns(query: string, limit = 50): SearchHit[] {
    const match = ftsQuery(query);
    if (match === null) return [];
    return this.run(() =>
      (
        this.db
          .prepare(
            `SELECT t.id, t.conversation_id, t.created_at, snippet(turns_fts, -1, '[', ']', '…', 12) AS snippet
             FROM turns_fts JOIN turns t ON t.seq = turns_fts.rowid
             WHERE turns_fts MATCH ? ORDER BY turns_fts.rank, t.created_at DESC LIMIT ?`,
          )
          .all(match, Math.max(1, Math.min(limit, 1000))) as Array<{ id: string; conversation_id: string; created_at: string; snippet: string }>
      ).map((r) => ({ turnId: r.id, conversationId: r.conversation_id, createdAt: r.created_at, snippet: r.snippet })),
    );
  }

  // ── settings ────────────────────────────────────────────────────────────────────────────

  getSettings(): Settings {
    return this.run(() => readSettings(this.db));
  }

  /** Throws INVALID_ARGUMENT (nothing written) when any field is invalid or unknown. */
  patchSettings(patch: unknown): Settings {
    return this.run(() => patchSettings(this.db, patch));
  }

  // ── memory ──────────────────────────────────────────────────────────────────────────────

  addFact(text: string, conversationId: string | null = null): MemoryFact {
    return this.run(() => memory.addFact(this.db, text, conversationId, this.now()));
  }
  listFacts(): MemoryFact[] {
    return this.run(() => memory.listFacts(this.db));
  }
  /** "Forget this": like deleteConversation, also flushes the WAL so the text leaves the disk. */
  deleteFact(id: string): boolean {
    return this.run(() => this.forgetting(memory.deleteFact(this.db, id)));
  }
  upsertSummary(conversationId: string, text: string): MemorySummary {
    return this.run(() => memory.upsertSummary(this.db, conversationId, text, this.now()));
  }
  getSummary(conversationId: string): MemorySummary | null {
    return this.run(() => memory.getSummary(this.db, conversationId));
  }
  listSummaries(limit?: number): MemorySummary[] {
    return this.run(() => memory.listSummaries(this.db, limit));
  }
  deleteSummary(id: string): boolean {
    return this.run(() => this.forgetting(memory.deleteSummary(this.db, id)));
  }

  private forgetting(changed: boolean): boolean {
    if (changed) checkpointTruncate(this.db);
    return changed;
  }

  // ── kv ──────────────────────────────────────────────────────────────────────────────────

  kvGet(key: string): unknown {
    return this.run(() => kvGet(this.db, key));
  }
  kvSet(key: string, value: unknown): void {
    this.run(() => kvSet(this.db, key, value));
  }
  kvDelete(key: string): boolean {
    return this.run(() => kvDelete(this.db, key));
  }

  // ── wipe ────────────────────────────────────────────────────────────────────────────────

  wipeAll(o?: WipeOptions): WipeResult {
    return this.run(() => wipeAll(this.db, o));
  }
}
