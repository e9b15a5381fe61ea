import type { Crisis, DroppedSentence, Language, LanguageSetting, Mood, Timings, Tone, Transcript, TurnEvent, Voice } from '../../shared/domain.js';
import { LumioError, toLumioError, type LumioErrorPayload } from '../../shared/errors.js';
import type { ProsodyFeatures } from '../audio/prosody.js';
import type { ChatMessage, ChatModel, PcmAudio, SpeechSynthesizer } from '../engines.js';
import { moodInCrisis } from '../emotion/fusion.js';
import { guessLanguage } from '../emotion/text-emotion.js';
import { SpeakableFilter } from '../text/speakable.js';
import type { ListenResult, ListenSession } from './listen-session.js';
import { asksForAdvice, type RecallAnswer } from './recall.js';
import { ReplyEditor } from './reply-editor.js';
import { SpeechQueue } from './speech-queue.js';

/**
 * One turn of conversation: the words (heard by a ListenSession while the key was held, or typed)
 * → mood and safety → the chat model's reply, streamed → the voice, clause by clause.
 *
 * The recording never reaches this function: the listen session holds it segment by segment and
 * drops each one once transcribed. What is measured is what the person waits: from the end of
 * speech to the first reply audio handed out.
 */

export interface TurnEngines {
  llm: ChatModel;
  /** Returns the voice for a language and gender (loading it on first use). */
  voice(language: Language, voice: Voice): Promise<SpeechSynthesizer>;
}

export interface MemoryContext {
  facts: string[];
  summaries: string[];
}

/** The conversation as the host's store knows it. */
export interface TurnContext {
  history: ChatMessage[];
  memory?: MemoryContext;
  /** The language of the conversation's first turn: its system prompt is written in it. */
  conversationLanguage?: Language;
}

/** The companion's pieces (mood, safety, prompts), injected so the orchestrator stays testable. */
export interface TurnCompanion {
  /** Prosody of one speech segment (numbers only), read before the segment's audio is dropped. */
  analyzeVoice(audio: PcmAudio): ProsodyFeatures;
  /** Fuses the words and the voice (which may use the transcript, e.g. for syllable rate). */
  mood(text: string, language: Language, voice: ProsodyFeatures | undefined): Mood;
  /**
   * The crisis check, before the reply: the fast detector, and where it is unsure and a trusted
   * chat model is there, that model's second opinion (a few percent of turns; see companion.ts).
   */
  crisis(text: string, language: Language, signal?: AbortSignal): Crisis | null | Promise<Crisis | null>;
  systemPrompt(o: { language: Language; tone: Tone; memory?: MemoryContext }): string;
  /**
   * The note before the words: mood, reply language, and what the conversation so far keeps in view
   * (its turns, this turn's words). `note` starts with `head`, the part the turns before this one
   * decide (the same text `noteHead` gives, read once here).
   */
  turnNote(o: { language: Language; mood?: Mood; tone?: Tone; history?: ChatMessage[]; user?: string }): {
    head: string;
    note: string;
    /** This turn asks back something told earlier: what a reply must say some of (the reply editor holds it to that). */
    recallAnswer?: RecallAnswer;
    /** The person's name, for this reply to say (the reply editor adds it when the model does not). */
    addressAs?: string;
  };
  /** How that note starts, from the turns before this one alone (known while the person speaks; the chat model may read it ahead). */
  noteHead(o: { language: Language; history: ChatMessage[] }): string;
  /** A few lines about turns that leave the chat model's view. */
  foldNote(dropped: Array<{ user: string; reply: string }>, language: Language): string;
  style(tone: Tone, mood: Mood | undefined): { speed: number; maxTokens: number };
}

export type TurnInput = { listen: ListenSession } | { text: string };

export interface TurnRequest {
  turnId: string;
  conversationId: string;
  input: TurnInput;
  tone: Tone;
  voice: Voice;
  language: LanguageSetting;
  /** Resolves once the host has sent the conversation (it may arrive after the key went down). */
  context: TurnContext | Promise<TurnContext>;
  signal?: AbortSignal;
  /**
   * Speak the first clause as soon as it is written (default). false waits for the first whole
   * sentence, as before (the benchmark's baseline).
   */
  firstClause?: boolean;
  /** Read the whole prompt again instead of the cached prefix (the benchmark's baseline). */
  freshContext?: boolean;
  /** turn.started already went out (a spoken turn announces itself when the key goes down). */
  announced?: boolean;
}

