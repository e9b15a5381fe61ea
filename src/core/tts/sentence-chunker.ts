/**
 * Cuts a streamed LLM reply into pieces worth sending to TTS, as early as possible.
 *
 * - A sentence is released as soon as it is known to be over: a terminator (. ! ? … and runs of
 *   them), optional closing quotes/brackets, whitespace, and then the first character of what
 *   follows. That one character of lookahead is what tells "Mr. Smith", "e.g. this", "т. е. это",
 *   "3.5" and "J. K. Rowling" from real sentence ends. A newline ends a sentence by itself.
 * - Text inside brackets or quotes stays together ("He said: «Stop. Wait!» and left.").
 * - Sentences that arrive together are merged until a chunk has at least `minChars`, so TTS is
 *   not called on "Ok." and then "So." separately. A short sentence that arrives alone is not
 *   held back: waiting for company could leave a gap in the audio.
 * - The FIRST chunk may end at a clause break (", " "; " ": " " — ", or before "and", "but",
 *   "и", "но", "а"…) once it holds a few words (`firstClauseMinChars`, `firstClauseMinWords`):
 *   time to the first audio is what the person notices, and while the voice says the first
 *   clause the model writes the rest. Later chunks stay sentence-sized, so the voice sounds natural.
 * - A run-on text with no sentence end is cut at a clause break once it exceeds `maxChars`.
 */

export interface SentenceChunkerOptions {
  /** Sentences arriving together are merged until a chunk has this many characters. */
  minChars?: number;
  /** Past this, an unfinished sentence is cut at its last clause break. */
  maxChars?: number;
  /** The first chunk may be cut at a clause break once it has this many characters (Infinity: never). */
  firstClauseMinChars?: number;
  /** …and this many words: "Oh, Anna," alone would sound clipped. */
  firstClauseMinWords?: number;
}

/** Words before which a clause may end (the conjunction starts the next chunk), in both languages. */
const CLAUSE_CONJUNCTIONS = ['and', 'but', 'because', 'which', 'и', 'но', 'а', 'потому', 'чтобы', 'который', 'которая', 'которые'];
/** A clause mark followed by more text, or the space before one of those conjunctions. */
const FIRST_CLAUSE_BREAK = new RegExp(`[,;:](?=\\s+\\S)|\\s[—–](?=\\s+\\S)|\\s(?=(?:${CLAUSE_CONJUNCTIONS.join('|')})\\s+\\S)`, 'giu');

const TERMINATORS = new Set(['.', '!', '?', '…']);
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '«': '»', '“': '”', '„': '“' };
const CLOSERS = new Set([')', ']', '}', '»', '”', '“', '"', "'", '’']);

/** Words that end with a dot but almost never end a sentence (compared lowercased, dots removed). */
const ABBREVIATIONS = new Set([
  // English
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'eg',
  'ie',
  'approx',
  'fig',
  'no',
  'nos',
  'vol',
  'mt',
  'ft',
  'inc',
  'ltd',
  // Russian
  'т',
  'тк',
  'те',
  'тч',
  'им',
  'ул',
  'пр',
  'просп',
  'проф',
  'акад',
  'доц',
  'стр',
  'рис',
  'см',
  'напр',
  'гр',
  'тов',
  'г-н',
  'г-жа',
  'ок',
  'руб',
  'коп',
  'тыс',
  'млн',
  'млрд',
]);

const isLetter = (c: string) => /\p{L}/u.test(c);
const isLower = (c: string) => /\p{Ll}/u.test(c);
const isUpper = (c: string) => /\p{Lu}/u.test(c);
const isSpace = (c: string) => /\s/u.test(c);

/** The word right before position `end` (letters, digits, inner dots and hyphens). */
function wordBefore(text: string, end: number): { word: string; start: number } {
  let s = end;
  while (s > 0 && /[\p{L}\p{N}.-]/u.test(text[s - 1]!)) s--;
  return { word: text.slice(s, end), start: s };
}

function joinChunks(a: string, b: string): string {
  const t = b.trim();
  if (!a) return t;
  if (!t) return a;
  return `${a} ${t}`;
}

export class SentenceChunker {
  private buffer = '';
  private emittedAny = false;
  private readonly minChars: number;
  private readonly maxChars: number;
  private readonly firstClauseMinChars: number;
  private readonly firstClauseMinWords: number;

  constructor(options: SentenceChunkerOptions = {}) {
    this.minChars = options.minChars ?? 24;
    this.maxChars = options.maxChars ?? 220;
    this.firstClauseMinChars = options.firstClauseMinChars ?? 16;
    this.firstClauseMinWords = options.firstClauseMinWords ?? 3;
  }

  push(text: string): string[] {
    this.buffer += text;
    const { sentences, rest } = this.scan(this.buffer);
    this.buffer = rest;
    const out: string[] = [];

    // Sentences that arrived together are merged up to minChars; a short one that arrived
    // alone still goes out at once (holding it back could leave a gap in the audio).
    let cur = '';
    sentences.forEach((s, i) => {
      cur = joinChunks(cur, s);
      if (cur.length >= this.minChars || i === sentences.length - 1) {
        out.push(cur);
        cur = '';
      }
    });
    if (out.length > 0) this.emittedAny = true;

    // Early first audio: the first chunk goes out at its first clause break.
    if (!this.emittedAny) {
      const cut = this.firstClauseBreak(this.buffer);
      if (cut > 0) {
        out.push(this.buffer.slice(0, cut).trim());
        this.buffer = this.buffer.slice(cut);
        this.emittedAny = true;
      }
    }
    // Run-on text: do not let TTS wait forever for a full stop.
    if (this.buffer.length > this.maxChars) {
      const cut = this.clauseBreak(this.buffer, this.minChars, 'last');
      if (cut > 0) {
        out.push(this.buffer.slice(0, cut).trim());
        this.buffer = this.buffer.slice(cut);
        this.emittedAny = true;
      }
    }
    return out.filter((s) => s.length > 0);
  }

