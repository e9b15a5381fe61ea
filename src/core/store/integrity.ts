import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { LumioDatabase } from './db.js';

/**
 * Is the history file whole? `PRAGMA quick_check` walks every b-tree page (and since SQLite 3.44
 * the FTS5 index too) but skips the index-vs-table comparison; it took 1.5 s on a 248 MB history
 * with 60,000 turns here, on a loaded 2-core machine, so it runs at open only up to this size.
 * Larger files open at once and get the full `integrity_check` in a worker thread.
 */
export const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** What SQLite found wrong (at most `max` lines), or [] when the file is whole. */
export function integrityProblems(db: LumioDatabase, kind: 'quick_check' | 'integrity_check', max = 20): string[] {
  // SQLite answers with text rows: 'ok', or one problem per row.
  const rows = db.pragma(`${kind}(${Math.max(1, Math.floor(max))})`) as Array<Record<string, string>>;
  const lines = rows.map((r) => String(Object.values(r)[0] ?? ''));
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}

export interface BackgroundCheck {
  /** Resolves with the problems found ([] when whole), or null when the check itself could not run. */
  readonly result: Promise<string[] | null>;
  stop(): Promise<void>;
}

// The worker is a few lines of CommonJS given as text, so it needs no file of its own in any
// build (tsx, vitest, electron-vite): it opens its own read-only connection and reports.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const rows = db.pragma('integrity_check(20)');
  const lines = rows.map((r) => String(Object.values(r)[0]));
  parentPort.postMessage({ problems: lines.length === 1 && lines[0] === 'ok' ? [] : lines });
} catch (e) {
  const code = String((e && e.code) || '');
  parentPort.postMessage(/^SQLITE_(CORRUPT|NOTADB)/.test(code) ? { problems: [String(e.message)] } : { failed: String(e && e.message) });
} finally {
  try { db && db.close(); } catch {}
}
`;

/** Runs the full integrity check of `file` on a read-only connection in a worker thread. */
export function startBackgroundCheck(file: string): BackgroundCheck {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
  const result = new Promise<string[] | null>((resolve) => {
    worker.once('message', (m: { problems?: string[]; failed?: string }) => resolve(m.problems ?? null));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    result,
    async stop() {
      await worker.terminate();
    },
  };
}
