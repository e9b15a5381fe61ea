import { describe, expect, it } from 'vitest';
import { SentenceChunker, type SentenceChunkerOptions } from './sentence-chunker.js';

/** Splits text roughly the way an LLM tokenizer streams it: words with their leading space, punctuation apart. */
function tokenize(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}']+|\s*[^\s\p{L}\p{N}]|\s+/gu) ?? [];
}

/** Feeds tokens one by one; records each chunk with the index of the token that released it. */
function stream(text: string, options?: SentenceChunkerOptions) {
  const c = new SentenceChunker(options);
  const tokens = tokenize(text);
  const released: { chunk: string; atToken: number }[] = [];
  tokens.forEach((t, i) => {
    for (const chunk of c.push(t)) released.push({ chunk, atToken: i });
  });
  for (const chunk of c.flush()) released.push({ chunk, atToken: tokens.length });
  return { chunks: released.map((r) => r.chunk), released, tokens };
}

const norm = (s: string) => s.replace(/\s+/gu, ' ').trim();

describe('SentenceChunker', () => {
  it('streams English sentences as they end, keeping abbreviations and decimals whole', () => {
    const text =
      'Hello there! How are you doing today? I think Mr. Smith paid 3.5 dollars for it, e.g. a sandwich. ' +
      'Wait... what did you say? Dr. J. K. Rowling wrote it.';
    const { chunks, released, tokens } = stream(text);
    expect(chunks).toEqual([
      'Hello there!',
      'How are you doing today?',
      'I think Mr. Smith paid 3.5 dollars for it, e.g. a sandwich.',
      'Wait... what did you say?',
      'Dr. J. K. Rowling wrote it.',
    ]);
    // The first sentence leaves as soon as one token of the next one has been seen.
    expect(released[0]!.atToken).toBe(tokens.findIndex((t) => t === ' How'));
  });

  it('streams Russian sentences, keeping "т. е.", decimals with commas and «quotes» together', () => {
    const text =
      'Привет! Как у тебя дела? Я купил 3,5 кг яблок, т. е. довольно много. ' +
      'Он сказал: «Стой. Подожди!» и ушёл. А. С. Пушкин родился в Москве.\nНовая строка без точки';
    const { chunks } = stream(text);
    expect(chunks).toEqual([
      'Привет!',
      'Как у тебя дела?',
      'Я купил 3,5 кг яблок, т. е. довольно много.',
      'Он сказал: «Стой. Подожди!» и ушёл.',
      'А. С. Пушкин родился в Москве.',
      'Новая строка без точки',
    ]);
  });

  it('never loses or reorders text, whatever the token boundaries', () => {
    const texts = [
      'Ok. So. Let us begin! Первый пункт: это. Второй — то… Хорошо? "Quoted. Text." (Brackets. Here.) End',
      'No punctuation at all just a long line of words that keeps going and going, and going; with clauses — many of them, really many, more than two hundred characters in total so that the run-on rule must kick in somewhere here.',
    ];
    for (const text of texts) {
      for (let seed = 1; seed <= 20; seed++) {
        // Random cut points instead of word tokens.
        const c = new SentenceChunker();
        const out: string[] = [];
        let pos = 0;
        let r = seed;
        while (pos < text.length) {
          r = (r * 1103515245 + 12345) % 2147483648;
          const len = 1 + (r % 7);
          out.push(...c.push(text.slice(pos, pos + len)));
          pos += len;
        }
        out.push(...c.flush());
        expect(norm(out.join(' '))).toBe(norm(text));
        expect(out.every((s) => s.trim() === s && s.length > 0)).toBe(true);
      }
    }
  });

  it('merges short sentences that arrive together, and never holds one back', () => {
    const c = new SentenceChunker();
    // Arriving in one piece: "Ok." and "So." go to TTS together.
    expect(c.push('Ok. So. Now the real')).toEqual(['Ok. So.']);
    expect(c.push(' answer starts here. Yes. And this one is long enough. Bye')).toEqual([
      'Now the real answer starts here.',
      'Yes. And this one is long enough.',
    ]);
    expect(c.flush()).toEqual(['Bye']);

    // Token by token, a short sentence is released alone, at once (no gap waiting for company).
    const { chunks } = stream('Ok. Let me think about that for a moment. Yes. Right.');
    expect(chunks).toEqual(['Ok.', 'Let me think about that for a moment.', 'Yes.', 'Right.']);
  });

  it('speaks the first clause, not the first sentence: later chunks stay sentences', () => {
    const text =
      'Well, when you think about it for a little while, the answer becomes clear, and it is simpler than it looks. ' +
      'Then, after that, we can talk about something else, if you like, for as long as you want.';
    const { chunks } = stream(text);
    // "Well," alone is one word: the first break with three words and 16 characters is the one taken.
    expect(chunks[0]).toBe('Well, when you think about it for a little while,');
    expect(chunks[1]).toBe('the answer becomes clear, and it is simpler than it looks.');
    expect(chunks[2]).toBe('Then, after that, we can talk about something else, if you like, for as long as you want.');
    const off = stream(text, { firstClauseMinChars: Infinity }).chunks;
    expect(off[0]).toBe('Well, when you think about it for a little while, the answer becomes clear, and it is simpler than it looks.');
  });

  it('may end the first clause before "and"/"but" (и, но, а), with a few words before it', () => {
    expect(stream('I hear how tired you are and I am glad you told me about it. Rest now.').chunks).toEqual([
      'I hear how tired you are',
      'and I am glad you told me about it.',
      'Rest now.',
    ]);
    expect(stream('Мне очень жаль это слышать и я рядом с тобой. Расскажи.').chunks[0]).toBe('Мне очень жаль это слышать');
    // Too short before the conjunction ("Yes and"), or a conjunction inside a word ("sandwich"): no cut there.
    expect(stream('Yes and no, it depends on the day really. Ok.').chunks[0]).toBe('Yes and no, it depends on the day really.');
    expect(stream('I ate a big sandwich but then I felt bad. Ok.').chunks[0]).toBe('I ate a big sandwich');
  });

  it('ends sentences at newlines and handles lists', () => {
    const { chunks } = stream('Here are the steps:\n1. Open the app.\n2. Press the button.\nDone');
    expect(chunks).toEqual(['Here are the steps:', '1. Open the app.', '2. Press the button.', 'Done']);
  });

  it('returns nothing for empty or whitespace input and resets after flush', () => {
    const c = new SentenceChunker();
    expect(c.push('')).toEqual([]);
    expect(c.push('   \n  ')).toEqual([]);
    expect(c.flush()).toEqual([]);
    expect(c.push('Hi. Next')).toEqual(['Hi.']);
    expect(c.flush()).toEqual(['Next']);
    // A new reply after flush gets the early first release again.
    expect(c.push('Yo. Again')).toEqual(['Yo.']);
  });
});
