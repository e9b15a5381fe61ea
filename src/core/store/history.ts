import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  type ConversationSummary,
  DEFAULT_SETTINGS,
  type MemoryFact,
  type MemorySummary,
  MoodSchema,
  type SearchHit,
  type Settings,
  type StoredTurn,
  StoredTurnSchema,
  spokenPart,
} from '../../shared/domain.js';
import { z } from 'zod';
import { LumioError } from '../../shared/errors.js';
import { writeFileAtomic } from '../atomic-write.js';
import { checkpointTruncate, type LumioDatabase, openDatabase, type OpenDatabaseOptions } from './db.js';
import { LumioExportSchema, type LumioExport } from './export-schema.js';
import { type BackgroundCheck, startBackgroundCheck } from './integrity.js';
import { kvDelete, kvGet, kvSet } from './kv.js';
import * as memory from './memory.js';
import { salvageHistory, type Salvage } from './salvage.js';
import { ftsQuery } from './search-query.js';
import { toTurn, TURN_COLUMNS, type TurnRow } from './turn-rows.js';
import { patchSettings, readSettings, readSettingsReport, type SettingsReport } from './settings.js';
import { damagedError, describeStoreError } from './sqlite-errors.js';
import { wipeAll, type WipeOptions, type WipeResult } from './wipe.js';
import { WriteBehind } from './write-behind.js';

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

interface ConversationRow {
  id: string;
  title: string | null;
  started_at: string;
  updated_at: string;
  turn_count: number;
  first_text: string | null;
}

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

function toConversation(r: ConversationRow): ConversationSummary {
  // title is '' only while a conversation has no words yet; the UI shows its own placeholder then.
  return { id: r.id, title: r.title ?? titleFromText(r.first_text ?? ''), startedAt: r.started_at, updatedAt: r.updated_at, turnCount: r.turn_count };
}

export interface LumioStoreOptions extends OpenDatabaseOptions {
  /** Clock for timestamps (tests pin it). */
  now?: () => Date;
}

/**
 * `ok`: read and written. `read-only`: the folder or disk refuses writes (or is full); reads work.
 * `damaged`: failed its integrity check; the connection is read-only, nothing is written to it.
 * `unavailable`: could not be opened at all; an empty in-memory stand-in answers reads.
 */
export type StoreState = 'ok' | 'read-only' | 'damaged' | 'unavailable';
export interface StoreHealth {
  state: StoreState;
  problem?: LumioError;
}

/** Turns that waited for a lock when Lumio closed; imported at the next open, then removed. */
export function unsavedTurnsFile(databaseFile: string): string {
  return path.join(path.dirname(databaseFile), 'unsaved-turns.json');
}

/**
 * Lumio's history, settings and memory on one SQLite connection. The host (main process or CLI)
 * owns it; the engine worker never writes, so a worker crash cannot damage the file.
 * Every method throws LumioError (DB_LOCKED, DB_READONLY, DB_DAMAGED, DISK_FULL, …), never a raw
 * SqliteError, and writes nothing unless `health.state` is `ok`.
 */
export class LumioStore {
  readonly file: string;
  private conn: LumioDatabase;
  private readonly now: () => Date;
  private healthNow: StoreHealth;
  private readonly listeners = new Set<() => void>();
  private settingsCache: Settings | null = null;
  private salvageCache: Salvage | null = null;
  private readonly writeBehind: WriteBehind;
  private background: BackgroundCheck | null = null;

  static open(file: string, o: LumioStoreOptions = {}): LumioStore {
    return new LumioStore(openDatabase(file, o), { ...o, file });
  }

  constructor(db: LumioDatabase, o: { now?: () => Date; file?: string; health?: StoreHealth } = {}) {
    this.conn = db;
    // Named explicitly: a read-only snapshot is an in-memory copy of a real file.
    this.file = o.file ?? db.name;
    this.now = o.now ?? (() => new Date());
    this.healthNow = o.health ?? (db.readonly ? { state: 'read-only', problem: readOnlyProblem(this.file) } : { state: 'ok' });
    this.writeBehind = new WriteBehind({ db: () => this.conn, file: this.file, writable: () => this.healthNow.state === 'ok', onChange: () => this.changed() });
  }

  get db(): LumioDatabase {
    return this.conn;
  }

  get health(): StoreHealth {
    return this.healthNow;
  }