export interface TurnResult {
  transcript: Transcript;
  mood: Mood;
  crisis: Crisis | null;
  replyText: string;
  /** The note the chat model was given before the words (stored, so the next prompt repeats it exactly). */
  note: string;
  /** Sentences of the model's reply that were not shown or spoken (repeats, unasked-for advice), and why. */
  dropped: DroppedSentence[];
  /** The person's name, added to the first sentence because the model left it out. */
  addedName?: string;
  /** The text of the sentences that were synthesized, in order. */
  spokenSentences: string[];
  interrupted: boolean;
  timings: Timings;
  /** Set when the reply could not be spoken; the text is still whole. */
  speechError?: LumioErrorPayload;
}

export type TurnEmitter = (event: TurnEvent) => void;

const now = () => performance.now();
const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Typed letters say their language for certain (Cyrillic or Latin), so they win over the setting;
 * text without letters (emoji) keeps the chosen language.
 */
export function readTyped(text: string, language: LanguageSetting, fallback: Language = 'en'): Transcript {
  const words = text.trim();
  if (!words) throw new LumioError('INVALID_ARGUMENT', 'The message is empty.');
  const hasLetters = /[a-z\u0400-\u04ff]/i.test(words);
  return { text: words, language: hasLetters ? guessLanguage(words) : language === 'auto' ? fallback : language, segments: [] };
}

