/**
 * While a message is typed, its words so far go to the core ('turn.draft') for the chat model to
 * read ahead. The app and the benchmark send them by the same rule, so the benchmark measures what a
 * person typing gets.
 */

/** At most one draft this often while typing: each one costs the chat model a little reading. */
export const DRAFT_INTERVAL_MS = 500;

/**
 * The part of a message being typed worth sending ahead: its whole words, up to the last space
 * (the word being typed may still grow, and a grown word reads as different tokens).
 */
export function draftPart(typed: string): string {
  const cut = typed.search(/\s\S*$/);
  return cut < 0 ? '' : typed.slice(0, cut).trim();
}
