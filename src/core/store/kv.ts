import type { LumioDatabase } from './db.js';

/** Small named JSON values that are not settings (e.g. the person's voice baseline for prosody). */
export function kvGet(db: LumioDatabase, key: string): unknown {
  const row = db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return undefined;
  }
}

export function kvSet(db: LumioDatabase, key: string, value: unknown): void {
  if (value === undefined) {
    kvDelete(db, key);
    return;
  }
  db.prepare('INSERT INTO kv(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export function kvDelete(db: LumioDatabase, key: string): boolean {
  return db.prepare('DELETE FROM kv WHERE key = ?').run(key).changes > 0;
}
