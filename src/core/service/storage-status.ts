import type { LumioErrorPayload } from '../../shared/errors.js';
import type { StorageStatus } from '../../shared/ipc.js';
import type { LumioStore } from '../store/history.js';

/** The history's health for the UI, with what was set right at open. */
export function storageStatus(store: LumioStore, notices: readonly LumioErrorPayload[]): StorageStatus {
  const h = store.health;
  return {
    state: h.state,
    ...(h.problem ? { problem: h.problem.toPayload() } : {}),
    checking: store.checking,
    unsavedTurns: store.unsavedTurns,
    notices: [...notices],
  };
}

/** Stored settings this version cannot use, as notices; none when the settings cannot even be read (a damaged file). */
export function refusedSettingsNotices(store: LumioStore): LumioErrorPayload[] {
  if (store.health.state === 'damaged') return [];
  let refused: Array<{ key: string; reason: string }>;
  try {
    refused = store.settingsReport().refused;
  } catch {
    return [];
  }
  return refused.map((r) => ({
    code: 'INVALID_ARGUMENT' as const,
    message: `The stored setting "${r.key}" could not be used (${r.reason}); the default is used instead.`,
    params: { reason: 'setting-refused' as const, setting: r.key },
  }));
}
