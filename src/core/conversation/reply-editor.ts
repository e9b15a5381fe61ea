import type { DropReason, DroppedSentence, Language, Tone } from '../../shared/domain.js';
import { foldForCompare, QUESTION_END, SENTENCE_END, splitSentences } from '../text/sentences.js';
import { type RecallAnswer, saysName } from './recall.js';
import words from './reply-editor-words.json' with { type: 'json' };

/**
 * Edits a reply as it streams, sentence by sentence, before it is shown or spoken. A 1.5B model
 * asks the question it asked two turns ago, repeats a sentence of an earlier reply word for word
 * (Russian most of all), and slips advice into the supportive tone that promises none; the prompt
 * alone did not stop it (eval/replies-*.md). Dropping such a sentence is cheap and certain.
 *
 * The first sentence passes through token by token: it is what the voice starts on, and holding it
 * would cost the first-audio time the design is built around. Only its first words wait while they
 * could still be the opening of a sentence of the turn's note (a small model sometimes says its note
 * back instead of answering). From the second sentence on, each sentence is held until it ends, then
 * kept or dropped.
 *
 * A reply is spoken, so it is kept as long as its tone promises (replyLength in the word file): past
 * that, the sentence and all after it go.
 *
 * A question that asks back something the person told ("what was my cat called?") is answered
 * from what they told or not at all: every sentence is held until one says something of it, and
 * a reply that never does (the model's "I have no information about your cat") is replaced by
 * the person's own words, which Lumio does remember.
 *
 * Told to say the person's name now and then, the model said it on the turn it was told and never
 * again; when a reply is due to say it (recall.ts nameToSay), the first sentence ends with it:
 * "That sounds lonely, Marina." Spoken at a sentence's end, a name needs no change of case or
 * capitals, in either language.
 */

export interface ReplyEditorOptions {
  language: Language;
  tone: Tone;
  /** Lumio's earlier replies in this conversation. */
  earlier: string[];
  /** The person asked for advice (now or on the turn before): then advice is what they want. */
  adviceWelcome: boolean;
  /** The instructions the model read (system prompt and turn note): a sentence that starts like one of their sentences is them said back. */
  note?: string;
  /** The person's words this turn: a question about where their words go makes every sentence wait to be checked. */
  asked?: string;
  /** This turn asks back something told earlier, or asks for a sum: a reply must say some of it or the result (conversation/recall.ts, sums.ts). */
  recallAnswer?: RecallAnswer;
  /** The person's name, for this reply to say: added to the end of its first sentence when that sentence does not say it. */
  addressAs?: string;
  /** Receives the text to show and speak, in order. */
  emit(text: string): void;
  /**
   * Called when the text emitted so far ends a sentence. What follows is held until it is judged,
   * so without this the voice would wait a whole sentence for the character that proves the end.
   */
  sentenceEnd?(): void;
}

