import type { DownloadProgressEvent, ModelStatus, ModelsOverview } from '../../shared/ipc.js';

/** Live download state per model id, from models.progress events, laid over the last models.list. */
export type LiveProgress = Record<string, { receivedBytes: number; totalBytes: number | null; state: DownloadProgressEvent['state'] }>;

export function applyProgress(live: LiveProgress, e: DownloadProgressEvent): LiveProgress {
  return { ...live, [e.id]: { receivedBytes: e.receivedBytes, totalBytes: e.totalBytes, state: e.state } };
}

/** The state to show: a live event wins over the listing until the listing is reloaded. */
export function effectiveState(m: ModelStatus, live: LiveProgress): { state: string; received: number; total: number | null } {
  const p = live[m.id];
  if (!p) return { state: m.state, received: m.receivedBytes, total: m.sizeBytes };
  const state = p.state === 'cancelled' ? 'missing' : p.state;
  return { state, received: p.receivedBytes, total: p.totalBytes ?? m.sizeBytes };
}

/** Default models neither installed nor already on their way, and their total download size. */
export function missingDefaults(overview: ModelsOverview, live: LiveProgress = {}): { ids: string[]; bytes: number } {
  const missing = overview.catalog.filter((m) => {
    const state = effectiveState(m, live).state;
    return m.default && (state === 'missing' || state === 'failed');
  });
  return { ids: missing.map((m) => m.id), bytes: missing.reduce((sum, m) => sum + (m.sizeBytes ?? 0), 0) };
}

/**
 * A default that a product which is sold may not ship (its licence forbids commercial use or says
 * nothing): the Models screen flags it beside the licence, so the person decides knowingly.
 */
export function licenceWarning(m: Pick<ModelStatus, 'default' | 'commercialUse'>): boolean {
  return m.default && m.commercialUse !== 'yes';
}
