import type { Language } from '../../shared/domain.js';

/**
 * The letters of the texts Lumio reads: Latin with its accented forms, Greek and Cyrillic, both
 * cases. Spelled out instead of \p{L} because V8 builds the full Unicode letter class, case-folded,
 * for every pattern that uses \p{L}: with hundreds of patterns the first message took 0.2–0.9 s to
 * check (compiling, then compiling again to native code), on the path before the reply. Spelled
 * out, the first check takes a few ms.
 */
export const LETTER = 'a-zA-Z\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff';
/** Upper-case letters of the same scripts, for \p{Lu}. */
export const UPPER_LETTER = 'A-Z\\u00c0-\\u00d6\\u00d8-\\u00de\\u0391-\\u03a9\\u0400-\\u042f';
/** JS's \b only knows ASCII letters; this one knows Cyrillic too. */
export const BOUNDARY = `(?:(?<![${LETTER}\\d])(?=[${LETTER}\\d])|(?<=[${LETTER}\\d])(?![${LETTER}\\d]))`;

/**
 * A pattern written with \b, \p{L} and \p{Lu}, compiled with the spelled-out letter classes above
 * (and a \b that knows Cyrillic). Write patterns the readable way; compile them with this.
 */
export function compileLetterPattern(source: string, flags = 'gu'): RegExp {
  const spelled = source
    .replace(/\\b/g, BOUNDARY)
    .replace(/\\p\{Lu\}/g, `[${UPPER_LETTER}]`)
    .replace(/\\p\{L\}/g, `[${LETTER}]`);
  return new RegExp(spelled, flags.includes('u') ? flags : `${flags}u`);
}

const CYRILLIC = /[\u0400-\u04ff]/g;
const LATIN = /[a-zA-Z\u00c0-\u024f]/g;

/** How many Cyrillic and Latin letters a text has. */
export function scriptCounts(text: string): { cyrillic: number; latin: number } {
  return { cyrillic: text.match(CYRILLIC)?.length ?? 0, latin: text.match(LATIN)?.length ?? 0 };
}

/** Lumio's two languages by their letters: more Cyrillic than Latin is Russian, anything else English. */
export function guessLanguage(text: string): Language {
  const { cyrillic, latin } = scriptCounts(text);
  return cyrillic > latin ? 'ru' : 'en';
}
