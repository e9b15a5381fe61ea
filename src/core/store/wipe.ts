import { checkpointTruncate, type LumioDatabase } from './db.js';

export interface WipeOptions {
  /** Also reset settings to their defaults. Default false: forgetting history keeps your voice and tone. */
  settings?: boolean;
}

export interface WipeResult {
  conversations: number;
  turns: number;
  facts: number;
  summaries: number;
  /** false when another connection kept part of the WAL alive; run again once it is closed. */
  checkpointed: boolean;
}

/**
 * Forgets everything the person said and everything derived from it: conversations, turns,
 * memory facts and summaries, kv values (the voice baseline is derived from their recordings),
 * and the search index. Then rewrites the file (VACUUM) and empties the WAL, so none of the
 * deleted text remains in lumio.db, lumio.db-wal or lumio.db-shm.
 */
export function wipeAll(db: LumioDatabase, o: WipeOptions = {}): WipeResult {
  const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const result = db
    .transaction(() => {
      const r = { conversations: count('conversations'), turns: count('turns'), facts: count('memory_facts'), summaries: count('memory_summaries') };
      // Emptying the index in one step is far faster than letting the per-row delete trigger
      // remove each turn's tokens (≈7 s → well under 1 s for 9,000 turns here). The trigger is
      // dropped and re-created inside this transaction, from its own stored SQL.
      const trigger = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'turns_fts_delete'").get() as { sql: string } | undefined;
      db.exec(`
        INSERT INTO turns_fts(turns_fts) VALUES ('delete-all');
        ${trigger ? 'DROP TRIGGER turns_fts_delete;' : ''}
        DELETE FROM memory_facts;
        DELETE FROM memory_summaries;
        DELETE FROM turns;
        DELETE FROM conversations;
        DELETE FROM kv;
      `);
      if (trigger) db.exec(trigger.sql);
      if (o.settings) db.exec('DELETE FROM settings');
      return r;
    })
    .immediate();
  // VACUUM rebuilds the file from live rows only, so no freed page or slack space keeps old bytes
  // (secure_delete already zeroes them; this also shrinks the file).
  db.exec('VACUUM');
  return { ...result, checkpointed: checkpointTruncate(db) };
}
