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
      ['SQLITE_CORRUPT', 'INTERNAL'],
      ['SQLITE_NOTADB', 'INTERNAL'],
      ['SQLITE_CONSTRAINT_UNIQUE', 'INVALID_ARGUMENT'],
      ['SQLITE_IOERR_WRITE', 'INTERNAL'],
    ];
    for (const [code, expected] of cases) expect(describeStoreError(err(code), '/x/lumio.db').code, code).toBe(expected);
  });

  it('names the file for damage, keeps the cause, and passes LumioErrors through', () => {
    const e = describeStoreError(err('SQLITE_CORRUPT'), '/home/a/lumio.db');
    expect(e.message).toContain('/home/a/lumio.db');
    expect(e.message).toMatch(/left it untouched/);
    expect(e.cause).toBeInstanceOf(Error);
    const own = new LumioError('NOT_FOUND', 'x');
    expect(describeStoreError(own, 'f')).toBe(own);
  });
});
