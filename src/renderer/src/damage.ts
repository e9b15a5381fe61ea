import type { DamagedModel, LumioErrorPayload } from '../../shared/errors.js';
import { EngineStageSchema } from '../../shared/ipc.js';
import type { Strings } from './i18n.js';

/**
 * A damaged model in the person's language, from the parameters the core sends: "The female
 * English voice (piper-en-lessac-medium) is damaged: its file is shorter than published."
 */
export function damageSentence(t: Strings, d: DamagedModel): string {
  const words = t.models.damage;
  const what = d.role === 'tts' ? words.voice(d.gender, d.languages.length === 1 ? d.languages[0] : undefined) : words[d.role];
  return words.sentence(what, d.id, words.problem[d.problem], d.role);
}

/** What to do about it. */
export function damageAdvice(t: Strings, d: DamagedModel): string {
  const words = t.models.damage;
  return [d.role === 'vad' ? words.withoutVad : null, d.repairable ? words.repairIn : words.notRepairable].filter(Boolean).join(' ');
}

/**
 * An error as the person reads it, made from its code and parameters in their language: a damaged
 * model by name, a crash with what the engine was doing, a reason where the code has several.
 * The core's message (English, for logs) is never shown.
 */
export function errorText(t: Strings, e: LumioErrorPayload): string {
  if (e.model) return `${damageSentence(t, e.model)} ${damageAdvice(t, e.model)}`;
  const p = e.params ?? {};
  const words = t.errors;
  if (p.reason) return words.reasons[p.reason](p);
  if (e.code === 'ENGINE_CRASHED' && p.exit) {
    const stage = EngineStageSchema.safeParse(p.stage);
    const doing = stage.success && stage.data !== 'idle' ? t.engine.stages[stage.data] : null;
    return words.crashWhile(doing, p.model, words.exits[p.exit]);
  }
  if (e.code === 'MODEL_MISSING' && p.roles?.length) {
    return `${words.codes.MODEL_MISSING(p)} ${t.models.missingRoles(p.roles.map((r) => t.models.roles[r]).join(', '))}`;
  }
  return (words.codes[e.code] ?? (() => words.generic))(p);
}

/** What the person can do about an error, in their language, or null. (A damaged model's advice is in its sentence.) */
export function errorHint(t: Strings, e: LumioErrorPayload): string | null {
  if (e.model) return null;
  const p = e.params ?? {};
  const hint = (p.reason && t.errors.hints[p.reason]) || (p.reason ? undefined : t.errors.hints[e.code]);
  return hint ? hint(p) : null;
}
