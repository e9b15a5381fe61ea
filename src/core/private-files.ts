import fs from 'node:fs';
import path from 'node:path';

/**
 * Lumio's data is among the most private a person has (what they told a companion), so its folder
 * is 700 and every file in it 600: other accounts on the same computer cannot read it. Windows has
 * no POSIX modes; there the per-user profile folder's ACL already keeps other accounts out, and it
 * is left as it is.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** chmod that never throws: a file we do not own, or a file system without modes, keeps its mode. */
export function makePrivate(target: string, mode: number = PRIVATE_FILE_MODE): void {
  if (!posix) return;
  try {
    fs.chmodSync(target, mode);
  } catch {
    /* not ours to change (or already gone): the folder's 700 still protects it */
  }
}

/**
 * Creates `dir` and its missing parents one level at a time, each with one plain mkdir, so the
 * number of system calls is bounded by the path's depth. Node's `mkdirSync(dir, { recursive: true })`
 * is not: on /proc/self/x it loops forever. Throws the first file-system error (with its errno
 * code) and leaves what it created. Returns the folders it created, outermost first.
 */
export function makeDirs(dir: string, mode: number = PRIVATE_DIR_MODE): string[] {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let at = target; ; at = path.dirname(at)) {
    const st = statOrNull(at);
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR', path: at });
      break;
    }
    missing.unshift(at);
    if (path.dirname(at) === at) break; // a root that does not exist (an unmounted drive)
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode });
    } catch (e) {
      // Another process made it meanwhile: fine, as long as it is a folder now.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statOrNull(d)?.isDirectory()) throw e;
    }
  }
  return missing;
}

/**
 * The data folder: created 700 if needed. An existing one is tightened to 700 only when it is
 * Lumio's (it holds `marker`, e.g. an older install's lumio.db left 755) or empty: a folder someone
 * pointed $LUMIO_HOME at, full of their own files, keeps its mode (Lumio's files in it are 600).
 */
export function ensurePrivateDir(dir: string, marker: string): void {
  const created = makeDirs(dir, PRIVATE_DIR_MODE).length > 0;
  if (created || statOrNull(path.join(dir, marker)) || fs.readdirSync(dir).length === 0) makePrivate(dir, PRIVATE_DIR_MODE);
}

export function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}
