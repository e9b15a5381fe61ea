/**
 * Takes out of a streamed reply what a voice cannot say and a chat bubble should not show: markdown
 * emphasis and code marks, headings, list markers at the start of a line, emoji, *actions in
 * asterisks*, [placeholders in brackets], and Chinese, Japanese or Korean characters (Qwen slips
 * into Chinese mid-sentence: «Я AI,所以我 не могу», eval/replies-blind9-2026-12-04.md; the voices
 * speak English and Russian, and would spell them out or stumble). The prompt asks for plain sentences, and a 1.5B model
 * still writes "1. **Introduction**:" and "on [date]" (eval/replies-blind3-2026-12-03.md).
 *
 * Works piece by piece, as the model writes: a character is held only while what it begins is
 * undecided (one '*' may open an action or be half of '**'; a line's first characters may be a
 * list marker), so the first words still reach the voice as they come.
 */

/** Longer than this, what followed a '*' or '[' was not an action or a placeholder: it is said after all. */
const MAX_ASIDE = 60;
const LIST_MARKER = /^[ \t]*(?:[-•*]|\d{1,2}[.)])[ \t]+$/u;
const MAYBE_LIST_MARKER = /^[ \t]*(?:[-•*]|\d{1,2}[.)]?)?[ \t]*$/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const FOREIGN_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** Code marks, heading marks, and the joiner and variation selector that emoji are built with. */
const UNSAYABLE_MARKS = new Set(['`', '#', '\u200d', '\ufe0f']);
const PUNCTUATION = /[.,!?;:…]/u;

export class SpeakableFilter {
  /** What an aside ('*…*' or '[…]') held so far, while it is one. */
  private aside: { close: string; text: string } | null = null;
  /** A '*' that may be the first of '**'. */
  private star = false;
  /** The start of a line, held while it may still be a list marker. */
  private lineHead: string | null = '';
  /** Spaces not yet passed on: dropped if an aside was cut out right before punctuation. */
  private spaces = '';
  private cut = false;
  private out = '';
  private carry = '';

  /** Takes a piece of the reply; returns what can be passed on now. */
  push(text: string): string {
    let whole = this.carry + text;
    this.carry = '';
    // A piece may end inside a character written as two UTF-16 units (most emoji): wait for its other half.
    if (/[\ud800-\udbff]$/.test(whole)) {
      this.carry = whole.slice(-1);
      whole = whole.slice(0, -1);
    }
    for (const ch of whole) this.take(ch);
    return this.flush();
  }

  /** The reply is over: what was held is passed on or, when it was an unclosed aside, dropped. */
  finish(): string {
    this.star = false;
    this.aside = null;
    if (this.lineHead) this.emit(this.lineHead);
    this.lineHead = null;
    return this.flush();
  }

  private take(ch: string): void {
    if (this.aside) {
      if (ch === this.aside.close) {
        this.aside = null;
        this.cut = true;
      } else if ((this.aside.text += ch).length > MAX_ASIDE) {
        // Too long for an aside: its words are said, without the mark that opened it.
        const { text } = this.aside;
        this.aside = null;
        for (const c of text) this.take(c);
      }
      return;
    }
    if (this.star) {
      this.star = false;
      // '**' marks emphasis: the marks go, the words stay.
      if (ch === '*') return;
      this.aside = { close: '*', text: '' };
      this.take(ch);
      return;
    }
    if (this.lineHead !== null) {
      const head = this.lineHead + ch;
      if (LIST_MARKER.test(head)) {
        // "1. " or "- " opening a line: a list item, said as a plain sentence.
        this.lineHead = null;
        this.emit(' ');
        return;
      }
      if (MAYBE_LIST_MARKER.test(head) && head.length < 6) {
        this.lineHead = head;
        return;
      }
      // Not a marker: what was held is read as any text.
      this.lineHead = null;
      for (const c of head) this.take(c);
      return;
    }
    this.plain(ch);
  }

  private plain(ch: string): void {
    if (ch === '\n') {
      this.emit(' ');
      this.lineHead = '';
      return;
    }
    if (ch === '*') {
      this.star = true;
      return;
    }
    if (ch === '[') {
      this.aside = { close: ']', text: '' };
      return;
    }
    if (PICTOGRAPH.test(ch) || FOREIGN_SCRIPT.test(ch) || UNSAYABLE_MARKS.has(ch)) {
      this.cut = true;
      return;
    }
    this.emit(ch);
  }

  private emit(ch: string): void {
    if (ch === ' ' || ch === '\t') {
      this.spaces += ' ';
      return;
    }
    // "on [date]." is "on." once the placeholder is out, not "on ."
    if (!(this.cut && PUNCTUATION.test(ch))) this.out += this.spaces.length ? ' ' : '';
    this.spaces = '';
    this.cut = false;
    this.out += ch;
  }

  private flush(): string {
    const out = this.out;
    this.out = '';
    return out;
  }
}
