/**
 * The features the learned crisis detector reads from a message: words, word pairs in order,
 * word pairs in any order within a few words of each other, and letter n-grams inside words.
 *
 * Why these: Russian word order is free ("не хочу я больше жить", "жить я больше не хочу"), so
 * unordered pairs within a short window carry the same signal whatever the order; letter n-grams
 * catch inflections and spoken misspellings ("порезалась", "порезала себе", "порезы") without a
 * stemmer; ordered pairs keep the few places where order matters ("not going to", "не хочу").
 *
 * Each feature is hashed (FNV-1a, 32 bit) into a fixed number of buckets, so the model is a flat
 * array of weights and no vocabulary has to be stored. Each group is scaled to unit length, so a
 * long message's many letter n-grams do not drown its words.
 */

export interface HashedFeatures {
  /** Bucket indices, each < the table size given to hashFeatures. Repeats are summed. */
  index: number[];
  value: number[];
}

/** Lower case, ё as е, one kind of apostrophe, everything but letters, digits and apostrophes as a space. */
export function normalizeForModel(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/[^a-z0-9'\u00c0-\u024f\u0400-\u04ff]+/g, ' ')
    .replace(/(^|\s)'+|'+(?=\s|$)/g, '$1')
    .trim();
}

export function tokenize(text: string): string[] {
  const norm = normalizeForModel(text);
  return norm === '' ? [] : norm.split(' ');
}

/** How far apart two words may be and still form an unordered pair. */
const PAIR_WINDOW = 4;
const CHAR_MIN = 2;
const CHAR_MAX = 5;

/** The feature strings of a message, by group (exported for tests and for inspecting a model). */
export function featureStrings(text: string): string[][] {
  const tokens = tokenize(text);
  const words = tokens.map((t) => `w ${t}`);
  const bigrams: string[] = [];
  const pairs: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (i + 1 < tokens.length) bigrams.push(`b ${tokens[i]} ${tokens[i + 1]}`);
    for (let j = i + 1; j < Math.min(tokens.length, i + 1 + PAIR_WINDOW); j++) {
      const a = tokens[i]!;
      const b = tokens[j]!;
      pairs.push(a < b ? `p ${a} ${b}` : `p ${b} ${a}`);
    }
  }
  const chars: string[] = [];
  for (const t of tokens) {
    const padded = ` ${t} `;
    for (let n = CHAR_MIN; n <= CHAR_MAX; n++) {
      for (let k = 0; k + n <= padded.length; k++) chars.push(`c ${padded.slice(k, k + n)}`);
    }
  }
  if (tokens.length === 0) words.push('w <empty>');
  return [words, bigrams, pairs, chars];
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A fixed value per feature of each group, not scaled by the message's length: evidence of a crisis
 * has to add up, so a two-word message with nothing alarming in it stays near the bias (scaling to
 * unit length made "...and?" as loud as a whole sentence). Letter n-grams are many per word, so each
 * counts for less.
 */
const GROUP_SCALE = [0.3, 0.3, 0.15, 0.05];

/** The message as a sparse vector over `size` buckets (size a power of two). */
export function hashFeatures(text: string, size: number): HashedFeatures {
  const mask = size - 1;
  const out = new Map<number, number>();
  const groups = featureStrings(text);
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const scale = GROUP_SCALE[g]!;
    for (const f of group) {
      const idx = fnv1a(f) & mask;
      out.set(idx, (out.get(idx) ?? 0) + scale);
    }
  }
  return { index: [...out.keys()], value: [...out.values()] };
}