  /** Turns kept in memory because the history was locked when they were saved. */
  get unsavedTurns(): number {
    return this.writeBehind.turns.length;
  }

  /** A full integrity check runs in the background (large histories). */
  get checking(): boolean {
    return this.background !== null;
  }

  /** Called when health, unsaved turns or the background check change. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  /** Refuses before anything is done: DB_READONLY, DB_DAMAGED, DISK_FULL … as the health says. */
  assertWritable(): void {
    if (this.healthNow.state !== 'ok') throw this.healthNow.problem ?? readOnlyProblem(this.file);
  }

  /**
   * Stops writing to a file found damaged. A read-only connection opens first, so closing the
   * writable one is not the last close and SQLite does not checkpoint the WAL into the damaged file.
   */
  markDamaged(problem: LumioError): void {
    if (this.healthNow.state === 'damaged') return;
    if (!this.conn.memory && !this.conn.readonly) {
      try {
        const ro = new Database(this.file, { readonly: true, fileMustExist: true });
        this.conn.close();
        this.conn = ro;
      } catch {
        // Keep the writable connection: assertWritable still refuses every write.
      }
    }
    this.healthNow = { state: 'damaged', problem };
    this.settingsCache = null;
    this.salvageCache = null;
    this.changed();
  }

  /** Swaps in another connection (a fresh history after a damaged one); waiting turns go into it. */
  replaceConnection(db: LumioDatabase, health: StoreHealth = { state: 'ok' }): void {
    if (this.conn.open && this.conn !== db) this.conn.close();
    this.conn = db;
    this.healthNow = health;
    this.settingsCache = null;
    this.salvageCache = null;
    this.changed();
    if (health.state === 'ok') this.writeBehind.flush();
  }

  /** Closes the connection only (for renaming the file); the store is unusable until replaceConnection. */
  closeConnection(): void {
    if (this.conn.open) this.conn.close();
  }

  /** Runs the full integrity check on a worker thread; damage found marks the store damaged. */
  checkInBackground(): void {
    if (this.background || this.conn.memory) return;
    const check = startBackgroundCheck(this.file);
    this.background = check;
    this.changed();
    void check.result.then((problems) => {
      if (this.background !== check) return;
      this.background = null;
      if (problems && problems.length > 0) this.markDamaged(damagedError(this.file, undefined, problems[0]));
      else this.changed();
    });
  }

  close(): void {
    const check = this.background;
    this.background = null;
    void check?.stop();
    this.keepUnsaved();
    if (this.conn.open) this.conn.close();
  }

