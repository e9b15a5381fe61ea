import { LumioError } from '../../shared/errors.js';
import { DEFAULT_SETTINGS, type Settings, SettingsPatchSchema, SettingsSchema } from '../../shared/domain.js';
import type { LumioDatabase } from './db.js';

/**
 * Settings are stored one key per row, so a later version can add a key without a migration and a
 * value that no longer validates falls back to its default alone instead of resetting everything.
 */
export function readSettings(db: LumioDatabase): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const shape = SettingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  for (const { key, value } of rows) {
    const field = shape[key];
    if (!field) continue; // a key this version does not know (written by a newer one): keep it, ignore it
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      continue;
    }
    const r = field.safeParse(parsed);
    if (r.success) merged[key] = r.data;
  }
  return SettingsSchema.parse(merged);
}

/** Validates the patch, writes the changed keys in one transaction, returns the full settings. */
export function patchSettings(db: LumioDatabase, patch: unknown): Settings {
  const r = SettingsPatchSchema.strict().safeParse(patch);
  if (!r.success) {
    throw new LumioError('INVALID_ARGUMENT', `Invalid settings: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const upsert = db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(r.data)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  }).immediate();
  return readSettings(db);
}
