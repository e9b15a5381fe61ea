/**
 * Sentences and words as the conversation code compares them: what Lumio asked before, what a
 * reply repeats. One definition, so the note that tells the model "you already asked this" and the
 * editor that drops a repeated question agree on what a question is.
 */

/** A sentence ends at a terminator run and its closing quotes, before whitespace. */
export const SENTENCE_END = /[.!?…]+["»”')\]]*(?=\s)/u;
/** A question: its last terminator is a question mark (closing quotes may follow). */
export const QUESTION_END = /\?["»”')\]]*$/u;

/** Lower case, ё as е, one kind of apostrophe: the forms people and models write interchangeably. */
export const foldForCompare = (s: string): string => s.toLowerCase().replace(/ё/g, 'е').replace(/[’`]/g, "'");

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let rest = text.replace(/\s+/g, ' ').trim();
  for (let m = SENTENCE_END.exec(rest); m; m = SENTENCE_END.exec(rest)) {
    const end = m.index + m[0].length;
    out.push(rest.slice(0, end).trim());
    rest = rest.slice(end).trim();
  }
  if (rest) out.push(rest);
  return out.filter(Boolean);
}

/** The questions in a reply: its sentences that end with a question mark ("?" alone is not one). */
export function questionsIn(reply: string): string[] {
  return splitSentences(reply).filter((s) => QUESTION_END.test(s) && s.length > 3);
}
