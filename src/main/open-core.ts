import type { CorePort } from './core-port.js';

/**
 * Opens the core service for the app. PLACEHOLDER until src/core/service.ts (LumioService) and
 * the engine supervisor land: it reports honestly that the engine is not there, it fakes nothing.
 */
export async function openCore(_options: { home: string; modelsDir: string | null }): Promise<CorePort> {
  const listeners = new Set<(event: unknown) => void>();
  return {
    async handle() {
      return { ok: false, error: { code: 'INTERNAL', message: 'The Lumio core is not part of this build yet.' } };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
