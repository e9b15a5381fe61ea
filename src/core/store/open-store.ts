import fs from 'node:fs';
import Database from 'better-sqlite3';
import { LumioError, toLumioError } from '../../shared/errors.js';
import { type LumioDatabase, openDatabase, readOnlySnapshot } from './db.js';
import { importExport } from './export.js';
import { LumioStore, readUnsavedFile, type StoreHealth, unsavedTurnsFile } from './history.js';
import { integrityProblems, QUICK_CHECK_MAX_BYTES } from './integrity.js';
import { assertNotNewer, schemaVersion } from './migrations.js';
import { damagedError, describeStoreError } from './sqlite-errors.js';

/**
 * Opens the history for a host so that Lumio always starts and never writes where it must not:
 *   1. an existing file is first checked on a read-only connection (which cannot write or
 *      checkpoint): `quick_check` up to QUICK_CHECK_MAX_BYTES, a background `integrity_check` above;
 *      a damaged file stays open read-only, for reading and export, and is never written to;
 *   2. otherwise it is opened for writing (migrations, WAL), and turns left in unsaved-turns.json
 *      by a locked close are saved now;
 *   3. a read-only folder or a full disk opens it read-only (history can be read and exported);
 *   4. a file that cannot be opened at all is reported, and an empty in-memory stand-in answers.
 */
export function openLumioStore(file: string, o: { now?: () => Date; quickCheckMaxBytes?: number } = {}): LumioStore {
  const make = (db: LumioDatabase, health: StoreHealth): LumioStore => new LumioStore(db, { file, health, ...(o.now ? { now: o.now } : {}) });
  let large = false;
  if (fs.existsSync(file)) {
    const probe = probeExisting(file, o.quickCheckMaxBytes ?? QUICK_CHECK_MAX_BYTES);
    if (probe.kind === 'damaged') return make(probe.db ?? standIn(), { state: 'damaged', problem: probe.problem });
    if (probe.kind === 'unavailable') return make(standIn(), { state: 'unavailable', problem: probe.problem });
    large = probe.large;
  }
  let store: LumioStore;
  try {
    store = make(openDatabase(file), { state: 'ok' });
  } catch (e) {
    const problem = toLumioError(e);
    if (problem.code === 'DB_DAMAGED') return make(readOnlyOrNull(file) ?? standIn(), { state: 'damaged', problem });
    if (problem.code === 'DB_READONLY' || problem.code === 'DISK_FULL') {
      // A history that exists can still be read; with none yet there is simply nothing to show.
      return make(readOnlyOrNull(file) ?? standIn(), { state: 'read-only', problem });
    }
    return make(standIn(), { state: 'unavailable', problem });
  }
  restoreUnsaved(store);
  if (large) store.checkInBackground();
  return store;
}

type Probe = { kind: 'ok'; large: boolean } | { kind: 'damaged'; problem: LumioError; db: LumioDatabase | null } | { kind: 'unavailable'; problem: LumioError };

function probeExisting(file: string, quickCheckMaxBytes: number): Probe {
  let db: LumioDatabase;
  try {
    db = openReadOnly(file);
  } catch (e) {
    const problem = describeStoreError(e, file);
    return problem.code === 'DB_DAMAGED' ? { kind: 'damaged', problem, db: null } : { kind: 'ok', large: false };
  }
  try {
    let version: number;
    try {
      version = schemaVersion(db);
    } catch (e) {
      const problem = describeStoreError(e, file);
      db.close();
      return problem.code === 'DB_DAMAGED' ? { kind: 'damaged', problem, db: null } : { kind: 'ok', large: false };
    }
    try {
      assertNotNewer(version, file);
    } catch (e) {
      db.close();
      return { kind: 'unavailable', problem: toLumioError(e) };
    }
    const size = fileSize(file) + fileSize(`${file}-wal`);
    if (size > quickCheckMaxBytes) {
      db.close();
      return { kind: 'ok', large: true };
    }
    let problems: string[];
    try {
      problems = integrityProblems(db, 'quick_check');
    } catch (e) {
      problems = [e instanceof Error ? e.message : String(e)];
    }
    if (problems.length > 0) return { kind: 'damaged', problem: damagedError(file, undefined, problems[0]), db };
    db.close();
    return { kind: 'ok', large: false };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Read-only in place, or (read-only disk without its -shm, full disk) a faithful copy in memory. */
function openReadOnly(file: string): LumioDatabase {
  let db: LumioDatabase | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    schemaVersion(db); // makes SQLite read the header (and the WAL index) now
    return db;
  } catch (e) {
    db?.close();
    const copy = readOnlySnapshot(file, e);
    if (copy) return copy;
    throw e;
  }
}

function readOnlyOrNull(file: string): LumioDatabase | null {
  if (!fs.existsSync(file)) return null;
  try {
    return openReadOnly(file);
  } catch {
    return null;
  }
}

/** An empty, up-to-date schema in memory: reads answer "nothing", the store's health refuses writes. */
function standIn(): LumioDatabase {
  return openDatabase(':memory:');
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Turns kept in a file at a locked close go into the history now; the file goes once they are in. */
function restoreUnsaved(store: LumioStore): void {
  const file = unsavedTurnsFile(store.file);
  if (!fs.existsSync(file)) return;
  const turns = readUnsavedFile(file);
  try {
    if (turns.length > 0) {
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      importExport(store, raw);
    }
    fs.rmSync(file, { force: true });
  } catch {
    // Still locked, or the file is unreadable: it stays for the next start.
  }
}
