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

/**
 * A multiple choice in which most answers are not a crisis: a small model asked "is this a crisis?"
 * says yes to nearly anything that sounds sad; asked which of these describes the message, it has
 * the harmless readings in front of it.
 */
const CHOICES: Array<[letter: string, description: string, category: CrisisCategory | null]> = [
  ['A', 'the speaker wants to die or to end their life, or is preparing or saying goodbye for good', 'suicide'],
  ['B', 'the speaker hurts their own body on purpose', 'self_harm'],
  ['C', 'someone is hitting, threatening, controlling or sexually forcing the speaker', 'abuse'],
  ['D', 'the speaker is in a panic attack right now', 'panic'],
  ['E', 'a joke, an exaggeration or a figure of speech', null],
  ['F', 'something from the past that is over now', null],
  ['G', "someone else's story, a film, a book, a song or the news", null],
  ['H', 'a question about these topics, or an answer that denies them', null],
  ['I', 'ordinary sadness, loneliness, anger or stress', null],
  ['J', 'the body after exercise, coffee, illness or an accident', null],
  ['K', 'anything else', null],
];
const LETTERS = CHOICES.map(([letter]) => letter);

/** One letter of JSON: the grammar allows exactly these strings. */
export const SECOND_OPINION_SCHEMA = { enum: LETTERS } as const;
/** `"A"`: a few tokens, and room to spare. */
export const SECOND_OPINION_MAX_TOKENS = 6;

const INSTRUCTIONS =
  'A person said something to a companion app (in English or Russian). Which describes it best?\n' +
  CHOICES.map(([letter, description]) => `${letter}) ${description}`).join('\n') +
  '\nAnswer with the letter only.\n';

export function secondOpinionPrompt(text: string, language: Language): string {
  void language;
  const said = text.replace(/\s+/g, ' ').replace(/"/g, "'").trim().slice(0, 600);
  return `${INSTRUCTIONS}\nWhat they said: "${said}"\nAnswer:`;
}

/**
 * Asks the chat model; resolves to a category, or null for "none". Rejects when the model fails or
 * the signal aborts: the caller decides what an unanswered second opinion means (assessCrisis's
 * category stands; it can only add a crisis, see assess-crisis.ts).
 */
export async function crisisSecondOpinion(text: string, language: Language, askJson: AskJson, signal: AbortSignal): Promise<CrisisCategory | null> {
  const answer = await askJson(secondOpinionPrompt(text, language), SECOND_OPINION_SCHEMA, { maxTokens: SECOND_OPINION_MAX_TOKENS, signal });
  const choice = CHOICES.find(([letter]) => letter === answer);
  if (!choice) throw new Error(`crisis second opinion: unexpected answer ${JSON.stringify(answer)}`);
  return choice[2];
}
