import type { Settings } from '../../shared/domain.js';
import type { ModelRole } from '../../shared/models.js';
import type { EngineModels, ModelRef } from '../engine/protocol.js';
import { listInstalledModels } from '../models/locate.js';

export interface ResolvedModels {
  models: EngineModels;
  installed: ModelRef[];
  /** Roles a turn cannot do without (a missing VAD only costs silence trimming). */
  missingRoles: ModelRole[];
}

/** Real models before our synthetic test models; the person's explicit choice before both. */
function pick(installed: ModelRef[], role: ModelRole, chosen: string | null | undefined): ModelRef | null {
  const candidates = installed.filter((m) => m.manifest.role === role);
  if (chosen) {
    const exact = candidates.find((m) => m.manifest.id === chosen);
    if (exact) return exact;
  }
  return [...candidates].sort((a, b) => Number(a.manifest.synthetic) - Number(b.manifest.synthetic))[0] ?? null;
}

/** What the engine should load, from what is installed in the models folder and the settings. */
export async function resolveEngineModels(modelsDir: string, settings: Pick<Settings, 'sttModel' | 'llmModel'>): Promise<ResolvedModels> {
  const installed: ModelRef[] = await listInstalledModels(modelsDir);
  const models: EngineModels = {
    stt: pick(installed, 'stt', settings.sttModel),
    llm: pick(installed, 'llm', settings.llmModel),
    vad: pick(installed, 'vad', null),
    voices: installed.filter((m) => m.manifest.role === 'tts'),
  };
  const missingRoles: ModelRole[] = [];
  if (!models.stt) missingRoles.push('stt');
  if (!models.llm) missingRoles.push('llm');
  if (models.voices.length === 0) missingRoles.push('tts');
  return { models, installed, missingRoles };
}