export async function runTurn(request: TurnRequest, engines: TurnEngines, companion: TurnCompanion, emit: TurnEmitter): Promise<TurnResult> {
  const { turnId, signal } = request;
  const timings: Timings = {};
  const checkAbort = () => {
    if (signal?.aborted) throw new LumioError('ABORTED', 'The turn was stopped.');
  };

  if (!request.announced) emit({ type: 'turn.started', turnId, conversationId: request.conversationId });

  // The end of speech: the talk key came up (finish() is called now), or the message was sent.
  const t0 = now();
  let heard: ListenResult | null = null;
  let transcript: Transcript;
  if ('listen' in request.input) {
    heard = await request.input.listen.finish();
    transcript = heard.transcript;
    Object.assign(timings, heard.timings);
  } else {
    transcript = readTyped(request.input.text, request.language);
  }
  checkAbort();
  emit({ type: 'turn.transcript', turnId, transcript });

  let t = now();
  const language = transcript.language;
  let mood = companion.mood(transcript.text, language, heard?.prosody);
  // Safety reads the words before the model runs; a crisis also sets the mood the person sees.
  const crisis = await companion.crisis(transcript.text, language, signal);
  if (crisis) mood = moodInCrisis(mood, crisis);
  timings.emotionMs = round(now() - t);
  emit({ type: 'turn.mood', turnId, mood });

  const style = companion.style(request.tone, mood);
  const voicePromise = engines.voice(language, request.voice);
  // Avoid an unhandled rejection while the LLM runs; the error surfaces when the queue awaits it.
  voicePromise.catch(() => undefined);
  const queue = new SpeechQueue({
    voice: voicePromise,
    speed: style.speed,
    firstClause: request.firstClause !== false,
    ...(engines.llm.reserveCore ? { reserveCore: () => engines.llm.reserveCore!() } : {}),
    ...(signal ? { signal } : {}),
    onAudio: (index, audio) => {
      if (timings.firstAudioMs === undefined) timings.firstAudioMs = round(now() - t0);
      emit({ type: 'turn.audio', turnId, index, sampleRate: audio.sampleRate, pcm: audio.samples });
    },
    onSentence: (index, text) => {
      if (timings.firstSpeechTextMs === undefined) timings.firstSpeechTextMs = round(now() - t0);
      emit({ type: 'turn.sentence', turnId, index, text });
    },
  });

  let replyText: string;
  let dropped: DroppedSentence[] = [];
  let addedName: string | undefined;
  let note = '';
  let interrupted = false;

  if (crisis) {
    // A person in crisis gets a fixed, caring reply with real help lines; the small model is not trusted with it.
    emit({ type: 'turn.crisis', turnId, crisis });
    replyText = crisis.message;
    emit({ type: 'turn.token', turnId, text: replyText });
    queue.pushText(replyText);
  } else {
    const context = await request.context;
    checkAbort();
    const system = companion.systemPrompt({
      language: context.conversationLanguage ?? language,
      tone: request.tone,
      ...(context.memory ? { memory: context.memory } : {}),
    });
    t = now();
    let firstToken: number | undefined;
    const turnNote = companion.turnNote({ language, mood, tone: request.tone, history: context.history, user: transcript.text });
    // What is shown and spoken is the reply as edited (repeats, unasked-for advice and the note said back dropped, sentence by sentence).
    const editor = new ReplyEditor({
      language,
      tone: request.tone,
      earlier: context.history.filter((m) => m.role === 'assistant').map((m) => m.text),
      adviceWelcome: adviceWelcome(context.history, transcript.text, language),
      // Said back, the system prompt is as much the model's instructions as the note (seen: «Откликнись
      // на то, что человек сейчас сказал, своими словами…» as the reply to a question).
      note: `${system}\n\n${turnNote.note}`,
      asked: transcript.text,
      ...(turnNote.recallAnswer ? { recallAnswer: turnNote.recallAnswer } : {}),
      ...(turnNote.addressAs ? { addressAs: turnNote.addressAs } : {}),
      emit: (text) => {
        emit({ type: 'turn.token', turnId, text });
        queue.pushText(text);
      },
      sentenceEnd: () => queue.endSentence(),
    });
    // Once the reply is as long as its tone allows, the rest would only be dropped: stop writing it,
    // so the model's time goes to the next turn instead (a neutral reply ran to 60 words).
    const enough = new AbortController();
    // Markdown, list marks, emoji, *actions* and [placeholders] never reach the editor, the screen or the voice.
    const speakable = new SpeakableFilter();
    const replySignal = signal ? AbortSignal.any([signal, enough.signal]) : enough.signal;
    const reply = await engines.llm.reply({
      system,
      history: context.history,
      note: turnNote.note,
      noteHead: turnNote.head,
      user: transcript.text,
      maxTokens: style.maxTokens,
      foldNote: (dropped) => companion.foldNote(dropped, language),
      ...(request.freshContext ? { freshContext: true } : {}),
      signal: replySignal,
      onToken: (text) => {
        if (firstToken === undefined) firstToken = now() - t;
        editor.push(speakable.push(text));
        if (editor.isFull && !enough.signal.aborted) enough.abort();
      },
    });
    // Stopped by the person (or the turn's own signal), not because the reply was long enough.
    const stopped = signal?.aborted === true || (reply.aborted && !enough.signal.aborted);
    // What the filter still held (a line's first characters) is the reply's end, unless the person stopped it.
    if (!stopped) editor.push(speakable.finish());
    replyText = editor.finish({ stopped, ...(reply.cutShort ? { cutShort: true } : {}) });
    dropped = editor.dropped;
    addedName = editor.addedName;
    timings.llmMs = round(now() - t);
    if (firstToken !== undefined) timings.llmFirstTokenMs = round(firstToken);
    timings.llmTokens = reply.tokens;
    timings.llmPromptTokens = reply.promptTokens;
    timings.llmTurnsOutOfView = reply.droppedHistory;
    note = reply.note;
    interrupted = stopped;
  }

  let spokenSentences: string[] = [];
  let speechError: LumioErrorPayload | undefined;
  try {
    const spoken = await queue.finish();
    spokenSentences = spoken.sentences;
    timings.ttsMs = round(spoken.synthMs);
    timings.replyAudioMs = round(spoken.audioMs);
    if (spoken.aborted) interrupted = true;
  } catch (e) {
    // The words are written and shown (a crisis reply with its help lines too): losing them
    // because the voice is missing or broken would be worse than a silent reply. Say why.
    speechError = toLumioError(e).toPayload();
  }
  if (signal?.aborted) interrupted = true;
  timings.totalMs = round(now() - t0);

  emit({
    type: 'turn.done',
    turnId,
    conversationId: request.conversationId,
    replyText,
    interrupted,
    timings,
    ...(dropped.length ? { dropped } : {}),
    ...(addedName ? { addedName } : {}),
    ...(speechError ? { speechError } : {}),
  });
  return {
    transcript,
    mood,
    crisis,
    replyText,
    dropped,
    ...(addedName ? { addedName } : {}),
    note,
    spokenSentences,
    interrupted,
    timings,
    ...(speechError ? { speechError } : {}),
  };
}

/** Advice is welcome when the person asks for it now, or asked on the turn before ("and what else?"). */
function adviceWelcome(history: ChatMessage[], user: string, language: Language): boolean {
  const lastUser = [...history].reverse().find((m) => m.role === 'user');
  return asksForAdvice(user, language) || (lastUser !== undefined && asksForAdvice(lastUser.text, language));
}

/** Runs a turn and turns any failure into a turn.error event instead of a rejection. */
export async function runTurnSafely(request: TurnRequest, engines: TurnEngines, companion: TurnCompanion, emit: TurnEmitter): Promise<TurnResult | null> {
  try {
    return await runTurn(request, engines, companion, emit);
  } catch (e) {
    const error = toLumioError(e);
    emit({ type: 'turn.error', turnId: request.turnId, error: error.toPayload() });
    return null;
  }
}
