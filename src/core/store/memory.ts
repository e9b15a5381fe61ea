import { randomUUID } from 'node:crypto';
import type { MemoryFact, MemorySummary } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import type { LumioDatabase } from './db.js';

/** What Lumio remembers across conversations: facts the person told, and one summary per conversation. */

interface FactRow {
  id: string;
  text: string;
  created_at: string;
  conversation_id: string | null;
}
interface SummaryRow {
  id: string;
  conversation_id: string;
  text: string;
  updated_at: string;
}

const toFact = (r: FactRow): MemoryFact => ({ id: r.id, text: r.text, createdAt: r.created_at, conversationId: r.conversation_id });
const toSummary = (r: SummaryRow): MemorySummary => ({ id: r.id, conversationId: r.conversation_id, text: r.text, updatedAt: r.updated_at });

export function addFact(db: LumioDatabase, text: string, conversationId: string | null = null, now = new Date()): MemoryFact {
  const fact = newFact(text, conversationId, now);
  return { ...fact, conversationId: insertFact(db, fact) };
}

/** A fact ready to save (validated, with its id), so a save that must wait for a lock can return it now. */
export function newFact(text: string, conversationId: string | null, now: Date): MemoryFact {
  const clean = text.trim();
  if (!clean) throw new LumioError('INVALID_ARGUMENT', 'A memory fact cannot be empty.');
  return { id: randomUUID(), text: clean, createdAt: now.toISOString(), conversationId };
}

/** Saves a fact; returns the conversation it stays linked to. */
export function insertFact(db: LumioDatabase, fact: MemoryFact): string | null {
  // A fact about a conversation that is already gone is still a fact; keep it without the link.
  const c = fact.conversationId;
  const linked = c !== null && db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(c) ? c : null;
  db.prepare('INSERT INTO memory_facts(id, text, created_at, conversation_id) VALUES (?, ?, ?, ?)').run(fact.id, fact.text, fact.createdAt, linked);
  return linked;
}

/** Oldest first, the order the person told them. */
export function listFacts(db: LumioDatabase): MemoryFact[] {
  return (db.prepare('SELECT id, text, created_at, conversation_id FROM memory_facts ORDER BY created_at, rowid').all() as FactRow[]).map(toFact);
}

export function deleteFact(db: LumioDatabase, id: string): boolean {
  return db.prepare('DELETE FROM memory_facts WHERE id = ?').run(id).changes > 0;
}

/** One summary per conversation: replaces the previous one. The conversation must exist. */
export function upsertSummary(db: LumioDatabase, conversationId: string, text: string, now = new Date()): MemorySummary {
  if (!db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(conversationId)) {
    throw new LumioError('NOT_FOUND', `No conversation ${conversationId} to summarise.`);
  }
  const row = db
    .prepare(
      `INSERT INTO memory_summaries(id, conversation_id, text, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
       RETURNING id, conversation_id, text, updated_at`,
    )
    .get(randomUUID(), conversationId, text, now.toISOString()) as SummaryRow;
  return toSummary(row);
}

export function getSummary(db: LumioDatabase, conversationId: string): MemorySummary | null {
  const row = db.prepare('SELECT id, conversation_id, text, updated_at FROM memory_summaries WHERE conversation_id = ?').get(conversationId) as
    SummaryRow | undefined;
  return row ? toSummary(row) : null;
}

/** Newest first: the most recent conversations matter most for the next prompt. */
export function listSummaries(db: LumioDatabase, limit = 1000): MemorySummary[] {
  return (
    db.prepare('SELECT id, conversation_id, text, updated_at FROM memory_summaries ORDER BY updated_at DESC, rowid DESC LIMIT ?').all(limit) as SummaryRow[]
  ).map(toSummary);
}

/** By the summary's id (what memory.delete sends). */
export function deleteSummary(db: LumioDatabase, id: string): boolean {
  return db.prepare('DELETE FROM memory_summaries WHERE id = ?').run(id).changes > 0;
}
