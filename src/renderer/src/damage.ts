import type { DamagedModel, LumioErrorPayload } from '../../shared/errors.js';
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

/** An error as the person reads it: a damaged model by name in their language, anything else as the core said it. */
export function errorText(t: Strings, e: LumioErrorPayload): string {
  return e.model ? `${damageSentence(t, e.model)} ${damageAdvice(t, e.model)}` : e.message || t.errors.generic;
}
