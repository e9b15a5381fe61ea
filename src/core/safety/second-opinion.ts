import type { Language } from '../../shared/domain.js';
import type { CrisisCategory } from './crisis-patterns.js';

/**
 * The chat model's second opinion on a message the fast detector is unsure of (assessCrisis's
 * `unsure`). The answer is closed: a JSON-schema grammar lets the model say only one of five
 * words, so nothing it generates can be shown to the person or misread.
 *
 * The instructions come first and the message last, so the model's context can keep the
 * evaluated instructions from one call to the next and read only the new message.
 */
export type AskJson = (prompt: string, schema: object, options: { maxTokens: number; signal: AbortSignal }) => Promise<unknown>;

const ANSWERS = ['none', 'suicide', 'self_harm', 'abuse', 'panic'] as const;
type Answer = (typeof ANSWERS)[number];

/** One word of JSON: the grammar allows exactly these strings. */
export const SECOND_OPINION_SCHEMA = { enum: [...ANSWERS] } as const;
/** `"self_harm"` is the longest answer: a few tokens, and room to spare. */
export const SECOND_OPINION_MAX_TOKENS = 8;

/** Short examples of each answer, hard negatives among them: a small model follows examples better than rules. */
const EXAMPLES: Array<[string, Answer]> = [
  ['i want to die', 'suicide'],
  ['this exam is killing me', 'none'],
  ['жить я больше не хочу', 'suicide'],
  ['years ago i wanted to die, but i got help and i am fine now', 'none'],
  ['i cut my arm again tonight', 'self_harm'],
  ['порезала палец, когда резала лук', 'none'],
  ['муж опять ударил меня', 'abuse'],
  ['my brother beat me at chess', 'none'],
  ['не могу дышать, сердце колотится, мне страшно', 'panic'],
  ['after the run my heart was pounding', 'none'],
  ['i have enough pills saved, tonight is the night', 'suicide'],
  ['в книге герой покончил с собой', 'none'],
  ['he said he will kill me if i leave', 'abuse'],
  ['мне грустно и одиноко сегодня', 'none'],
  ['всем будет лучше без меня', 'suicide'],
  ['my friend says she wants to die, how can i help her', 'none'],
];

const INSTRUCTIONS =
  'You check what a person just said to a companion app, in English or Russian, for a crisis happening to the speaker now.\n' +
  'Answer with one word:\n' +
  'suicide - the speaker wants to die, to end their life or not wake up, plans or prepares it, or says goodbye for good;\n' +
  'self_harm - the speaker hurts their own body on purpose, or is about to;\n' +
  'abuse - someone is hitting, threatening, controlling, stalking or sexually forcing the speaker;\n' +
  'panic - the speaker is in a panic attack right now;\n' +
  'none - anything else: jokes and idioms, a crisis that is over, someone else\'s story, ' +
  'films, books, songs and news, questions about these topics, ordinary sadness, loneliness or stress, ' +
  'and a racing heart or breathlessness from exercise, coffee or illness.\n\n' +
  EXAMPLES.map(([text, answer]) => `Said: "${text}"\nAnswer: ${answer}\n`).join('\n');

export function secondOpinionPrompt(text: string, language: Language): string {
  void language;
  const said = text.replace(/\s+/g, ' ').replace(/"/g, "'").trim().slice(0, 600);
  return `${INSTRUCTIONS}\nSaid: "${said}"\nAnswer:`;
}

function isAnswer(x: unknown): x is Answer {
  return typeof x === 'string' && (ANSWERS as readonly string[]).includes(x);
}

/**
 * Asks the chat model; resolves to a category, or null for "none". Rejects when the model fails or
 * the signal aborts: the caller decides what an unanswered second opinion means (assessCrisis's
 * category stands, see the README of src/core/safety).
 */
export async function crisisSecondOpinion(text: string, language: Language, askJson: AskJson, signal: AbortSignal): Promise<CrisisCategory | null> {
  const answer = await askJson(secondOpinionPrompt(text, language), SECOND_OPINION_SCHEMA, { maxTokens: SECOND_OPINION_MAX_TOKENS, signal });
  if (!isAnswer(answer)) throw new Error(`crisis second opinion: unexpected answer ${JSON.stringify(answer)}`);
  return answer === 'none' ? null : answer;
}