  /**
   * The caller knows the sentence is over (the reply editor held what follows it, so the one
   * character of lookahead will not come until the next sentence is judged): release the buffer now.
   */
  endSentence(): string[] {
    const sentence = this.buffer.trim();
    this.buffer = '';
    if (!sentence) return [];
    this.emittedAny = true;
    return [sentence];
  }

  /** Releases whatever is left (end of the reply) and resets for the next one. */
  flush(): string[] {
    const last = this.buffer.trim();
    this.buffer = '';
    this.emittedAny = false;
    return last ? [last] : [];
  }

  /**
   * Splits off the sentences whose end is certain. Stops at the first terminator that still
   * needs lookahead; everything from the last cut on is returned as `rest`.
   */
  private scan(text: string): { sentences: string[]; rest: string } {
    const sentences: string[] = [];
    let cutAt = 0;
    const closing: string[] = [];
    let straightQuoteOpen = false;
    let i = 0;
    const cut = (end: number) => {
      if (text.slice(cutAt, end).trim()) sentences.push(text.slice(cutAt, end));
      cutAt = end;
    };

    while (i < text.length) {
      const c = text[i]!;
      if (c === '\n') {
        cut(i);
        closing.length = 0;
        straightQuoteOpen = false;
        i++;
        continue;
      }
      if (OPENERS[c] && !(c === '“' && closing.at(-1) === '“')) {
        closing.push(OPENERS[c]);
      } else if (closing.length > 0 && c === closing.at(-1)) {
        closing.pop();
      } else if (c === '"') {
        straightQuoteOpen = !straightQuoteOpen;
      }
      if (!TERMINATORS.has(c)) {
        i++;
        continue;
      }

      // A run of terminators, then closing quotes/brackets.
      let j = i;
      while (j < text.length && TERMINATORS.has(text[j]!)) j++;
      while (j < text.length && CLOSERS.has(text[j]!)) {
        const q = text[j]!;
        if (closing.length > 0 && q === closing.at(-1)) closing.pop();
        else if (q === '"') straightQuoteOpen = !straightQuoteOpen;
        j++;
      }
      if (j >= text.length) break; // need to see what follows
      if (!isSpace(text[j]!)) {
        // "3.5", "e.g.,", "...)" — not an end here.
        i = j;
        continue;
      }
      let k = j;
      let sawNewline = false;
      while (k < text.length && isSpace(text[k]!)) {
        if (text[k] === '\n') sawNewline = true;
        k++;
      }
      if (k >= text.length && !sawNewline) break; // need the next character
      const next = text[k] ?? '';

      const insideQuote = closing.length > 0 || straightQuoteOpen;
      const tooLong = j - cutAt > this.maxChars;
      if (!sawNewline && insideQuote && !tooLong) {
        i = j;
        continue;
      }
      if (!sawNewline && this.continuesSentence(text, cutAt, i, j, next)) {
        i = j;
        continue;
      }
      cut(j);
      i = j;
    }
    return { sentences, rest: text.slice(cutAt) };
  }

  /** True when the terminator run text[i..j) does not end the sentence (abbreviation, initial, list number). */
  private continuesSentence(text: string, sentenceStart: number, i: number, j: number, next: string): boolean {
    const run = text.slice(i, j).replace(/[^.!?…]/gu, '');
    const isPlainDot = run === '.';
    // "e.g. this", "т. е. это", "wait... what", "«Стой!» и ушёл": a lowercase word continues the sentence.
    if (isLower(next)) return true;
    if (!isPlainDot) return false;
    const { word, start } = wordBefore(text, i);
    const bare = word.replace(/\./gu, '').toLowerCase();
    if (ABBREVIATIONS.has(bare)) return true; // "Mr. Smith", "проф. Иванов"
    if (word.length === 1 && isUpper(word) && isUpper(next)) return true; // "J. K. Rowling"
    // "1. First item" at the start of a sentence is a list number, not a sentence.
    if (/^\d{1,2}$/u.test(word) && text.slice(sentenceStart, start).trim() === '') return true;
    if (word.length > 0 && isLetter(word) && /^\p{L}(\.\p{L})+$/u.test(word)) return true; // "i.e", "т.е"
    return false;
  }

  /**
   * Where the first chunk may end: after a clause mark, or before a conjunction, with enough
   * words before it. The conjunction must be followed by more text (it may be "and." otherwise).
   */
  private firstClauseBreak(text: string): number {
    if (!Number.isFinite(this.firstClauseMinChars)) return -1;
    for (const m of text.matchAll(FIRST_CLAUSE_BREAK)) {
      const end = m.index + m[0].length;
      const before = text.slice(0, end).trim();
      if (before.length < this.firstClauseMinChars) continue;
      if (before.split(/\s+/u).length < this.firstClauseMinWords) continue;
      return end;
    }
    return -1;
  }

  /**
   * Position just after a clause break (", " "; " ": " " — " " – ") with at least `minPos`
   * characters before it; 'first' finds the earliest such break, 'last' the latest.
   */
  private clauseBreak(text: string, minPos: number, which: 'first' | 'last'): number {
    if (!Number.isFinite(minPos)) return -1;
    const re = /[,;:](?=\s+\S)|\s[—–](?=\s+\S)/gu;
    let found = -1;
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      if (end < minPos) continue;
      found = end;
      if (which === 'first') break;
    }
    return found;
  }
}
