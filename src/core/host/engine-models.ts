import type { Settings } from '../../shared/domain.js';
import type { DamagedModel } from '../../shared/errors.js';
import type { ModelRole } from '../../shared/models.js';
import type { EngineModels, ModelRef } from '../engine/protocol.js';
import { checkModelHealth, toDamagedModel } from '../models/health.js';
import { listInstalledModels, pickModels } from '../models/locate.js';

export interface ResolvedModels {
  models: EngineModels;
  /** Installed models whose files are whole (present, in their format, matching their sha256). */
  installed: ModelRef[];
  /** Installed models that failed their check, with what is wrong; never handed to the engine to load. */
  damaged: DamagedModel[];
  /** Roles with nothing installed, whole or damaged (a missing VAD only costs silence trimming). */
  missingRoles: ModelRole[];
  /** Damaged models a turn would use for speech recognition or the reply: no turn starts until they are repaired. */
  blocking: DamagedModel[];
  /** A damaged speech detector: turns run without it, and the app says so. */
  degraded: DamagedModel[];
}

/**
 * What the engine should load, from what is installed in the models folder and the settings.
 * Every model is checked (files, sizes, format, sha256) before native code may open it. The choice
 * is made over whole and damaged models alike, so a damaged model that would have been chosen is
 * named instead of being quietly replaced by the next best.
 */
export async function resolveEngineModels(
  modelsDir: string,
  settings: Pick<Settings, 'sttModel' | 'llmModel'> & Partial<Pick<Settings, 'language' | 'voice'>>,
  o: { catalogIds?: ReadonlySet<string> } = {},
): Promise<ResolvedModels> {
  const installed: ModelRef[] = [];
  const damaged: DamagedModel[] = [];
  const damagedRefs: Array<ModelRef & { damage: DamagedModel }> = [];
  for (const model of await listInstalledModels(modelsDir)) {
    const problem = await checkModelHealth(model);
    if (!problem) {
      installed.push(model);
      continue;
    }
    const damage = toDamagedModel(model, problem, o.catalogIds?.has(model.manifest.id) ?? false);
    damaged.push(damage);
    damagedRefs.push({ ...model, damage });
  }
  const choice = pickModels([...installed, ...damagedRefs], {
    language: settings.language === 'ru' ? 'ru' : 'en',
    voice: settings.voice ?? 'female',
    sttModel: settings.sttModel,
    llmModel: settings.llmModel,
  });
  const damageOf = (ref: ModelRef | null) => damagedRefs.find((d) => d.manifest.id === ref?.manifest.id)?.damage ?? null;
  const whole = (ref: ModelRef | null) => (ref && !damageOf(ref) ? ref : null);
  const blocking = [damageOf(choice.stt), damageOf(choice.llm)].filter((d): d is DamagedModel => d !== null);
  const degraded = [damageOf(choice.vad)].filter((d): d is DamagedModel => d !== null);
  const models: EngineModels = {
    stt: whole(choice.stt),
    llm: whole(choice.llm),
    vad: whole(choice.vad),
    voices: installed.filter((m) => m.manifest.role === 'tts'),
    damagedVoices: damagedRefs.filter((m) => m.manifest.role === 'tts'),
  };
  const missingRoles = choice.missing.filter((r) => r !== 'vad');
  return { models, installed, damaged, missingRoles, blocking, degraded };
}
