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
    });
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT') {
    return new LumioError('DISK_FULL', 'The disk is full, so the history could not be saved.', {
      hint: 'Free some disk space and try again. Nothing already saved was lost.',
      cause: e,
    });
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    // No dedicated error code exists in the shared contract; INTERNAL with a message that names the file.
    return new LumioError('INTERNAL', `The history file ${where} is damaged or is not a Lumio database. Lumio left it untouched.`, {
      hint: `Move or back up ${file} and start Lumio again to begin a new history; the old file stays where it is until you decide.`,
      cause: e,
    });
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
  if (typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    return (e as { code: string }).code;
  }
  return '';
}
