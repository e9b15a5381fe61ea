import type Database from 'better-sqlite3';
import { LumioError } from '../../shared/errors.js';

/**
 * The schema, as an ordered list of steps. Step i (0-based) brings a database from
 * `user_version = i` to `i + 1`. Steps are append-only: never edit one that has shipped, add a new
 * one instead, because people's files already went through the old text.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: conversations, turns with full-text search, settings, memory, kv.
  `
  CREATE TABLE conversations (
    id         TEXT PRIMARY KEY,
    title      TEXT,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX conversations_by_update ON conversations(updated_at DESC, id);

  -- seq is the integer rowid FTS5 needs; id is the public identifier.
  CREATE TABLE turns (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    user_text       TEXT NOT NULL,
    reply_text      TEXT NOT NULL,
    language        TEXT NOT NULL,
    tone            TEXT NOT NULL,
    voice           TEXT NOT NULL,
    mood            TEXT,
    timings         TEXT NOT NULL DEFAULT '{}',
    interrupted     INTEGER NOT NULL DEFAULT 0 CHECK (interrupted IN (0, 1)),
    crisis          INTEGER NOT NULL DEFAULT 0 CHECK (crisis IN (0, 1)),
    -- What the search index sees: Russian ё folded to е (people type either), computed on read so
    -- it costs no space. unicode61 folds case and Latin diacritics but not ё.
    user_search     TEXT GENERATED ALWAYS AS (replace(replace(user_text, 'ё', 'е'), 'Ё', 'Е')) VIRTUAL,
    reply_search    TEXT GENERATED ALWAYS AS (replace(replace(reply_text, 'ё', 'е'), 'Ё', 'Е')) VIRTUAL
  ) STRICT;
  CREATE INDEX turns_by_conversation ON turns(conversation_id, created_at, seq);

  -- External-content index: the text lives once, in turns; the index holds only tokens.
  CREATE VIRTUAL TABLE turns_fts USING fts5(
    user_search, reply_search,
    content = 'turns', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  -- Without this, FTS5 "deletes" by appending a tombstone and the old tokens stay in older
  -- index segments until a merge; secure-delete removes them from the segments at once.
  INSERT INTO turns_fts(turns_fts, rank) VALUES ('secure-delete', 1);

  CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
    INSERT INTO turns_fts(rowid, user_search, reply_search) VALUES (new.seq, new.user_search, new.reply_search);
  END;
  CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
    INSERT INTO turns_fts(turns_fts, rowid, user_search, reply_search) VALUES ('delete', old.seq, old.user_search, old.reply_search);
  END;
  CREATE TRIGGER turns_fts_update AFTER UPDATE OF user_text, reply_text ON turns BEGIN
    INSERT INTO turns_fts(turns_fts, rowid, user_search, reply_search) VALUES ('delete', old.seq, old.user_search, old.reply_search);
    INSERT INTO turns_fts(rowid, user_search, reply_search) VALUES (new.seq, new.user_search, new.reply_search);
  END;

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- Facts outlive the conversation they came from (the person deletes them one by one).
  CREATE TABLE memory_facts (
    id              TEXT PRIMARY KEY,
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL
  ) STRICT;
  CREATE INDEX memory_facts_by_time ON memory_facts(created_at);

  -- A summary is derived from its conversation's words, so it goes when the conversation goes.
  CREATE TABLE memory_summaries (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL UNIQUE REFERENCES conversations(id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  ) STRICT;

  CREATE TABLE kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  `,
  // 2: the note the chat model read before each turn's words (mood, reply language, what left its
  // view), so the next prompt repeats the conversation token for token and its cache stays valid.
  `
  ALTER TABLE turns ADD COLUMN prompt_note TEXT NOT NULL DEFAULT '';
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to SCHEMA_VERSION, one step per transaction, so a crash mid-way leaves
 * the file at the last whole step. Refuses a file from a newer Lumio instead of guessing.
 */
export function migrate(db: Database.Database, file: string): { from: number; to: number } {
  const from = schemaVersion(db);
  assertNotNewer(from, file);
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v]!;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return { from, to: SCHEMA_VERSION };
}

export function assertNotNewer(version: number, file: string): void {
  if (version > SCHEMA_VERSION) {
    throw new LumioError(
      'INTERNAL',
      `The history at ${file} was written by a newer version of Lumio (schema ${version}; this version knows up to ${SCHEMA_VERSION}). It was not changed.`,
      { hint: 'Update Lumio to open this history. Going back would risk losing what the newer version saved.' },
    );
  }
}
