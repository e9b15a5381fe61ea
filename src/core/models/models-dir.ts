import fs from 'node:fs';
import path from 'node:path';
import { modelsDirTextProblem } from '../../shared/domain.js';
import { LumioError, type ModelsDirProblem } from '../../shared/errors.js';
import { makeDirs, statOrNull } from '../private-files.js';

/** Kernel folders where a models folder makes no sense and even mkdir can misbehave; a link into them counts too. */
const VIRTUAL_ROOTS = process.platform === 'win32' ? [] : ['/proc', '/sys', '/dev'];

/**
 * Checks a models folder the person chose, with a bounded number of file-system calls, before it
 * is stored or used: the text (absolute, plain, no NUL, not under /proc, /sys or /dev), where it
 * really leads once links are followed, and that it is a folder or can be made one (it is made
 * here, one level at a time). Returns the folder to use, or a LumioError that says what is wrong.
 */
export function checkModelsDir(dir: string): { ok: true; dir: string } | { ok: false; error: LumioError } {
  const refuse = (dirProblem: ModelsDirProblem, message: string, cause?: unknown): { ok: false; error: LumioError } => ({
    ok: false,
    error: new LumioError('INVALID_ARGUMENT', message, {
      hint: 'Choose an existing folder you can write to, or leave it empty for the default.',
      cause,
      params: { reason: 'models-dir-unusable', dirProblem, path: typeof dir === 'string' ? dir.slice(0, 300) : '' },
    }),
  });
  const text = modelsDirTextProblem(dir);
  if (text) return refuse(text.problem, text.message);
  const target = path.resolve(dir);

  // The nearest part of the path that exists, resolved through links: /tmp/link-to-proc/x is /proc/…
  let existing = target;
  while (!statOrNull(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real: string;
  try {
    real = fs.realpathSync.native(existing);
  } catch (e) {
    return refuse('unreachable', `The models folder ${target} cannot be reached.`, e);
  }
  const virtual = VIRTUAL_ROOTS.find((root) => real === root || real.startsWith(`${root}/`));
  if (virtual) return refuse('system-folder', `The models folder ${target} leads into ${virtual}, which holds no files.`);

  const st = statOrNull(target);
  if (st) return st.isDirectory() ? { ok: true, dir: target } : refuse('is-a-file', `${target} is a file, not a folder.`);
  try {
    makeDirs(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const [problem, why]: [ModelsDirProblem, string] =
      code === 'ENOTDIR'
        ? ['part-is-a-file', 'a part of it is a file']
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? ['not-writable', 'that place is not writable']
          : code === 'ENOSPC'
            ? ['disk-full', 'the disk is full']
            : ['cannot-create', code || 'it cannot be created'];
    return refuse(problem, `The models folder ${target} cannot be created: ${why}.`, e);
  }
  return { ok: true, dir: target };
}
