import type { Language, Voice } from '../../shared/domain.js';
import type { ModelRef } from './protocol.js';

/**
 * The voice for a reply: the chosen gender in the reply's language, else the other gender in
 * that language (a voice in the right language matters more than its gender), else nothing.
 * Real voices win over the project's synthetic test voices.
 */
export function pickVoice(voices: ModelRef[], language: Language, gender: Voice): ModelRef | null {
  const inLanguage = voices.filter((v) => v.manifest.role === 'tts' && v.manifest.languages.includes(language));
  const rank = (v: ModelRef) => (v.manifest.gender === gender ? 0 : 2) + (v.manifest.synthetic ? 1 : 0);
  return [...inLanguage].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}
