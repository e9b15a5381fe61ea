import { describe, expect, it } from 'vitest';
import { SpeakableFilter } from './speakable.js';

/** Streams `text` through a filter in pieces of `size` characters; returns what came out, and the pieces. */
function filter(text: string, size = 3): { out: string; pieces: string[] } {
  const f = new SpeakableFilter();
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(f.push(text.slice(i, i + size)));
  pieces.push(f.finish());
  return { out: pieces.join(''), pieces };
}

describe('SpeakableFilter', () => {
  it('passes plain sentences through unchanged, in any piece size', () => {
    for (const size of [1, 2, 5, 100]) {
      expect(filter('That sounds hard, Anna. What happened at 3.5 hours?', size).out).toBe('That sounds hard, Anna. What happened at 3.5 hours?');
      expect(filter('Понимаю тебя — это тяжело.', size).out).toBe('Понимаю тебя — это тяжело.');
    }
  });

  it('takes out markdown emphasis, code marks and headings, keeping the words', () => {
    expect(filter('You need **three** things: `rest` and ## time.', 1).out).toBe('You need three things: rest and time.');
  });

  it('says a list as plain sentences: the markers at the start of a line go', () => {
    // Seen on the Coder 1.5B (blind3, e06), with its newlines.
    const reply = 'Focus on these points:\n1. **Introduction**: introduce yourself.\n2. Overview.\n- Last one.';
    expect(filter(reply, 2).out).toBe('Focus on these points: Introduction: introduce yourself. Overview. Last one.');
    // A number opening a line without a list mark is a number.
    expect(filter('Yes.\n3 hours is enough.', 1).out).toBe('Yes. 3 hours is enough.');
  });

  it('drops actions in asterisks and placeholders in brackets, and the space they leave before punctuation', () => {
    expect(filter('*smiles* Hello there.', 1).out).toBe(' Hello there.');
    expect(filter('Your sister booked it for [date]. Ring at [time], okay?', 4).out).toBe('Your sister booked it for. Ring at, okay?');
    expect(filter('Я рядом *обнимает*.', 2).out).toBe('Я рядом.');
  });

  it('says what followed a lone mark when it runs too long to be an aside', () => {
    const long = 'this is not an action at all but a sentence that goes on and on well past any aside';
    expect(filter(`Note *${long}.`, 7).out).toBe(`Note ${long}.`);
  });

  it('drops Chinese, Japanese and Korean characters a model slips into a Russian or English reply', () => {
    expect(filter('Я AI,所以我 не могу быть живым человеком.').out).toBe('Я AI, не могу быть живым человеком.');
    expect(filter('Мм, сожалею听到 это.').out).toBe('Мм, сожалею это.');
    expect(filter('Sure。 That is fine.').out).toBe('Sure That is fine.');
  });

  it('drops emoji', () => {
    expect(filter('Great news! 🎉🙂 Tell me more ❤️.', 1).out).toBe('Great news! Tell me more.');
  });

  it('holds nothing longer than it must: plain words come out with the piece that brought them', () => {
    const { pieces } = filter('Hello there, Sam.', 6);
    expect(pieces[0]).toBe('Hello');
    expect(pieces[1]).toBe(' there,');
  });
});
