import { LumioError } from '../../shared/errors.js';
import { DEFAULT_SETTINGS, type Settings, SettingsPatchSchema, SettingsSchema } from '../../shared/domain.js';
import type { LumioDatabase } from './db.js';

/** A stored value longer than this is not a setting (no field allows it) and is not even parsed. */
const MAX_STORED_VALUE_CHARS = 8192;

export interface SettingsReport {
  settings: Settings;
  /** Stored values this version cannot use: each key fell back to its default. */
  refused: Array<{ key: keyof Settings; reason: string }>;
}

/**
 * Settings are stored one key per row, so a later version can add a key without a migration and a
 * value that no longer validates falls back to its default alone instead of resetting everything.
 */
export function readSettingsReport(db: LumioDatabase): SettingsReport {
  const rows = db.prepare(`SELECT key, CASE WHEN length(value) <= ${MAX_STORED_VALUE_CHARS} THEN value END AS value FROM settings`).all() as Array<{
    key: string;
    value: string | null;
  }>;
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const refused: SettingsReport['refused'] = [];
  const shape = SettingsSchema.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: Array<{ message: string }> } } }
  >;
  for (const { key, value } of rows) {
    const field = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!field) continue; // a key this version does not know (written by a newer one): keep it, ignore it
    const name = key as keyof Settings;
    if (value === null) {
      refused.push({ key: name, reason: 'the stored value is far too long' });
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      refused.push({ key: name, reason: 'the stored value is not readable' });
      continue;
    }
    const r = field.safeParse(parsed);
    if (r.success) merged[key] = r.data;
    else refused.push({ key: name, reason: r.error?.issues[0]?.message ?? 'the stored value is not valid' });
  }
  return { settings: SettingsSchema.parse(merged), refused };
}

export function readSettings(db: LumioDatabase): Settings {
  return readSettingsReport(db).settings;
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
