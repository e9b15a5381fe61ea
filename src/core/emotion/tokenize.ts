/**
 * Tokenizer shared by the lexicon scorer, the Russian naive-Bayes model and its training script.
 * One function, so that training and inference can never disagree on what a "word" is.
 */

/** Lower-case, ё→е (Russian writers use both), typographic apostrophes → '. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’‘`´]/g, "'");
}

/**
 * Words, emoji and emoticons, in order. Emoticons are kept because short chat messages carry
 * much of their feeling in ":(" or Russian-style "((("; "!" and "?" runs are kept for arousal and surprise.
 */
export function tokenize(text: string): string[] {
  const norm = normalizeText(text);
  const re = /[\p{L}][\p{L}'-]*|\p{Extended_Pictographic}|[:;=8]-?[()\][dpo/\\|*]|\){2,}|\({2,}|!+|\?+|[.,;]/gu;
  return norm.match(re) ?? [];
}

/**
 * A crude stem for Russian and English: the first `n` letters. Russian inflection lives mostly in
 * the ending, so six letters keep "грустно/грустный/грустить" together without a morphology library.
 */
export function crudeStem(word: string, n = 6): string {
  return word.length > n ? word.slice(0, n) : word;
}
