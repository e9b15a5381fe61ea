import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LumioError } from '../shared/errors.js';

/**
 * The file-system calls the atomic writer makes, so a test can inject a failure (a full disk
 * half-way through) at the exact call where a real one would happen.
 */
export interface WriteOps {
  open(file: string): number;
  write(fd: number, data: Uint8Array): number;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  /** Makes the rename itself durable; best effort (not every platform can fsync a folder). */
  fsyncDir(dir: string): void;
}

export const nodeWriteOps: WriteOps = {
  // wx: never follow or reuse an existing file at the temp name; 0o600: exports hold private words.
  open: (file) => fs.openSync(file, 'wx', 0o600),
  write: (fd, data) => fs.writeSync(fd, data),
  fsync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.unlinkSync(file),
  fsyncDir: (dir) => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(dir, 'r');
      fs.fsyncSync(fd);
    } catch {
      /* Windows cannot open a folder; the rename is still atomic there */
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
};

const CHUNK = 64 * 1024;

/**
 * Writes `data` to a temp file beside `target`, fsyncs it and renames it over the target. Either
 * the whole new file is there, or nothing changed: on any failure the temp file is removed and an
 * existing target is left as it was. ENOSPC/EDQUOT become DISK_FULL.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, ops: WriteOps = nodeWriteOps): { path: string; bytes: number } {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const full = path.resolve(target);
  const dir = path.dirname(full);
  // Same folder as the target, so the rename never crosses file systems (which would not be atomic).
  const temp = path.join(dir, `.${path.basename(full)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fd = ops.open(temp);
    created = true;
    for (let off = 0; off < bytes.length;) {
      const n = ops.write(fd, bytes.subarray(off, Math.min(off + CHUNK, bytes.length)));
      if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      off += n;
    }
    ops.fsync(fd);
    ops.close(fd);
    fd = undefined;
    ops.rename(temp, full);
    created = false;
    ops.fsyncDir(dir);
    return { path: full, bytes: bytes.length };
  } catch (e) {
    if (fd !== undefined) {
      try {
        ops.close(fd);
      } catch {
        /* already failing */
      }
    }
    if (created) {
      try {
        ops.unlink(temp);
      } catch {
        /* nothing more we can do; the name starts with a dot and ends in .tmp */
      }
    }
    throw describeWriteError(e, full);
  }
}

function describeWriteError(e: unknown, target: string): LumioError {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new LumioError('DISK_FULL', `The disk is full, so ${path.basename(target)} was not written.`, {
      hint: `Free some space or choose another place. Nothing was changed at ${target}.`,
      cause: e,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new LumioError('INVALID_ARGUMENT', `Lumio cannot write to ${path.dirname(target)} (read-only or no permission).`, {
      hint: 'Choose another folder.',
      cause: e,
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new LumioError('INTERNAL', `Could not write ${target}: ${message}`, { cause: e });
}
