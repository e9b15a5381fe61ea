import fs from 'node:fs';
import path from 'node:path';
import { SettingsSchema } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import type { RecoverResult } from '../../shared/ipc.js';
import { openDatabase } from './db.js';
import { importExport } from './export.js';
import type { LumioStore } from './history.js';

/**
 * A damaged history's way out: what can still be read is saved aside in memory, the damaged file
 * (with its -wal and -shm) is renamed in its own folder — kept, never deleted — and a fresh
 * history is created under the usual name with everything that was readable (and the settings).
 * On any failure before the fresh file exists, the damaged one is opened read-only again as it was.
 */
export function startFreshHistory(store: LumioStore, now: Date = new Date()): RecoverResult {
  if (store.health.state !== 'damaged') {
    throw new LumioError('INVALID_ARGUMENT', 'The history is not damaged, so there is nothing to start afresh.');
  }
  const file = store.file;
  const { data, unreadableTurns } = store.salvage();
  const keptAs = freeName(file, now);
  store.closeConnection();
  const moved: Array<[string, string]> = [];
  try {
    for (const suffix of ['', '-wal', '-shm']) {
      if (!fs.existsSync(file + suffix)) continue;
      fs.renameSync(file + suffix, keptAs + suffix);
      moved.push([file + suffix, keptAs + suffix]);
    }
  } catch (e) {
    for (const [from, to] of moved.reverse()) fs.renameSync(to, from);
    store.replaceConnection(openDatabase(file, { readonly: true }), store.health);
    throw new LumioError('DB_READONLY', `The damaged history could not be moved aside (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, {
      hint: `Check that ${path.dirname(file)} is writable; nothing was changed.`,
      cause: e,
    });
  }
  store.replaceConnection(openDatabase(file));
  const imported = importExport(store, { ...data, settings: undefined });
  if (data.settings) {
    const settings = SettingsSchema.safeParse(data.settings);
    if (settings.success) store.patchSettings(settings.data);
  }
  return {
    keptAs,
    conversations: imported.conversations,
    turns: imported.turns,
    unreadableTurns,
  };
}

/** lumio.damaged-2026-12-01T23-40-00.db, or with -2, -3 … when that name is taken. */
function freeName(file: string, now: Date): string {
  const dir = path.dirname(file);
  const base = path.basename(file, path.extname(file));
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  for (let i = 1; ; i++) {
    const name = path.join(dir, `${base}.damaged-${stamp}${i > 1 ? `-${i}` : ''}${path.extname(file) || '.db'}`);
    if (!fs.existsSync(name) && !fs.existsSync(`${name}-wal`)) return name;
  }
}
