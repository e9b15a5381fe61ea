import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Shared by the store's tests (not a test itself); the sample turn is testing/sample-turn.ts. */

export function tempDir(prefix = 'lumio-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A small real tmpfs, for a real "disk full" and a real read-only file system. Needs root and
 * CAP_SYS_ADMIN (true in this dev container, often false in CI), so callers skip when it is null.
 */
export function mountTmpfs(sizeKb: number): { dir: string; remountReadOnly(): void; unmount(): void } | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = tempDir('lumio-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  let mounted = true;
  return {
    dir,
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' }),
    // Idempotent: the test unmounts when done, and an afterAll catches a test that was filtered out.
    unmount: () => {
      if (!mounted) return;
      mounted = false;
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