const TRAILING_END = /[.!?…]+["»”')\]]*$/u;
const REPLY_LABEL = new RegExp(`^(?:${words.replyLabels.join('|')})\\s*:\\s*`, 'u');
const LONGEST_LABEL = Math.max(...words.replyLabels.map((l) => l.length)) + 2;
const CLOSING = /["»”')\]]/u;
/** A sentence that ends in a quote or a bracket (before its mark or in it): a name after it would seem part of it. */
const endsInQuote = (body: string, mark: string): boolean => CLOSING.test(mark) || CLOSING.test(body.slice(-1));
const WORD = /\p{L}[\p{L}'-]*/gu;
/** A text's words, lowercase with ё as е, as every comparison here reads them. */
const wordsOf = (text: string): string[] => foldForCompare(text).match(WORD) ?? [];
/** Sentences this short in content words ("I see.") are not compared: they recur naturally. */
const MIN_CONTENT_WORDS_FOR_STATEMENT = 4;

/** A sentence's content: its words without stopwords, cut to a stem so "friends" and "friend" meet. */
function contentKey(sentence: string, language: Language): Set<string> {
  const stop = new Set(words[language].stopwords);
  return new Set(
    wordsOf(sentence)
      .filter((w) => w.length >= 3 && !stop.has(w))
      .map((w) => w.slice(0, 5)),
  );
}

/** Most of their content words shared (a one-word question must match exactly). */
function overlaps(a: Set<string>, b: Set<string>, share: number): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  if (Math.min(a.size, b.size) === 1) return union === 1;
  return shared >= 2 && shared / union >= share;
}

/** How many words of a note's sentence a reply's sentence must start with to be that sentence said back. */
const ECHO_WORDS = 3;

/** The first words of each sentence of the note (lowercase, ё as е), to know a reply that says the note back. */
function noteOpenings(note: string): string[][] {
  // What the note quotes (the questions already asked) is not the note's own voice: a reply that
  // asks one again is a repeated question, judged as such, not an echo.
  return splitSentences(note.replace(/«[^»]*»|"[^"]*"|“[^”]*”/g, '. '))
    .map((sentence) => wordsOf(sentence).slice(0, ECHO_WORDS))
    .filter((words) => words.length >= 2);
}

/**
 * Where the start of a reply stands against the note's openings: 'echo' when its whole words are one
 * of them, 'maybe' while they (and the word still being written) could still become one, else 'no'.
 */
function againstNote(whole: string[], partial: string | undefined, openings: string[][]): 'echo' | 'maybe' | 'no' {
  let maybe = false;
  for (const opening of openings) {
    const n = Math.min(whole.length, opening.length);
    if (!whole.slice(0, n).every((w, i) => opening[i] === w)) continue;
    if (whole.length >= opening.length) return 'echo';
    if (partial === undefined || opening[whole.length]!.startsWith(partial)) maybe = true;
  }
  return maybe ? 'maybe' : 'no';
}

/**
 * Openings of a sentence that narrates the conversation from outside ("The person mentioned…",
 * «Человеку говорится о том, что…»): the model reading its instructions aloud in other words, so
 * judged as the note said back.
 */
const NARRATOR_OPENINGS: Record<Language, string[][]> = {
  en: words.en.narratorOpenings.map((o) => o.split(' ')),
  ru: words.ru.narratorOpenings.map((o) => o.split(' ')),
};

/**
 * A fact of this app the model is not to make up, asked about: where the person's words go (a
 * server, the cloud), or what Lumio is (the Coder 1.5B once said "I am a computer program created
 * by OpenAI", eval/replies-2026-12-02.md, and "created by Anthropic", eval/replies-blind9-2026-12-04.md).
 * On a turn whose words hold one of `asks`, a sentence naming one of `claims` without a negation
 * is dropped as a false claim, and `truth` is said in its place, once.
 */
interface Fact {
  asks: string[];
  claims: string[];
  truth: string;
}

const factsOf = (language: Language): Fact[] => {
  const list = words[language];
  return [
    { asks: list.privacyAsk, claims: list.privacyClaim, truth: list.privacyTruth },
    { asks: list.identityAsk, claims: list.makerClaim, truth: list.identityTruth },
  ];
};

/** The facts the person's words this turn ask about. */
function factsAsked(text: string, language: Language): Fact[] {
  const t = foldForCompare(text);
  return factsOf(language).filter((f) => f.asks.some((w) => t.includes(w)));
}

/** The sentence makes the claim (their words go off this computer; another company made Lumio), and does not deny it. */
function claims(sentence: string, fact: Fact, language: Language): boolean {
  const t = ` ${wordsOf(sentence).join(' ')} `;
  if (!fact.claims.some((c) => t.includes(c))) return false;
  return !words[language].negations.some((n) => (n === "n't" ? t.includes("n't ") : t.includes(` ${n} `)));
}

const escape = (p: string): string => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each language's advice words, compiled once: the phrases as one whole-word pattern, openers longest first. */
const ADVICE = Object.fromEntries(
  (['en', 'ru'] as const).map((language) => {
    const list = words[language];
    return [
      language,
      {
        phrases: new RegExp(`(?<!\\p{L})(?:${list.advicePhrases.map(escape).join('|')})(?!\\p{L})`, 'u'),
        // Longest first, so "может быть" is taken whole before "может".
        openers: [...list.adviceOpeners].map((o) => o.split(' ')).sort((a, b) => b.length - a.length),
        verbs: new Set(list.adviceVerbs),
      },
    ];
  }),
) as Record<Language, { phrases: RegExp; openers: string[][]; verbs: Set<string> }>;

/** The words after the openers that may come before an advice verb ("maybe", "просто"…). */
function withoutOpeners(ws: string[], language: Language): string[] {
  const { openers } = ADVICE[language];
  let rest = ws;
  for (let moved = true; moved && rest.length;) {
    moved = false;
    for (const o of openers) {
      if (rest.slice(0, o.length).join(' ') === o.join(' ')) {
        rest = rest.slice(o.length);
        moved = true;
        break;
      }
    }
  }
  return rest;
}

/** Advice: an advice phrase anywhere, or a statement that opens with an advice verb (after "maybe", "просто"…). */
export function isAdvice(sentence: string, language: Language): boolean {
  if (QUESTION_END.test(sentence)) return false;
  const { phrases, verbs } = ADVICE[language];
  if (phrases.test(foldForCompare(sentence).replace(/\s+/g, ' '))) return true;
  const ws = withoutOpeners(wordsOf(sentence), language);
  return verbs.has(ws.slice(0, 2).join(' ')) || (ws[0] !== undefined && verbs.has(ws[0]));
}

/**
 * Whether a reply's first words open advice ("Try to…", «Просто помни…»): 'yes' when an advice
 * verb stands after any openers, 'maybe' while only openers (or the first word of a two-word verb,
 * «не забывай») are written, else 'no'.
 */
function opensAdvice(whole: string[], language: Language): 'yes' | 'maybe' | 'no' {
  const { verbs } = ADVICE[language];
  const ws = withoutOpeners(whole, language);
  if (!ws.length) return 'maybe';
  if (verbs.has(ws[0]!) || verbs.has(ws.slice(0, 2).join(' '))) return 'yes';
  return ws.length === 1 && [...verbs].some((v) => v.startsWith(`${ws[0]} `)) ? 'maybe' : 'no';
}

export class ReplyEditor {
  /** Text received and not yet emitted or dropped. */
  private pending = '';
  /** The first sentence as emitted so far. */
  private first = '';
  private firstDone = false;
  private readonly kept: string[] = [];
  readonly dropped: DroppedSentence[] = [];
  private readonly questions: Set<string>[] = [];
  private readonly statements: Set<string>[] = [];
  private readonly openings: string[][];
  /**
   * The first sentence starts like a sentence of the note, or (in the supportive tone, unasked) like
   * advice: it is held (not yet shown or spoken) until its words part from the note's or from an
   * advice opening, or, when they are one, judged whole at its end ('judge'). Holding its first words
   * costs the voice nothing: a first clause needs three words anyway.
   */
  private firstHeld: 'undecided' | 'judge' | 'no' = 'undecided';
  /** Advice would be dropped from this reply (the supportive tone, none asked for). */
  private readonly adviceUnwelcome: boolean;
  /** A question asked back, and no sentence has answered it yet: sentences wait here, in order. */
  private awaitingAnswer: boolean;
  private readonly beforeAnswer: string[] = [];
  /** What the person asks about that Lumio knows (where their words go, what it is): a sentence claiming otherwise is not said. */
  private readonly factsAsked: Fact[];
  private readonly truthsSaid = new Set<Fact>();
  /** The reply reached its tone's length: what comes after is not said. */
  private full = false;
  /** How long the reply may be; none when it must say an answer (a question asked back, a sum), which matters more than the length. */
  private readonly limit: { sentences: number; words: number } | null;
  /** Whether the reply's start has been looked at for a heading such as "Ответ:" (replyLabels). */
  private labelChecked = false;
  /** The name was added to the first sentence (the model did not say it). */
  addedName: string | undefined;

  constructor(private readonly options: ReplyEditorOptions) {
    for (const reply of options.earlier) for (const s of splitSentences(reply)) this.remember(s);
    this.openings = [...(options.note ? noteOpenings(options.note) : []), ...NARRATOR_OPENINGS[options.language]];
    this.awaitingAnswer = options.recallAnswer !== undefined;
    this.limit = options.recallAnswer ? null : words.replyLength[options.language][options.tone];
    this.factsAsked = options.asked !== undefined ? factsAsked(options.asked, options.language) : [];
    this.adviceUnwelcome = options.tone === 'supportive' && !options.adviceWelcome;
    // Waiting for the answer, or for a claim about where their words go, the first sentence is judged whole like the others.
    if (this.awaitingAnswer || this.factsAsked.length) this.firstDone = true;
  }

  /**
   * Takes a heading off the reply's start ("Ответ: Сегодня…", seen on the 1.5B model in Russian): true
   * while the start may still become one and must be held. Judged once, on the reply's first letters.
   */
  private holdLabel(): boolean {
    const start = foldForCompare(this.pending.trimStart());
    const label = REPLY_LABEL.exec(start);
    if (label) {
      this.pending = this.pending.trimStart().slice(label[0].length);
    } else if (start.length < LONGEST_LABEL && words.replyLabels.some((l) => `${l}:`.startsWith(start))) {
      return true;
    }
    this.labelChecked = true;
    return false;
  }

  /** Still deciding whether the first sentence is the note said back: true while it must be held. */
  private holdFirst(): boolean {
    if (this.firstHeld === 'undecided') {
      const said = wordsOf(this.pending);
      // The word still being written may grow: it counts as the start of a word only.
      const partial = /[\p{L}'-]$/u.test(this.pending) ? said.pop() : undefined;
      const where = againstNote(said.slice(0, ECHO_WORDS), partial, this.openings);
      // Past the note's openings, advice in the first words: «Помни, что…» was said before it could be dropped.
      const advice = where === 'no' && this.adviceUnwelcome ? opensAdvice(said, this.options.language) : 'no';
      const ended = SENTENCE_END.test(this.pending) || (partial === undefined && /[.!?…]\s*$/u.test(this.pending));
      if (where === 'echo' || advice === 'yes') this.firstHeld = 'judge';
      else if (where === 'no' && (advice === 'no' || ended)) this.firstHeld = 'no';
    }
    return this.firstHeld !== 'no';
  }

  private remember(sentence: string): void {
    const key = contentKey(sentence, this.options.language);
    if (QUESTION_END.test(sentence)) this.questions.push(key);
    else if (key.size >= MIN_CONTENT_WORDS_FOR_STATEMENT) this.statements.push(key);
  }

  /** Why a held sentence goes, or null when it stays. */
  private verdict(sentence: string): DropReason | null {
    if (this.factsAsked.some((f) => claims(sentence, f, this.options.language))) return 'false claim';
    if (againstNote(wordsOf(sentence).slice(0, ECHO_WORDS), undefined, this.openings) === 'echo') return 'note echo';
    const key = contentKey(sentence, this.options.language);
    if (QUESTION_END.test(sentence)) return this.questions.some((q) => overlaps(key, q, 0.5)) ? 'repeated question' : null;
    if (key.size >= MIN_CONTENT_WORDS_FOR_STATEMENT && this.statements.some((s) => overlaps(key, s, 0.6))) return 'repeated sentence';
    if (this.adviceUnwelcome && isAdvice(sentence, this.options.language)) return 'advice';
    return null;
  }

  private judge(sentence: string): void {
    const reason = this.verdict(sentence);
    if (reason) {
      this.dropped.push({ sentence, reason });
      // Where their words go and what Lumio is are facts of this app, not the model's to make up: the fact, once.
      if (reason === 'false claim') {
        for (const fact of this.factsAsked.filter((f) => !this.truthsSaid.has(f) && claims(sentence, f, this.options.language))) {
          this.truthsSaid.add(fact);
          this.say(fact.truth);
        }
      }
      return;
    }
    if (this.limit && (this.full || this.tooLong(sentence, this.limit))) {
      this.full = true;
      this.dropped.push({ sentence, reason: 'too long' });
      return;
    }
    if (this.awaitingAnswer) {
      if (!this.options.recallAnswer!.isAnswer(sentence)) {
        this.beforeAnswer.push(sentence);
        return;
      }
      this.awaitingAnswer = false;
      for (const before of this.beforeAnswer.splice(0)) this.say(this.named(before));
    }
    this.say(this.named(sentence));
  }

  /**
   * The reply's first sentence with the person's name at its end, when the reply is due to say it
   * and the sentence does not already (a sentence ending in a quote is left alone: the name would
   * seem to be part of it). Later sentences are returned as they are.
   */
  private named(sentence: string): string {
    const name = this.options.addressAs;
    if (!name || this.kept.length > 0 || saysName(sentence, name)) return sentence;
    const end = TRAILING_END.exec(sentence)?.[0] ?? '';
    const body = sentence.slice(0, sentence.length - end.length).replace(/[\s,;:—–-]+$/u, '');
    if (!body || endsInQuote(body, end)) return sentence;
    this.addedName = name;
    return `${body}, ${name}${end || '.'}`;
  }

  /** Said after what is kept, the sentence would take the reply past its tone's length. */
  private tooLong(sentence: string, limit: { sentences: number; words: number }): boolean {
    const said = this.kept.reduce((n, k) => n + wordsOf(k).length, 0);
    return this.kept.length >= limit.sentences || said + wordsOf(sentence).length > limit.words;
  }

  /** The reply has reached its tone's length: the rest of it would only be dropped, so it need not be written. */
  get isFull(): boolean {
    return this.full || (this.limit !== null && this.kept.length >= this.limit.sentences);
  }

  private say(sentence: string): void {
    this.options.emit(this.kept.length ? ` ${sentence}` : sentence);
    this.options.sentenceEnd?.();
    this.keep(sentence);
  }

  private keep(sentence: string): void {
    this.kept.push(sentence);
    this.remember(sentence);
  }

  push(text: string): void {
    this.pending += text;
    if (!this.labelChecked && this.holdLabel()) return;
    if (!this.firstDone && this.holdFirst()) {
      if (this.firstHeld === 'undecided') return;
      // The note said back: the first sentence is judged whole, like the ones after it.
      this.firstDone = true;
    }
    if (!this.firstDone) {
      // Still the first sentence: straight through, as it comes (leading spaces dropped, so the reply starts clean).
      const m = SENTENCE_END.exec(this.pending);
      // A terminator at the very end waits for what follows: "3." may be "3.5", and "." then " What" is a sentence end.
      const end = m ? m.index + m[0].length : this.pending.length - (TRAILING_END.exec(this.pending)?.[0].length ?? 0);
      let chunk = this.first ? this.pending.slice(0, end) : this.pending.slice(0, end).trimStart();
      this.pending = this.pending.slice(end);
      // The sentence is whole: the name goes before its final mark (what came before is already out).
      if (m) chunk = this.namedEnd(chunk, m[0]);
      if (chunk) {
        this.options.emit(chunk);
        this.first += chunk;
      }
      if (!m) return;
      this.firstDone = true;
      this.options.sentenceEnd?.();
      this.keep(this.first.trim());
    }
    for (let m = SENTENCE_END.exec(this.pending); m; m = SENTENCE_END.exec(this.pending)) {
      const end = m.index + m[0].length;
      const sentence = this.pending.slice(0, end).replace(/\s+/g, ' ').trim();
      this.pending = this.pending.slice(end);
      if (sentence) this.judge(sentence);
    }
  }

  /**
   * The reply is written. `cutShort`: the model stopped at its token limit, so a last sentence with
   * no end was cut mid-thought; it goes (unless it is all there is). `stopped`: the person stopped the
   * reply; what was held was never shown or heard, so it goes too.
   */
  finish(o: { cutShort?: boolean; stopped?: boolean } = {}): string {
    // A reply shorter than the words it takes to tell: nothing more is coming, so it is no echo.
    if (!this.firstDone && this.firstHeld === 'undecided') this.firstHeld = 'no';
    if (!this.firstDone) {
      // A one-sentence reply: what was held back is its final mark.
      let end = o.stopped ? '' : this.first ? this.pending : this.pending.trimStart();
      if (!o.stopped) end = this.namedEnd(end, TRAILING_END.exec(end)?.[0] ?? '');
      if (end) this.options.emit(end);
      this.first += end;
      this.pending = '';
      if (this.first.trim()) this.keep(this.first.trim());
      this.firstDone = true;
    }
    const last = this.pending.replace(/\s+/g, ' ').trim();
    this.pending = '';
    if (last && !o.stopped) {
      if (o.cutShort && !TRAILING_END.test(last)) this.dropped.push({ sentence: last, reason: 'unfinished' });
      else this.judge(last);
    }
    if (this.awaitingAnswer && !o.stopped) {
      // Asked back (or for a sum), and nothing said any of it: what the person told, in their words (or the sum, worked out).
      for (const sentence of this.beforeAnswer.splice(0)) this.dropped.push({ sentence, reason: 'not answered' });
      const answer = this.options.recallAnswer!;
      this.say(answer.fallback ?? words[this.options.language].recallFallback.replace('{told}', answer.told));
      this.awaitingAnswer = false;
    }
    // Every sentence went (the note said back, advice in the supportive tone): a short true line instead of an empty reply.
    if (!o.stopped && this.kept.length === 0 && this.dropped.length > 0) this.say(words[this.options.language].emptyFallback);
    return this.text;
  }

  /**
   * The last piece of a streamed first sentence (ending in `mark`, its final punctuation) with the
   * name put before the mark, as `named` does for a sentence held whole.
   */
  private namedEnd(piece: string, mark: string): string {
    const name = this.options.addressAs;
    const whole = `${this.first}${piece}`;
    if (!name || this.kept.length > 0 || !whole.trim() || saysName(whole, name)) return piece;
    const before = piece.slice(0, piece.length - mark.length);
    const body = `${this.first}${before}`;
    if (!/\p{L}/u.test(body) || endsInQuote(body.trimEnd(), mark)) return piece;
    this.addedName = name;
    return `${before.replace(/[\s,;:—–-]+$/u, '')}, ${name}${mark || '.'}`;
  }

  /** The reply as shown and spoken. */
  get text(): string {
    return this.kept.join(' ').replace(/\s+/g, ' ').trim();
  }
}
