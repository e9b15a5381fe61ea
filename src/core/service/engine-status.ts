import type { EngineStatus } from '../../shared/ipc.js';
import type { SupervisorStatus } from '../engine/supervisor.js';
import type { ResolvedModels } from '../host/engine-models.js';

/**
 * What the UI is told about the engine: the models come first (damaged, then missing, stop a turn
 * before the worker matters), then the worker's own state. A stage is a code; the words are the UI's.
 */
export function engineStatus(s: SupervisorStatus, resolved: ResolvedModels | null): EngineStatus {
  const models = resolved?.models;
  const state: EngineStatus['state'] =
    resolved && resolved.blocking.length > 0
      ? 'damaged-models'
      : resolved && resolved.missingRoles.length > 0
        ? 'missing-models'
        : s.state === 'stopped'
          ? 'ready'
          : s.state === 'busy' && s.stage.startsWith('loading')
            ? 'loading'
            : s.state;
  const message = s.state === 'crashed' || s.state === 'restarting' ? s.lastCrash : undefined;
  return {
    state,
    ...(s.stage !== 'idle' ? { stage: s.stage } : {}),
    ...(s.detail && s.stage.startsWith('loading') ? { detail: s.detail } : {}),
    ...(message ? { message } : {}),
    models: {
      stt: models?.stt?.manifest.id ?? null,
      llm: models?.llm?.manifest.id ?? null,
      tts: models?.voices.map((v) => v.manifest.id).join(', ') || null,
      vad: models?.vad?.manifest.id ?? null,
    },
    ...(resolved?.damaged.length ? { damaged: resolved.damaged } : {}),
  };
}
