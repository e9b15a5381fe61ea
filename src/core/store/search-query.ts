/**
 * Builds an FTS5 MATCH expression from what a person typed. Each word becomes a quoted string
 * with a prefix star ("прив"* finds "привет"), so FTS operators in the input (", *, -, ^, :,
 * NEAR, AND, OR, NOT, parentheses) are never parsed as syntax and cannot throw. Words are the
 * same letter/digit runs FTS5's unicode61 tokenizer keeps, and ё is folded to е as the index does.
 * Returns null when nothing searchable is left.
 */
export function ftsQuery(input: string, maxTerms = 16): string | null {
  const words = normalizeForSearch(input).match(/[\p{L}\p{N}\p{M}\p{Co}]+/gu) ?? [];
  const terms = words.slice(0, maxTerms).map((w) => `"${w.slice(0, 64)}"*`);
  return terms.length === 0 ? null : terms.join(' ');
}

export function normalizeForSearch(text: string): string {
  return text.normalize('NFC').replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}
