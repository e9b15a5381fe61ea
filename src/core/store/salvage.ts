import { MemoryFactSchema, MemorySummarySchema, type Settings, StoredTurnSchema, type StoredTurn } from '../../shared/domain.js';
import type { LumioDatabase } from './db.js';
import type { LumioExport } from './export-schema.js';
import { toTurn, TURN_COLUMNS, type TurnRow } from './turn-rows.js';
import { readSettings } from './settings.js';

export interface Salvage {
  data: LumioExport;
  /** Turns that exist (or existed) but could not be read: their pages are damaged. */
  unreadableTurns: number;
}

/** Rows read per query: a damaged page spoils only the ranges that touch it, then each row is tried alone. */
const CHUNK = 64;
/** When even max(seq) cannot be read, stop scanning after this many empty chunks in a row. */
const EMPTY_CHUNKS_TO_STOP = 64;

/**
 * Everything that can still be read from a damaged history, in the export format. Turns are read
 * by their row number in ranges, so a broken page costs the rows on it, not the whole history;
 * rows whose values do not validate count as unreadable. Reads only: the connection may be read-only.
 */
export function salvageHistory(db: LumioDatabase): Salvage {
  let unreadableTurns = 0;
  const turns: StoredTurn[] = [];
  const take = (rows: TurnRow[]): void => {
    for (const row of rows) {
      const turn = StoredTurnSchema.safeParse(attempt(() => toTurn(row)));
      if (turn.success) turns.push(turn.data);
      else unreadableTurns++;
    }
  };
  const range = db.prepare(`SELECT ${TURN_COLUMNS} FROM turns WHERE seq >= ? AND seq < ?`);
  const one = db.prepare(`SELECT ${TURN_COLUMNS} FROM turns WHERE seq = ?`);
  const maxSeq = attempt(() => (db.prepare('SELECT max(seq) AS m FROM turns').get() as { m: number | null }).m ?? 0);
  let empty = 0;
  for (let from = 1; maxSeq === undefined ? empty < EMPTY_CHUNKS_TO_STOP : from <= maxSeq; from += CHUNK) {
    const rows = attempt(() => range.all(from, from + CHUNK) as TurnRow[]);
    if (rows) {
      take(rows);
      empty = rows.length === 0 ? empty + 1 : 0;
      continue;
    }
    empty = 0;
    for (let seq = from; seq < from + CHUNK; seq++) {
      const row = attempt(() => one.get(seq) as TurnRow | undefined, 'failed');
      if (row === 'failed') unreadableTurns++;
      else if (row) take([row]);
    }
  }

  const conversations = new Map<string, { id: string; title: string; startedAt: string; updatedAt: string }>();
  const rows = attempt(() => db.prepare('SELECT id, title, started_at, updated_at FROM conversations').all() as Array<Record<string, string | null>>) ?? [];
  for (const r of rows) {
    if (typeof r.id !== 'string' || !r.id || r.id.length > 64) continue;
    conversations.set(r.id, { id: r.id, title: r.title ?? '', startedAt: String(r.started_at ?? ''), updatedAt: String(r.updated_at ?? '') });
  }
  const byConversation = new Map<string, StoredTurn[]>();
  for (const t of turns.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    byConversation.set(t.conversationId, [...(byConversation.get(t.conversationId) ?? []), t]);
    // A turn whose conversation row was on a damaged page still gets its conversation back.
    if (!conversations.has(t.conversationId) && t.conversationId.length <= 64) {
      conversations.set(t.conversationId, { id: t.conversationId, title: '', startedAt: t.createdAt, updatedAt: t.createdAt });
    }
  }
  const summaries = (attempt(() => db.prepare('SELECT id, conversation_id AS conversationId, text, updated_at AS updatedAt FROM memory_summaries').all()) ?? [])
    .map((r) => MemorySummarySchema.safeParse(r))
    .flatMap((r) => (r.success ? [r.data] : []));
  const facts = (attempt(() => db.prepare('SELECT id, text, created_at AS createdAt, conversation_id AS conversationId FROM memory_facts').all()) ?? [])
    .map((r) => MemoryFactSchema.safeParse(r))
    .flatMap((r) => (r.success ? [r.data] : []));
  const settings: Settings | undefined = attempt(() => readSettings(db));

  return {
    data: {
      format: 'lumio-history',
      version: 1,
      exportedAt: new Date().toISOString(),
      conversations: [...conversations.values()]
        .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
        .map((c) => {
          const list = byConversation.get(c.id) ?? [];
          return {
            ...c,
            startedAt: c.startedAt || list[0]?.createdAt || '',
            updatedAt: c.updatedAt || list.at(-1)?.createdAt || '',
            turns: list,
            summary: summaries.find((s) => s.conversationId === c.id) ?? null,
          };
        }),
      memoryFacts: facts,
      ...(settings ? { settings } : {}),
    },
    unreadableTurns,
  };
}

function attempt<T, F = undefined>(fn: () => T, failed?: F): T | F {
  try {
    return fn();
  } catch {
    return failed as F;
  }
}
