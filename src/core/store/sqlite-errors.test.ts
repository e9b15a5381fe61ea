import { describe, expect, it } from 'vitest';
import { LumioError } from '../../shared/errors.js';
import { describeStoreError } from './sqlite-errors.js';

const err = (code: string): Error => Object.assign(new Error(`failure ${code}`), { code });

describe('describeStoreError', () => {
  it('maps SQLite and file-system codes (including extended ones) to the person-facing codes', () => {
    const cases: Array<[string, string]> = [
      ['SQLITE_BUSY', 'DB_LOCKED'],
      ['SQLITE_BUSY_SNAPSHOT', 'DB_LOCKED'],
      ['SQLITE_LOCKED', 'DB_LOCKED'],
      ['SQLITE_READONLY', 'DB_READONLY'],
      ['SQLITE_READONLY_DBMOVED', 'DB_READONLY'],
      ['EACCES', 'DB_READONLY'],
      ['EROFS', 'DB_READONLY'],
      ['SQLITE_FULL', 'DISK_FULL'],
      ['ENOSPC', 'DISK_FULL'],
      ['SQLITE_CORRUPT', 'DB_DAMAGED'],
      ['SQLITE_CORRUPT_INDEX', 'DB_DAMAGED'],
      ['SQLITE_NOTADB', 'DB_DAMAGED'],
      ['SQLITE_CONSTRAINT_UNIQUE', 'INVALID_ARGUMENT'],
      // An I/O error on a disk with room is not "disk full" (statfs of /x fails here, so no guess is made).
      ['SQLITE_IOERR_WRITE', 'INTERNAL'],
    ];
    for (const [code, expected] of cases) expect(describeStoreError(err(code), '/x/lumio.db').code, code).toBe(expected);
  });

  it('names the file for damage, keeps the cause, and passes LumioErrors through', () => {
    const e = describeStoreError(err('SQLITE_CORRUPT'), '/home/a/lumio.db');
    expect(e.message).toContain('/home/a/lumio.db');
    expect(e.message).toMatch(/writes nothing more to it/);
    expect(e.hint).toMatch(/kept beside it under a new name, never deleted/);
    expect(e.cause).toBeInstanceOf(Error);
    const own = new LumioError('NOT_FOUND', 'x');
    expect(describeStoreError(own, 'f')).toBe(own);
  });
});
