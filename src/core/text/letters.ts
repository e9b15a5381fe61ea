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
 * (and a \b that knows Cyrillic). Write patterns the readable way; compile them with this, once, at
 * module load. \p{L} and \p{Lu} may stand inside a character class too (`[\p{L}-]`, `[^\p{L}]`);
 * there they become the bare ranges, since a class cannot nest in another without the v flag. A \b
 * inside a class is a backspace, as in any pattern, and stays one. With the i flag \p{Lu} matches
 * lower case as well, exactly as it does in a Unicode pattern.
 */
export function compileLetterPattern(source: string, flags = 'gu'): RegExp {
  return new RegExp(spellOutLetters(source), flags.includes('u') ? flags : `${flags}u`);
}

/** The letter properties that are spelled out; any other \p{…} is left to the engine. */
const LETTER_PROPERTIES: [name: string, letters: string][] = [
  ['\\p{Lu}', UPPER_LETTER],
  ['\\p{L}', LETTER],
];

/** One pass that knows escapes and classes, so `\\b` (an escaped backslash, then b) and a class's own \b stay what they are. */
function spellOutLetters(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const property = LETTER_PROPERTIES.find(([name]) => source.startsWith(name, i));
    if (property) {
      const [name, letters] = property;
      out += inClass ? letters : `[${letters}]`;
      i += name.length - 1;
    } else if (c === '\\') {
      const escaped = source[i + 1] ?? '';
      out += escaped === 'b' && !inClass ? BOUNDARY : c + escaped;
      i++;
    } else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      out += c;
    }
  }
  return out;
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
