import type {
  Crisis,
  Language,
  LanguageSetting,
  Mood,
  Timings,
  Tone,
  Transcript,
  TurnEvent,
  Voice,
} from '../../shared/domain.js';
import { LumioError, toLumioError, type LumioErrorPayload } from '../../shared/errors.js';
import type { ChatMessage, ChatModel, PcmAudio, SpeechDetector, SpeechRecognizer, SpeechSynthesizer } from '../engines.js';
import { moodInCrisis } from '../emotion/fusion.js';
import { guessLanguage } from '../emotion/text-emotion.js';
import { SpeechQueue } from './speech-queue.js';

/**
 * One turn of conversation: audio in → VAD → STT → mood/safety → LLM stream → TTS stream.
 *
 * The recording is held only by this function's local variables and is released (the
 * reference dropped) as soon as the transcript exists; it is never written anywhere.
 */

export interface TurnEngines {
  vad: SpeechDetector | null;
  /** null when only typed turns are run (the recognizer is then never loaded). */
  stt: SpeechRecognizer | null;
  llm: ChatModel;
  /** Returns the voice for a language and gender (loading it on first use). */
  voice(language: Language, voice: Voice): Promise<SpeechSynthesizer>;
}

export interface MemoryContext {
  facts: string[];
  summaries: string[];
  conversationSummary?: string;
}

/**
 * What the companion keeps from the recording's sound (pitch, energy, pauses…): numbers only,
 * taken before the recording is dropped.
 */
export type VoiceAnalysis = unknown;

/** The companion's pieces (mood, safety, prompts), injected so the orchestrator stays testable. */
export interface TurnCompanion {
  /** Reads prosody from the recording before it is dropped. */
  analyzeVoice(audio: PcmAudio): VoiceAnalysis;
  /** Fuses the words and the voice analysis (which may use the transcript, e.g. for syllable rate). */
  mood(text: string, language: Language, voice: VoiceAnalysis): Mood;
  /**
   * A second opinion on the mood from the chat model, asked after the reply is written (so it never
   * delays the first audio) while the voice is still speaking. null: no change.
   */
  refineMood?(text: string, language: Language, mood: Mood, signal?: AbortSignal): Promise<Mood | null>;
  crisis(text: string, language: Language): Crisis | null;
  systemPrompt(o: { language: Language; tone: Tone; mood?: Mood; memory?: MemoryContext }): string;
  style(tone: Tone, mood: Mood | undefined): { speed: number; maxTokens: number };
}

export interface TurnRequest {
  turnId: string;
  conversationId: string;
  /** 16 kHz mono (the audio layer prepares it). Taken over by the turn: the caller must not keep it. */
  audio: PcmAudio;
  /** A typed message instead of speech: no VAD or STT, and the mood comes from the words alone. */
  text?: string;
  tone: Tone;
  voice: Voice;
  language: LanguageSetting;
  history: ChatMessage[];
  memory?: MemoryContext;
  signal?: AbortSignal;
  /**
   * 'streaming': each sentence is spoken as soon as the model finishes it.
   * 'sequential': the whole reply is written first, then spoken (for the benchmark's comparison).
   */
  mode?: 'streaming' | 'sequential';
  /** Skip TTS entirely (transcribe-and-reply without voice). */
  speak?: boolean;
  /** Monotonic ms timestamp of the end of speech; defaults to when the turn starts. */
  endOfSpeechAt?: number;
}

