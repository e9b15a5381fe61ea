import type { Settings } from '../../shared/domain.js';
import type { ModelRole } from '../../shared/models.js';
import type { EngineModels, ModelRef } from '../engine/protocol.js';
import { listInstalledModels, pickModels, verifyModelFiles } from '../models/locate.js';

export interface ResolvedModels {
  models: EngineModels;
  /** Installed models whose files are whole (present, and matching their sha256). */
  installed: ModelRef[];
  /** Installed models that failed verification, with what is wrong; never handed to the engine. */
  damaged: Array<{ id: string; message: string }>;
  /** Roles a turn cannot do without (a missing VAD only costs silence trimming). */
  missingRoles: ModelRole[];
}

/**
 * What the engine should load, from what is installed in the models folder and the settings.
 * Every file is checked against its manifest's sha256 before native code may open it (cached by
 * size and mtime, so a 1 GB model is hashed once, not at every start).
 */
export async function resolveEngineModels(
  modelsDir: string,
  settings: Pick<Settings, 'sttModel' | 'llmModel'> & Partial<Pick<Settings, 'language' | 'voice'>>,
): Promise<ResolvedModels> {
  const installed: ModelRef[] = [];
  const damaged: ResolvedModels['damaged'] = [];
  for (const model of await listInstalledModels(modelsDir)) {
    const verdict = await verifyModelFiles(model.dir, model.manifest, { hash: true });
    if (verdict.ok) installed.push(model);
    else {
      const problems = verdict.problems.map((p) => `${p.file}: ${p.problem}${p.detail ? ` (${p.detail})` : ''}`).join('; ');
      damaged.push({ id: model.manifest.id, message: `${model.manifest.name} is damaged: ${problems}` });
    }
  }
  const choice = pickModels(installed, {
    language: settings.language === 'ru' ? 'ru' : 'en',
    voice: settings.voice ?? 'female',
    sttModel: settings.sttModel,
    llmModel: settings.llmModel,
  });
  const models: EngineModels = {
    stt: choice.stt,
    llm: choice.llm,
    vad: choice.vad,
    voices: installed.filter((m) => m.manifest.role === 'tts'),
  };
  const missingRoles = choice.missing.filter((r) => r !== 'vad');
  return { models, installed, damaged, missingRoles };
}
