import fs from 'node:fs';
import path from 'node:path';
import { LumioError } from '../../shared/errors.js';

/**
 * Turns what better-sqlite3 and node:fs throw into LumioErrors a person can act on. SQLite reports
 * extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED, …), so we match on the primary
 * code prefix; fs reports errno names (ENOSPC, EROFS, …).
 */
export function describeStoreError(e: unknown, file: string): LumioError {
  if (e instanceof LumioError) return e;
  const code = errorCode(e);
  const detail = e instanceof Error ? e.message : String(e);
  const where = file === ':memory:' ? 'in memory' : `at ${file}`;

  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LumioError('DB_LOCKED', 'The history is in use by another Lumio window or program, so it could not be saved or read just now.', {
      hint: 'Close the other Lumio window (or the program that has the history open) and try again.',
      cause: e,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new LumioError('DB_READONLY', `The history ${where} is read-only, so nothing new can be saved.`, {
      hint: `Check that the folder ${file === ':memory:' ? '' : path.dirname(file) + ' '}is writable and not on a read-only or full drive.`,
      cause: e,
      ...(file === ':memory:' ? {} : { params: { path: path.dirname(file) } }),
    });
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT') {
    return new LumioError('DISK_FULL', 'The disk is full, so the history could not be saved.', {
      hint: 'Free some disk space and try again. Nothing already saved was lost.',
      cause: e,
    });
  }
  // SQLite says "disk I/O error" when it cannot grow the -shm or -wal of a full disk (SQLITE_IOERR_SHMSIZE, _WRITE, …).
  if (code.startsWith('SQLITE_IOERR') && file !== ':memory:' && diskIsFull(path.dirname(file))) {
    return describeStoreError(Object.assign(new Error(detail), { code: 'ENOSPC' }), file);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return damagedError(file, e);
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new LumioError('INVALID_ARGUMENT', `That change does not fit the saved history (${detail}).`, { cause: e });
  }
  if (code.startsWith('SQLITE_CANTOPEN') && file !== ':memory:') {
    // SQLite says only "unable to open"; the file system knows whether it is a permission or a read-only disk.
    const denied = accessError(file) ?? accessError(path.dirname(file));
    if (denied) return describeStoreError(Object.assign(new Error(detail), { code: denied }), file);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new LumioError('DB_READONLY', `The history ${where} could not be opened (${detail}).`, {
      hint: 'Check that the folder exists, is writable, and that the disk is not full.',
      cause: e,
    });
  }
  return new LumioError('INTERNAL', `History storage failed: ${detail}`, { cause: e });
}

/** The one message for a history that failed its integrity check or is not a database at all. */
export function damagedError(file: string, cause?: unknown, detail?: string): LumioError {
  const where = file === ':memory:' ? 'in memory' : `at ${file}`;
  return new LumioError(
    'DB_DAMAGED',
    `The history file ${where} is damaged${detail ? ` (${detail})` : ''}. Lumio reads what it can and writes nothing more to it.`,
    {
      hint: `Export what can still be read, then start a new history: ${file} is kept beside it under a new name, never deleted.`,
      cause,
    },
  );
}

/** Less than 1 MiB left for us: SQLite's next page, WAL frame or -shm block would not fit. */
function diskIsFull(dir: string): boolean {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize < 1024 * 1024;
  } catch {
    return false;
  }
}

function accessError(p: string): string | null {
  try {
    if (!fs.existsSync(p)) return null;
    fs.accessSync(p, fs.constants.W_OK);
    return null;
  } catch (e) {
    const c = errorCode(e);
    return c === 'EROFS' || c === 'EACCES' || c === 'EPERM' ? c : null;
  }
}

function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
    return (e as { code: string }).code;
  }
  return '';
}
