import type { EmotionLabel } from '../../shared/domain.js';
import { EN_LEXICON } from './lexicon-en.js';
import { RU_LEXICON } from './lexicon-ru.js';
import { tokenize } from './tokenize.js';

export type Emotion6 = Exclude<EmotionLabel, 'neutral'>;
export const EMOTIONS_6: readonly Emotion6[] = ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise'];

interface Hit {
  label: Emotion6;
  weight: number;
}

interface CompiledLexicon {
  /** Exact words and multi-word phrases ("fed up", "ничего себе"). */
  exact: Map<string, Hit[]>;
  /** Prefix entries ("annoy*", "груст*"), looked up longest first. */
  prefix: Map<string, Hit[]>;
  maxPrefix: number;
}

function compile(lexicon: Record<Emotion6, string[]>): CompiledLexicon {
  const exact = new Map<string, Hit[]>();
  const prefix = new Map<string, Hit[]>();
  let maxPrefix = 0;
  for (const label of EMOTIONS_6) {
    for (const entry of lexicon[label]) {
      const [termRaw, weightRaw] = entry.split('=');
      const term = (termRaw ?? '').replace(/ё/g, 'е');
      const weight = weightRaw === undefined ? 1 : Number(weightRaw);
      const isPrefix = term.endsWith('*');
      const key = isPrefix ? term.slice(0, -1) : term;
      const map = isPrefix ? prefix : exact;
      const hits = map.get(key) ?? [];
      hits.push({ label, weight });
      map.set(key, hits);
      if (isPrefix) maxPrefix = Math.max(maxPrefix, key.length);
    }
  }
  return { exact, prefix, maxPrefix };
}

const COMPILED = { en: compile(EN_LEXICON), ru: compile(RU_LEXICON) };

const NEGATORS = {
  en: new Set([
    'not',
    'no',
    'never',
    "don't",
    'dont',
    "doesn't",
    'doesnt',
    "didn't",
    'didnt',
    "isn't",
    'isnt',
    "wasn't",
    "aren't",
    "can't",
    'cant',
    'cannot',
    "won't",
    "wouldn't",
    "shouldn't",
    'nothing',
    'hardly',
    'without',
    "ain't",
    'nor',
  ]),
  ru: new Set(['не', 'нет', 'ни', 'никогда', 'без', 'нисколько', 'отнюдь']),
};
const INTENSIFIERS = {
  en: new Set([
    'very',
    'so',
    'really',
    'extremely',
    'super',
    'totally',
    'absolutely',
    'incredibly',
    'too',
    'such',
    'truly',
    'utterly',
    'deeply',
    'completely',
    'fucking',
    'damn',
    'most',
    'insanely',
  ]),
  ru: new Set([
    'очень',
    'так',
    'такой',
    'такая',
    'такое',
    'совсем',
    'сильно',
    'безумно',
    'крайне',
    'слишком',
    'жутко',
    'самый',
    'самая',
    'ужасно',
    'невероятно',
    'чертовски',
    'дико',
    'настолько',
    'совершенно',
    'абсолютно',
    'просто',
  ]),
};
const DOWNTONERS = {
  en: new Set(['bit', 'slightly', 'somewhat', 'little', 'kinda', 'kind', 'sort', 'barely', 'mildly']),
  ru: new Set(['немного', 'немножко', 'чуть', 'чуть-чуть', 'слегка', 'несколько', 'малость', 'отчасти']),
};
/** A negation does not reach across these. */
const CLAUSE_BREAKS = new Set(['.', ',', ';', 'but', 'and', 'но', 'а', 'и', 'зато', 'однако']);