export interface TurnResult {
  transcript: Transcript;
  mood: Mood;
  crisis: Crisis | null;
  replyText: string;
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

/** Speech in: prosody from the recording, VAD, then STT; the recording is dropped once transcribed. */
async function listen(
  request: TurnRequest,
  engines: TurnEngines,
  companion: TurnCompanion,
  timings: Timings,
  checkAbort: () => void,
): Promise<{ transcript: Transcript; voiceMood: VoiceAnalysis; prosodyMs: number }> {
  if (!engines.stt) throw new LumioError('MODEL_MISSING', 'No speech recognition model is loaded.');
  // The recording: one local reference, cleared once transcribed.
  let recording: PcmAudio | null = request.audio;
  if (recording.sampleRate !== 16000) {
    throw new LumioError('INVALID_ARGUMENT', `The turn needs 16 kHz audio, got ${recording.sampleRate} Hz.`);
  }
  timings.inputAudioMs = round((recording.samples.length / recording.sampleRate) * 1000);

  let t = now();
  const voiceMood = companion.analyzeVoice(recording);
  const prosodyMs = now() - t;

  t = now();
  if (engines.vad) recording = engines.vad.trim(recording).audio;
  timings.vadMs = round(now() - t);
  checkAbort();

  t = now();
  const transcript = await engines.stt.transcribe(recording, {
    language: request.language,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  // Transcribed: drop the only reference to the recording.
  recording = null;
  timings.sttMs = round(now() - t);
  checkAbort();
  if (!transcript.text.trim()) {
    throw new LumioError('NO_SPEECH', "I didn't catch any words.", { hint: 'Hold the button and speak a little closer to the microphone.' });
  }
  return { transcript, voiceMood, prosodyMs };
}

/**
 * Text in: the words are the transcript. Typed letters say their language for certain (Cyrillic or
 * Latin), so they win over the setting; text without letters (emoji) keeps the chosen language.
 */
function readTyped(text: string, language: LanguageSetting): { transcript: Transcript; voiceMood: VoiceAnalysis; prosodyMs: number } {
  const words = text.trim();
  if (!words) throw new LumioError('INVALID_ARGUMENT', 'The message is empty.');
  const hasLetters = /[a-z\u0400-\u04ff]/i.test(words);
  return {
    transcript: { text: words, language: hasLetters || language === 'auto' ? guessLanguage(words) : language, segments: [] },
    voiceMood: undefined,
    prosodyMs: 0,
  };
}

export async function runTurn(
  request: TurnRequest,
  engines: TurnEngines,
  companion: TurnCompanion,
  emit: TurnEmitter,
): Promise<TurnResult> {
  const { turnId, signal } = request;
  const t0 = request.endOfSpeechAt ?? now();
  const timings: Timings = {};
  const checkAbort = () => {
    if (signal?.aborted) throw new LumioError('ABORTED', 'The turn was stopped.');
  };

  emit({ type: 'turn.started', turnId, conversationId: request.conversationId });

  const { transcript, voiceMood, prosodyMs } =
    request.text === undefined ? await listen(request, engines, companion, timings, checkAbort) : readTyped(request.text, request.language);
  emit({ type: 'turn.transcript', turnId, transcript });

  let t = now();
  const language = transcript.language;
  let mood = companion.mood(transcript.text, language, voiceMood);
  // Safety reads the words before the model runs; a crisis also sets the mood the person sees.
  const crisis = companion.crisis(transcript.text, language);
  if (crisis) mood = moodInCrisis(mood, crisis);
  timings.emotionMs = round(now() - t + prosodyMs);
  emit({ type: 'turn.mood', turnId, mood });

  const style = companion.style(request.tone, mood);
  const speak = request.speak !== false;
  const voicePromise = speak ? engines.voice(language, request.voice) : null;
  // Avoid an unhandled rejection while the LLM runs; the error surfaces when the queue awaits it.
  voicePromise?.catch(() => undefined);
  const queue = speak
    ? new SpeechQueue({
        voice: voicePromise as Promise<SpeechSynthesizer>,
        speed: style.speed,
        ...(signal ? { signal } : {}),
        onAudio: (index, audio) => {
          if (timings.firstAudioMs === undefined) timings.firstAudioMs = round(now() - t0);
          emit({ type: 'turn.audio', turnId, index, sampleRate: audio.sampleRate, pcm: audio.samples });
        },
        onSentence: (index, text) => emit({ type: 'turn.sentence', turnId, index, text }),
      })
    : null;

  let replyText: string;
  let interrupted = false;

  if (crisis) {
    // A person in crisis gets a fixed, caring reply with real help lines; the small model is not trusted with it.
    emit({ type: 'turn.crisis', turnId, crisis });
    replyText = crisis.message;
    emit({ type: 'turn.token', turnId, text: replyText });
    queue?.pushText(replyText);
  } else {
    const system = companion.systemPrompt({
      language,
      tone: request.tone,
      mood,
      ...(request.memory ? { memory: request.memory } : {}),
    });
    const streaming = (request.mode ?? 'streaming') === 'streaming';
    t = now();
    let firstToken: number | undefined;
    const reply = await engines.llm.reply({
      system,
      history: request.history,
      user: transcript.text,
      maxTokens: style.maxTokens,
      ...(signal ? { signal } : {}),
      onToken: (text) => {
        if (firstToken === undefined) firstToken = now() - t;
        emit({ type: 'turn.token', turnId, text });
        if (streaming) queue?.pushText(text);
      },
    });
    timings.llmMs = round(now() - t);
    if (firstToken !== undefined) timings.llmFirstTokenMs = round(firstToken);
    timings.llmTokens = reply.tokens;
    replyText = reply.text;
    interrupted = reply.aborted;
    if (!streaming && !interrupted) queue?.pushText(replyText);
    if (companion.refineMood && !interrupted) {
      t = now();
      const refined = await companion.refineMood(transcript.text, language, mood, signal);
      timings.moodRefineMs = round(now() - t);
      if (refined) {
        mood = refined;
        emit({ type: 'turn.mood', turnId, mood });
      }
    }
  }

  let spokenSentences: string[] = [];
  let speechError: LumioErrorPayload | undefined;
  if (queue) {
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
    ...(speechError ? { speechError } : {}),
  });
  return { transcript, mood, crisis, replyText, spokenSentences, interrupted, timings, ...(speechError ? { speechError } : {}) };
}

/** Runs a turn and turns any failure into a turn.error event instead of a rejection. */
export async function runTurnSafely(
  request: TurnRequest,
  engines: TurnEngines,
  companion: TurnCompanion,
  emit: TurnEmitter,
): Promise<TurnResult | null> {
  try {
    return await runTurn(request, engines, companion, emit);
  } catch (e) {
    const error = toLumioError(e);
    emit({ type: 'turn.error', turnId: request.turnId, error: error.toPayload() });
    return null;
  }
}