  /**
   * At close, turns still waiting for a lock get one last try, then go to a private file beside the
   * database, imported at the next open: nothing the person said is lost by quitting.
   */
  private keepUnsaved(): void {
    if (this.writeBehind.size === 0) return;
    if (this.healthNow.state === 'ok' && this.conn.open) {
      try {
        if (this.writeBehind.flush(2000)) return;
      } catch {
        /* fall through to the file */
      }
    }
    const turns = this.writeBehind.takeAll().flatMap((w) => (w.turn ? [w.turn] : []));
    if (turns.length === 0 || this.conn.memory) return;
    const previous = readUnsavedFile(unsavedTurnsFile(this.file));
    const all = [...previous, ...turns.filter((t) => !previous.some((p) => p.id === t.id))];
    try {
      writeFileAtomic(unsavedTurnsFile(this.file), JSON.stringify(unsavedExport(all), null, 2) + '\n');
    } catch {
      /* nothing more can be done at exit; the turns were shown, and the error was reported then */
    }
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      const error = describeStoreError(e, this.file);
      if (error.code === 'DB_DAMAGED') this.markDamaged(error);
      throw error;
    }
  }

  private write<T>(fn: () => T): T {
    this.assertWritable();
    return this.run(fn);
  }

  // ── conversations ────────────────────────────────────────────────────────────────────────

  createConversation(title?: string | null, id: string = randomUUID()): ConversationSummary {
    return this.write(() => {
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
    if (this.healthNow.state === 'damaged') return this.salvagedConversations().find((c) => c.id === id) ?? null;
    return this.run(() => {
      const row = this.db.prepare(`${CONVERSATION_SELECT} WHERE c.id = ?`).get(id) as ConversationRow | undefined;
      return row ? toConversation(row) : null;
    });
  }

  /** Most recently active first. `before` is an updatedAt from a previous page. */
  listConversations(o: { limit?: number; before?: string } = {}): ConversationSummary[] {
    const limit = Math.max(1, Math.floor(o.limit ?? 100));
    if (this.healthNow.state === 'damaged') {
      return this.salvagedConversations()
        .filter((c) => o.before === undefined || c.updatedAt < o.before)
        .slice(0, limit);
    }
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
    return this.write(() => {
      const waiting = this.writeBehind.turns.some((t) => t.conversationId === id);
      this.writeBehind.drop(id);
      return this.forgetting(this.db.prepare('DELETE FROM conversations WHERE id = ?').run(id).changes > 0) || waiting;
    });
  }

  // ── turns ────────────────────────────────────────────────────────────────────────────────

  /**
   * Saves one turn; creates its conversation if needed and titles it from the first words. When
   * another program holds the history locked past the busy timeout, the turn is kept in memory
   * (reads include it) and saved as soon as the lock lets go; see `unsavedTurns`.
   */
  appendTurn(input: NewTurn): StoredTurn {
    const parsed = NewTurnSchema.safeParse(input);
    if (!parsed.success) {
      throw new LumioError('INVALID_ARGUMENT', `Invalid turn: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const { promptNote, ...t } = parsed.data;
    const turn: StoredTurn = { ...t, id: t.id ?? randomUUID(), createdAt: t.createdAt ?? this.now().toISOString() };
    this.assertWritable();
    const note = promptNote ?? '';
    this.run(() => this.writeBehind.write({ conversationId: turn.conversationId, turn, note, apply: (db) => insertTurn(db, turn, note) }));
    return turn;
  }

  /**
   * The person stopped a reply after it was saved (its audio still playing): keep only the first
   * `spokenChars` characters, what they heard, and mark the turn interrupted. Returns the updated
   * turn, or null when there is no such turn or nothing was cut (everything had been heard).
   * Idempotent, so a late stop may be applied twice.
   */
  keepSpokenPart(turnId: string, spokenChars: number): StoredTurn | null {
    const waiting = this.writeBehind.turns.find((t) => t.id === turnId);
    if (waiting) {
      // Not saved yet: trim the kept copy, which is what will be written.
      const kept = spokenPart(waiting.replyText, spokenChars);
      if (kept === waiting.replyText) return null;
      waiting.replyText = kept;
      waiting.interrupted = true;
      return { ...waiting };
    }
    return this.write(() =>
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
    const waiting = this.writeBehind.turns.find((t) => t.id === turnId);
    if (waiting) {
      // Not saved yet (the history was locked): the kept copy is what will be written.
      waiting.mood = parsed;
      return true;
    }
    return this.write(() => this.db.prepare('UPDATE turns SET mood = ? WHERE id = ?').run(parsed === null ? null : JSON.stringify(parsed), turnId).changes > 0);
  }

  /** All turns of a conversation, oldest first (with any still waiting to be saved). */
  getTurns(conversationId: string): StoredTurn[] {
    if (this.healthNow.state === 'damaged') return this.salvage().data.conversations.find((c) => c.id === conversationId)?.turns ?? [];
    const saved = this.run(() =>
      (this.db.prepare(`SELECT ${TURN_COLUMNS} FROM turns WHERE conversation_id = ? ORDER BY created_at, seq`).all(conversationId) as TurnRow[]).map(toTurn),
    );
    return this.withUnsaved(conversationId, saved);
  }

  /** A conversation as the chat model read it, oldest first: its last `limit` turns with their prompt notes. */
  promptTurns(conversationId: string, limit = 1000): PromptTurn[] {
    const n = Math.max(1, Math.floor(limit));
    // Turns still waiting for a lock are part of the conversation the model reads next.
    const waiting = this.writeBehind.turns
      .filter((t) => t.conversationId === conversationId)
      .map((t) => ({ userText: t.userText, replyText: t.replyText, note: this.writeBehind.noteOf(t.id), language: t.language }));
    if (this.healthNow.state === 'damaged') {
      return this.getTurns(conversationId)
        .slice(-n)
        .map((t) => ({ userText: t.userText, replyText: t.replyText, note: '', language: t.language }));
    }
    const saved = this.run(() => {
      const rows = this.db
        .prepare(`SELECT user_text, reply_text, prompt_note, language FROM turns WHERE conversation_id = ? ORDER BY created_at DESC, seq DESC LIMIT ?`)
        .all(conversationId, Math.max(1, Math.floor(limit))) as Array<{ user_text: string; reply_text: string; prompt_note: string; language: string }>;
      return rows
        .reverse()
        .map((r): PromptTurn => ({ userText: r.user_text, replyText: r.reply_text, note: r.prompt_note, language: r.language === 'ru' ? 'ru' : 'en' }));
    });
    return [...saved, ...waiting].slice(-n);
  }

  /** The last n turns of a conversation, oldest first. */
  recentTurns(conversationId: string, n: number): StoredTurn[] {
    if (n <= 0) return [];
    const saved = this.run(() => {
      const rows = this.db
        .prepare(`SELECT ${TURN_COLUMNS} FROM turns WHERE conversation_id = ? ORDER BY created_at DESC, seq DESC LIMIT ?`)
        .all(conversationId, Math.floor(n)) as TurnRow[];
      return rows.reverse().map(toTurn);
    });
    return this.withUnsaved(conversationId, saved).slice(-Math.floor(n));
  }

  private withUnsaved(conversationId: string, saved: StoredTurn[]): StoredTurn[] {
    const waiting = this.writeBehind.turns.filter((t) => t.conversationId === conversationId && !saved.some((s) => s.id === t.id));
    if (waiting.length === 0) return saved;
    return [...saved, ...waiting.map((t) => ({ ...t }))].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * Full-text search over what was said and answered, best match first. The person's words are
   * quoted term by term, so FTS syntax in them (quotes, *, NEAR, -, AND/OR) is just text; every
   * term must match, the last-typed ones as prefixes too ("прив" finds "привет").
   */
  searchTurns(query: string, limit = 50): SearchHit[] {
    const match = ftsQuery(query);
    if (match === null) return [];
    if (this.healthNow.state === 'damaged') return this.searchSalvaged(query, limit);
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

  // ── a damaged history: what can still be read ─────────────────────────────────────────

  /** Everything readable from a damaged file, read once (reads only; see salvage.ts). */
  salvage(): Salvage {
    this.salvageCache ??= salvageHistory(this.conn);
    return this.salvageCache;
  }

  private salvagedConversations(): ConversationSummary[] {
    return this.salvage()
      .data.conversations.map((c) => ({
        id: c.id,
        title: c.title.trim() || titleFromText(c.turns.find((t) => t.userText)?.userText ?? ''),
        startedAt: c.startedAt,
        updatedAt: c.updatedAt,
        turnCount: c.turns.length,
      }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  }

  /** The index may be on a damaged page: every word must appear in the turn, case-insensitively. */
  private searchSalvaged(query: string, limit: number): SearchHit[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const hits: SearchHit[] = [];
    for (const c of this.salvage().data.conversations) {
      for (const t of c.turns) {
        const text = `${t.userText} ${t.replyText}`;
        if (!words.every((w) => text.toLowerCase().includes(w))) continue;
        hits.push({ turnId: t.id, conversationId: c.id, createdAt: t.createdAt, snippet: text.slice(0, 120) });
      }
    }
    return hits.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, Math.max(1, limit));
  }

  // ── settings ────────────────────────────────────────────────────────────────────────────

  /** Read once and kept: every turn and every screen asks. */
  getSettings(): Settings {
    // A damaged file whose settings page is gone still opens, with the defaults.
    this.settingsCache ??=
      this.healthNow.state === 'damaged' ? (this.salvage().data.settings ?? { ...DEFAULT_SETTINGS }) : this.run(() => readSettings(this.db));
    return { ...this.settingsCache };
  }

  /** Like getSettings, with the stored values that could not be used (each fell back to its default). */
  settingsReport(): SettingsReport {
    const report = this.run(() => readSettingsReport(this.db));
    this.settingsCache = report.settings;
    return { settings: { ...report.settings }, refused: report.refused };
  }

  /** Throws INVALID_ARGUMENT (nothing written) when any field is invalid or unknown. */
  patchSettings(patch: unknown): Settings {
    this.settingsCache = null;
    const after = this.write(() => patchSettings(this.db, patch));
    this.settingsCache = after;
    return { ...after };
  }

  // ── memory ──────────────────────────────────────────────────────────────────────────────

  addFact(text: string, conversationId: string | null = null): MemoryFact {
    const fact = memory.newFact(text, conversationId, this.now());
    this.assertWritable();
    // Part of a turn's save: it waits behind the turn when the history is locked.
    let linked = fact.conversationId;
    this.run(() => this.writeBehind.write({ conversationId: conversationId ?? '', turn: null, apply: (db) => (linked = memory.insertFact(db, fact)) }));
    return { ...fact, conversationId: linked };
  }
  listFacts(): MemoryFact[] {
    return this.run(() => memory.listFacts(this.db));
  }
  /** "Forget this": like deleteConversation, also flushes the WAL so the text leaves the disk. */
  deleteFact(id: string): boolean {
    return this.write(() => this.forgetting(memory.deleteFact(this.db, id)));
  }
  upsertSummary(conversationId: string, text: string): MemorySummary {
    this.assertWritable();
    const at = this.now();
    let summary: MemorySummary | null = null;
    const now = this.run(() =>
      this.writeBehind.write({ conversationId, turn: null, apply: (db) => (summary = memory.upsertSummary(db, conversationId, text, at)) }),
    );
    return now && summary ? summary : { id: randomUUID(), conversationId, text, updatedAt: at.toISOString() };
  }
  getSummary(conversationId: string): MemorySummary | null {
    return this.run(() => memory.getSummary(this.db, conversationId));
  }
  listSummaries(limit?: number): MemorySummary[] {
    return this.run(() => memory.listSummaries(this.db, limit));
  }
  deleteSummary(id: string): boolean {
    return this.write(() => this.forgetting(memory.deleteSummary(this.db, id)));
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
    this.assertWritable();
    this.run(() => this.writeBehind.write({ conversationId: '', turn: null, apply: (db) => kvSet(db, key, value) }));
  }
  kvDelete(key: string): boolean {
    return this.write(() => kvDelete(this.db, key));
  }

  // ── wipe ────────────────────────────────────────────────────────────────────────────────

  wipeAll(o?: WipeOptions): WipeResult {
    return this.write(() => {
      this.writeBehind.drop();
      if (o?.settings) this.settingsCache = null;
      return wipeAll(this.db, o);
    });
  }
}

function insertTurn(db: LumioDatabase, turn: StoredTurn, promptNote: string): void {
  db.transaction(() => {
    db.prepare('INSERT INTO conversations(id, title, started_at, updated_at) VALUES (?, NULL, ?, ?) ON CONFLICT(id) DO NOTHING').run(
      turn.conversationId,
      turn.createdAt,
      turn.createdAt,
    );
    db.prepare(`INSERT INTO turns(${TURN_COLUMNS}, prompt_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
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
      promptNote,
    );
    const title = titleFromText(turn.userText);
    db.prepare(
      `UPDATE conversations SET updated_at = max(updated_at, ?),
       title = CASE WHEN title IS NULL AND ? <> '' THEN ? ELSE title END WHERE id = ?`,
    ).run(turn.createdAt, title, title, turn.conversationId);
  }).immediate();
}

function readOnlyProblem(file: string): LumioError {
  return new LumioError('DB_READONLY', `The history at ${file} is open read-only, so nothing new can be saved.`, {
    hint: 'You can still read and export it. Make its folder writable (and the disk not full), then restart Lumio.',
  });
}

/** The unsaved-turns file: the JSON export format, so importing it is the import everyone uses. */
function unsavedExport(turns: StoredTurn[]): LumioExport {
  const byConversation = new Map<string, StoredTurn[]>();
  for (const t of turns) byConversation.set(t.conversationId, [...(byConversation.get(t.conversationId) ?? []), t]);
  return {
    format: 'lumio-history',
    version: 1,
    exportedAt: new Date().toISOString(),
    conversations: [...byConversation].map(([id, list]) => ({
      id,
      title: '',
      startedAt: list[0]!.createdAt,
      updatedAt: list.at(-1)!.createdAt,
      turns: list,
      summary: null,
    })),
    memoryFacts: [],
  };
}

export function readUnsavedFile(file: string): StoredTurn[] {
  try {
    const parsed = LumioExportSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.conversations.flatMap((c) => c.turns) : [];
  } catch {
    return [];
  }
}
