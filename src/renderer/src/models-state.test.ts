import { describe, it, expect } from 'vitest';
import type { ModelStatus, ModelsOverview } from '../../shared/ipc.js';
import { applyProgress, effectiveState, licenceWarning, missingDefaults } from './models-state.js';

const model = (id: string, extra: Partial<ModelStatus> = {}): ModelStatus => ({
  id,
  role: 'stt',
  name: id,
  description: { en: '', ru: '' },
  languages: ['en'],
  default: true,
  sizeBytes: 100,
  memoryBytes: null,
  license: 'MIT',
  commercialUse: 'yes',
  unverifiedFiles: 0,
  unpinnedFiles: 0,
  sources: 1,
  state: 'missing',
  receivedBytes: 0,
  ...extra,
});

describe('models state', () => {
  it('lets live progress win over the listing, and maps cancelled back to missing', () => {
    let live = applyProgress({}, { type: 'models.progress', id: 'a', receivedBytes: 40, totalBytes: 100, state: 'downloading' });
    expect(effectiveState(model('a'), live)).toEqual({ state: 'downloading', received: 40, total: 100 });
    live = applyProgress(live, { type: 'models.progress', id: 'a', receivedBytes: 0, totalBytes: 100, state: 'cancelled' });
    expect(effectiveState(model('a'), live).state).toBe('missing');
    expect(effectiveState(model('b', { state: 'installed' }), live).state).toBe('installed');
  });

  it('sums only the default models that are not installed', () => {
    const overview: ModelsOverview = {
      modelsDir: '/m',
      installed: [],
      missingRoles: [],
      damaged: [],
      freeMemoryBytes: 1,
      freeDiskBytes: null,
      catalog: [
        model('a', { sizeBytes: 300 }),
        model('b', { state: 'installed' }),
        model('c', { default: false }),
        model('d', { sizeBytes: null }),
        // Damaged is not missing: it is repaired on its own, not downloaded with the default set.
        model('e', { state: 'damaged' }),
      ],
    };
    expect(missingDefaults(overview)).toEqual({ ids: ['a', 'd'], bytes: 300 });
    // One already downloading is not offered again.
    const live = applyProgress({}, { type: 'models.progress', id: 'a', receivedBytes: 1, totalBytes: 300, state: 'downloading' });
    expect(missingDefaults(overview, live)).toEqual({ ids: ['d'], bytes: 0 });
  });

  it('flags a default whose licence does not allow commercial use, or does not say', () => {
    expect(licenceWarning(model('a', { commercialUse: 'yes' }))).toBe(false);
    expect(licenceWarning(model('a', { commercialUse: 'no' }))).toBe(true);
    expect(licenceWarning(model('a', { commercialUse: 'unknown' }))).toBe(true);
    expect(licenceWarning(model('a', { commercialUse: 'no', default: false }))).toBe(false);
  });
});
