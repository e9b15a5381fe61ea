import type { Language } from '../../shared/domain.js';
import { foldForCompare } from './sentences.js';
import names from './first-names.json' with { type: 'json' };
import places from './places.json' with { type: 'json' };

/**
 * First names and places in what a person says: spoken words arrive in lower case ("me and tom
 * broke up", «из омска ехали»), so a name or a place is known by being on a list of common ones
 * (first-names.json, places.json), not by its capital.
 */

const WORD = /\p{L}[\p{L}'-]*/gu;
/** Russian case endings, longest first, so «варварой» is read as «варвар» + «ой», not «варваро» + «й». */
const RU_ENDINGS = [...names.ruEndings].sort((a, b) => b.length - a.length);
/** The last letter a Russian noun's case forms replace: «катя» → «кат-», «казань» → «казан-». */
const REPLACED = /[аяйь]$/u;

type Finder = (word: string) => string | undefined;

function englishFinder(list: string[]): Finder {
  const known = new Set(list);
  return (word) => {
    const base = word.replace(/'s$/, '');
    return known.has(base) ? base : undefined;
  };
}

function russianFinder(list: string[]): Finder {
  const known = new Set(list);
  const stems = new Map(list.filter((w) => REPLACED.test(w)).map((w) => [w.slice(0, -1), w]));
  return (word) => {
    if (known.has(word)) return word;
    for (const ending of RU_ENDINGS) {
      if (!word.endsWith(ending)) continue;
      const base = word.slice(0, -ending.length);
      // «ивана» is «иван» + «а»; «кат» + «ю» is «катя», but «ром» is no form of «рома».
      const found = stems.get(base) ?? (known.has(base) && !REPLACED.test(base) ? base : undefined);
      if (found) return found;
    }
    return undefined;
  };
}

const NAME_FINDERS: Record<Language, Finder> = { en: englishFinder(names.en), ru: russianFinder(names.ru) };
const PLACE_FINDERS: Record<Language, Finder> = { en: englishFinder(places.en), ru: russianFinder(places.ru) };

function listedIn(text: string, find: Finder): string[] {
  const found = (foldForCompare(text).match(WORD) ?? []).map(find);
  return [...new Set(found.filter((w): w is string => w !== undefined))];
}

/** The first names the text holds, each once, as listed ("tom", «катя» for «катю»). */
export const namesIn = (text: string, language: Language): string[] => listedIn(text, NAME_FINDERS[language]);

/** The places the text holds, each once, as listed ("leeds", "new york", «омск» for «из омска»). */
export function placesIn(text: string, language: Language): string[] {
  const found = listedIn(text, PLACE_FINDERS[language]);
  if (language !== 'en') return found;
  const padded = ` ${foldForCompare(text).replace(/[^\p{L}' ]+/gu, ' ')} `.replace(/\s+/g, ' ');
  return [...found, ...places.enPhrases.filter((p) => padded.includes(` ${p} `))];
}