/** Emoji and emoticons carry feeling in both languages. */
const SYMBOLS: Record<string, Hit> = {
  ':)': { label: 'joy', weight: 1.5 },
  ':d': { label: 'joy', weight: 1.8 },
  ';)': { label: 'joy', weight: 1.2 },
  '=)': { label: 'joy', weight: 1.5 },
  ':p': { label: 'joy', weight: 1 },
  ':(': { label: 'sadness', weight: 1.5 },
  '=(': { label: 'sadness', weight: 1.5 },
  ':o': { label: 'surprise', weight: 1.5 },
  ':/': { label: 'anger', weight: 0.6 },
};
const EMOJI: Array<[string, Emotion6, number]> = [
  ['😂🤣😄😊😁😀😃😆🥰😍😘❤💕💖👍🎉🥳😎🙂☺🤗✨💪🙏😌😇🤩', 'joy', 1.8],
  ['😢😭😞😔💔😿☹🙁😟😥😓😪', 'sadness', 1.8],
  ['😡😠🤬👿💢🖕😤😒🙄', 'anger', 1.8],
  ['😱😨😰😧😬', 'fear', 1.8],
  ['🤢🤮', 'disgust', 2],
  ['😮😲🤯😯😳', 'surprise', 1.8],
];
const EMOJI_MAP = new Map<string, Hit>();
for (const [chars, label, weight] of EMOJI) for (const ch of chars) EMOJI_MAP.set(ch, { label, weight });

function lookupWord(lex: CompiledLexicon, word: string): Hit[] | undefined {
  const exact = lex.exact.get(word);
  if (exact) return exact;
  for (let n = Math.min(word.length, lex.maxPrefix); n >= 2; n--) {
    const hits = lex.prefix.get(word.slice(0, n));
    if (hits) return hits;
  }
  return undefined;
}

export interface LexiconResult {
  /** Raw evidence per emotion (≥ 0), not normalised. */
  scores: Record<Emotion6, number>;
  /** Extra arousal from "!!!", shouting in capitals and intensifiers, 0…1. */
  arousalBoost: number;
  /** How many cues were found; 0 means the text says nothing emotional to the lexicon. */
  cues: number;
}

export function scoreWithLexicon(text: string, language: 'ru' | 'en'): LexiconResult {
  const lex = COMPILED[language];
  const tokens = tokenize(text);
  const scores: Record<Emotion6, number> = { anger: 0, disgust: 0, fear: 0, joy: 0, sadness: 0, surprise: 0 };
  let arousalBoost = 0;
  let cues = 0;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) arousalBoost += 0.3;

  const add = (hit: Hit, factor: number): void => {
    scores[hit.label] += hit.weight * factor;
    cues++;
  };

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    if (tok.startsWith('!')) {
      arousalBoost += Math.min(0.3, 0.1 * tok.length);
      continue;
    }
    if (tok.startsWith('?')) {
      add({ label: 'surprise', weight: 0.7 }, 1);
      continue;
    }
    if (tok.startsWith('))')) {
      add({ label: 'joy', weight: 1.5 }, 1);
      continue;
    }
    if (tok.startsWith('((')) {
      add({ label: 'sadness', weight: 1.5 }, 1);
      continue;
    }
    const symbol = SYMBOLS[tok] ?? EMOJI_MAP.get(tok);
    if (symbol) {
      add(symbol, 1);
      continue;
    }

    // Phrases first ("fed up", "не по себе"), then the single word.
    let hits: Hit[] | undefined;
    let span = 1;
    for (const n of [3, 2]) {
      if (i + n > tokens.length) continue;
      const phrase = tokens.slice(i, i + n).join(' ');
      const found = lex.exact.get(phrase);
      if (found) {
        hits = found;
        span = n;
        break;
      }
    }
    hits ??= lookupWord(lex, tok);
    if (!hits) continue;

    // Look back up to three words for a negator or a modifier, never across a clause break.
    let negated = false;
    let factor = 1;
    const phraseHasNegation = span > 1 && NEGATORS[language].has(tok);
    for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
      const prev = tokens[j] as string;
      if (CLAUSE_BREAKS.has(prev) || prev.startsWith('!') || prev.startsWith('?')) break;
      if (NEGATORS[language].has(prev) || prev.endsWith("n't")) negated = true;
      else if (INTENSIFIERS[language].has(prev)) {
        factor *= 1.5;
        arousalBoost += 0.1;
      } else if (DOWNTONERS[language].has(prev)) factor *= 0.6;
    }
    for (const hit of hits) {
      if (negated && !phraseHasNegation) {
        // "not happy" leans sad; "not angry / not scared" mostly cancels the feeling.
        if (hit.label === 'joy') add({ label: 'sadness', weight: hit.weight * 0.5 }, factor);
        else add(hit, 0.15);
      } else add(hit, factor);
    }
    i += span - 1;
  }
  return { scores, arousalBoost: Math.min(1, arousalBoost), cues };
}
