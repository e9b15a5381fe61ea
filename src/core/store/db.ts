import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LumioError } from '../../shared/errors.js';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from '../private-files.js';
import { assertNotNewer, migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';
import { describeStoreError } from './sqlite-errors.js';

export type LumioDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** Open for reading only: no migrations, every write fails with DB_READONLY. */
  readonly?: boolean;
  /** How long a write waits for another connection's lock before DB_LOCKED. Default 5000 ms. */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) Lumio's SQLite file and brings its schema up to date.
 * Never deletes or rewrites a file it cannot read: a damaged or foreign file is reported and left as is.
 */
export function openDatabase(file: string, o: OpenDatabaseOptions = {}): LumioDatabase {
  const readonly = o.readonly ?? false;
  const inMemory = file === ':memory:';
  if (!inMemory) {
    if (readonly && !fs.existsSync(file)) {
      throw new LumioError('NOT_FOUND', `There is no history at ${file} yet.`);
    }
    if (!readonly) {
      try {
        ensurePrivateDir(path.dirname(file), path.basename(file));
        createPrivateFile(file);
      } catch (e) {
        throw describeStoreError(e, file);
      }
    }
  }

  let db: LumioDatabase | undefined;
  try {
    db = new Database(file, { readonly, timeout: o.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    // Reading the header first: on a file that is not SQLite this fails with SQLITE_NOTADB before
    // any pragma below could create a -wal or -shm beside it.
    let version: number;
    try {
      version = schemaVersion(db);
    } catch (e) {
      const copy = readonly && !inMemory ? readOnlySnapshot(file, e) : null;
      if (!copy) throw e;
      db.close();
      db = copy;
      version = schemaVersion(db);
    }
    assertNotNewer(version, file);
    db.pragma('foreign_keys = ON');
    // Deleted rows are overwritten with zeros in the file instead of lingering in free space.
    db.pragma('secure_delete = ON');
    if (readonly) {
      if (version < SCHEMA_VERSION) {
        throw new LumioError('DB_READONLY', `The history at ${file} needs an update that cannot be written while it is read-only.`, {
          hint: 'Open it once with write access so Lumio can update it.',
        });
      }
    } else {
      if (!inMemory) db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL survives an app or worker crash (only a power cut can lose the last
      // turn), and spares an fsync per saved turn.
      db.pragma('synchronous = NORMAL');
      // After a checkpoint the WAL is reused, not shrunk; cap what stays on disk between truncations.
      db.pragma(`journal_size_limit = ${8 * 1024 * 1024}`);
      migrate(db, file);
      // A crash or a busy reader may have left old page images (deleted text) in the WAL last time.
      if (!inMemory) checkpointTruncate(db, 0);
    }
    return db;
  } catch (e) {
    try {
      db?.close();
    } catch {
      /* the original error matters more */
    }
    throw describeStoreError(e, file);
  }
}

/**
 * SQLite creates a new database 644, and its -wal and -shm with the database's own mode. Creating
 * the empty file ourselves with 600 first (SQLite takes a 0-byte file as a new database) keeps all
 * three private; an older install's 644 files are tightened here too.
 */
function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) makePrivate(f);
}

/**
 * A WAL-mode file on a read-only disk cannot be opened in place when its -shm is missing (SQLite
 * must create it, and the disk refuses). When the WAL is empty or absent the main file alone is
 * the whole history, so we read a copy into memory, marked as a rollback-journal database so the
 * in-memory engine accepts it. Returns null when that would not be faithful.
 */
export function readOnlySnapshot(file: string, e: unknown): LumioDatabase | null {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  // CANTOPEN/READONLY: the -shm cannot be made on a read-only disk; IOERR_SHM*: nor on a full one.
  if (!code.startsWith('SQLITE_CANTOPEN') && !code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_IOERR_SHM')) return null;
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) return null;
  const bytes = fs.readFileSync(file);
  if (bytes.length < 100 || bytes.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') return null;
  // Header bytes 18/19: file format write/read version, 2 = WAL, 1 = legacy journal.
  if (bytes[18] === 2) bytes[18] = 1;
  if (bytes[19] === 2) bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

/** Runs fn, turning any SQLite/fs failure into a LumioError that names the file. */
export function guarded<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw describeStoreError(e, file);
  }
}

/**
 * Copies every page out of the write-ahead log into the main file and truncates the log to zero
 * bytes, so old versions of changed pages (which may still hold deleted text) leave the disk.
 * Returns false when another connection was reading and part of the log had to stay.
 */
export function checkpointTruncate(db: LumioDatabase, waitMs = 250): boolean {
  if (db.memory || db.readonly) return true;
  // A TRUNCATE checkpoint waits for readers through the busy handler; another window reading must
  // not freeze this one for the whole busy timeout, so wait briefly and report instead.
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
  try {
    const row = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    return row[0]?.busy === 0;
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
}
