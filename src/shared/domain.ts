import { z } from 'zod';
import { LumioErrorPayloadSchema, type ErrorParams, type ModelsDirProblem } from './errors.js';
import { LanguageSchema, VoiceSchema } from './primitives.js';

export { LanguageSchema, VoiceSchema, type Language, type Voice } from './primitives.js';

/** What the person picked: a fixed language or detection per turn. */
export const LanguageSettingSchema = z.enum(['auto', 'ru', 'en']);
export type LanguageSetting = z.infer<typeof LanguageSettingSchema>;

export const ToneSchema = z.enum(['friendly', 'supportive', 'neutral']);
export type Tone = z.infer<typeof ToneSchema>;

/** Ekman's six basic emotions plus neutral (GoEmotions' Ekman level). */
export const EMOTION_LABELS = ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise', 'neutral'] as const;
export const EmotionLabelSchema = z.enum(EMOTION_LABELS);
export type EmotionLabel = z.infer<typeof EmotionLabelSchema>;

/** How the voice sounded, from prosody alone (no model). */
export const VoiceMoodSchema = z.object({
  /** -1 (very calm, low) … 1 (very tense, high), relative to the person's own baseline when known. */
  arousal: z.number().min(-1).max(1),
  /** e.g. "quiet and slow", "tense and fast". */
  summary: z.string(),
  pitchHz: z.number().nonnegative().nullable(),
  pitchRangeSemitones: z.number().nonnegative().nullable(),
  energyDb: z.number(),
  speechRate: z.number().nonnegative().nullable(),
  pauseRatio: z.number().min(0).max(1),
});
export type VoiceMood = z.infer<typeof VoiceMoodSchema>;

export const MoodSchema = z.object({
  label: EmotionLabelSchema,
  confidence: z.number().min(0).max(1),
  /** -1 unpleasant … 1 pleasant */
  valence: z.number().min(-1).max(1),
  /** -1 calm … 1 excited */
  arousal: z.number().min(-1).max(1),
  /** Which signals were fused: text only, or text and voice. */
  sources: z.array(z.enum(['text', 'voice', 'llm'])).min(1),
  voice: VoiceMoodSchema.optional(),
  /** Plain-words description for the UI ("sounds tired"), never a diagnosis. */
  summary: z.string().optional(),
});
export type Mood = z.infer<typeof MoodSchema>;

/** A sentence of the model's reply that was not shown or spoken, and why (src/core/conversation/reply-editor.ts). */
export const DroppedSentenceSchema = z.object({
  sentence: z.string(),
  reason: z.enum(['repeated question', 'repeated sentence', 'advice', 'unfinished', 'note echo', 'not answered', 'too long', 'false claim']),
});
export type DroppedSentence = z.infer<typeof DroppedSentenceSchema>;
export type DropReason = DroppedSentence['reason'];

/** Milliseconds spent in each stage of one turn. Absent when the stage did not run. */
export const TimingsSchema = z.object({
  /** Duration of the person's recording. */
  inputAudioMs: z.number().nonnegative().optional(),
  decodeMs: z.number().nonnegative().optional(),
  vadMs: z.number().nonnegative().optional(),
  /** Speech recognition the person waited for: from the end of speech to the whole transcript. */
  sttMs: z.number().nonnegative().optional(),
  /** All speech recognition work of the turn, most of it done while the person was still speaking. */
  sttWorkMs: z.number().nonnegative().optional(),
  /** Speech segments the recording was cut into (each transcribed as soon as it ended). */
  sttSegments: z.number().int().nonnegative().optional(),
  emotionMs: z.number().nonnegative().optional(),
  /** The chat model's second opinion on the mood, after the reply (0 or absent when not asked). */
  moodRefineMs: z.number().nonnegative().optional(),
  llmFirstTokenMs: z.number().nonnegative().optional(),
  llmMs: z.number().nonnegative().optional(),
  llmTokens: z.number().int().nonnegative().optional(),
  /** Prompt tokens the chat model had to read for this reply after the end of speech (the rest was cached or read while the person spoke). */
  llmPromptTokens: z.number().int().nonnegative().optional(),
  /** Past turns outside the chat model's window (folded into a summary); a rise from one turn to the next is a fold. */
  llmTurnsOutOfView: z.number().int().nonnegative().optional(),
  ttsMs: z.number().nonnegative().optional(),
  /** End of speech → the first piece of the reply handed to the voice (the rest of first audio is its synthesis). */
  firstSpeechTextMs: z.number().nonnegative().optional(),
  /** Total seconds of reply audio produced, in ms. */
  replyAudioMs: z.number().nonnegative().optional(),
  /** End of speech (the talk key released; for a typed turn, the message sent) → first reply audio chunk handed out. */
  firstAudioMs: z.number().nonnegative().optional(),
  totalMs: z.number().nonnegative().optional(),
});
export type Timings = z.infer<typeof TimingsSchema>;

export const TranscriptSegmentSchema = z.object({
  fromMs: z.number().nonnegative(),
  toMs: z.number().nonnegative(),
  text: z.string(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegmentSchema>;

export const TranscriptSchema = z.object({
  text: z.string(),
  language: LanguageSchema,
  segments: z.array(TranscriptSegmentSchema),
});
export type Transcript = z.infer<typeof TranscriptSchema>;

/**
 * Where models are read from, as the person typed it. Checked here for what can be told from the
 * text alone: an absolute, already-normalised path (no `.` or `..` parts, so what is checked is
 * what is used), no NUL byte, and not inside the kernel's virtual folders, where even creating a
 * folder can hang (Node's recursive mkdir loops forever on /proc). The core then checks the disk.
 */
const POSIX_ABSOLUTE = /^\//;
const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\[^\\/]+[\\/][^\\/]+)/;
const VIRTUAL_ROOTS = new Set(['proc', 'sys', 'dev']);
const MAX_MODELS_DIR = 1024;

/** What the text alone says is wrong with a models folder (with English for logs), or null. */
export function modelsDirTextProblem(dir: string): { problem: ModelsDirProblem; message: string } | null {
  if (dir.length > MAX_MODELS_DIR) return { problem: 'too-long', message: `The models folder is longer than ${MAX_MODELS_DIR} characters.` };
  if (dir.includes('\0')) return { problem: 'bad-character', message: 'The models folder must not contain a NUL character.' };
  if (!POSIX_ABSOLUTE.test(dir) && !WINDOWS_ABSOLUTE.test(dir)) return { problem: 'not-absolute', message: 'The models folder must be an absolute path.' };
  const parts = dir.split(/[\\/]+/).filter(Boolean);
  if (parts.some((p) => p === '.' || p === '..')) return { problem: 'dot-parts', message: 'The models folder must be a plain path, without . or .. parts.' };
  if (POSIX_ABSOLUTE.test(dir) && VIRTUAL_ROOTS.has(parts[0] ?? ''))
    return { problem: 'system-folder', message: `The models folder cannot be inside /${parts[0]}.` };
  return null;
}

/**
 * A refused folder is a request understood and declined, not a malformed one: the issue carries the
 * error parameters (reason, problem, path), which the core answers as INVALID_ARGUMENT with them.
 */
export const ModelsDirSchema = z.string().superRefine((dir, ctx) => {
  const found = modelsDirTextProblem(dir);
  if (!found) return;
  const params: ErrorParams = { reason: 'models-dir-unusable', dirProblem: found.problem, path: dir.slice(0, 300) };
  ctx.addIssue({ code: 'custom', message: found.message, params });
});

/** A model id as manifests and the catalog spell it. */
export const ModelIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'not a model id');

export const SettingsSchema = z.object({
  voice: VoiceSchema,
  tone: ToneSchema,
  language: LanguageSettingSchema,
  uiLanguage: LanguageSchema,
  /** KeyboardEvent.code of the in-window push-to-talk key. */
  pushToTalkKey: z.string().min(1).max(40),
  /** Global shortcut (Electron accelerator) that toggles recording when the window is unfocused. */
  globalShortcut: z.string().max(60),
  microphoneId: z.string().max(200).nullable(),
  /** null: the default folder inside the app's data folder. */
  modelsDir: ModelsDirSchema.nullable(),
  memoryEnabled: z.boolean(),
  onboarded: z.boolean(),
  /** Chosen model ids per role; null picks the best installed one. */
  sttModel: ModelIdSchema.nullable(),
  llmModel: ModelIdSchema.nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  voice: 'female',
  tone: 'friendly',
  language: 'auto',
  uiLanguage: 'en',
  pushToTalkKey: 'Space',
  globalShortcut: 'CommandOrControl+Shift+Space',
  microphoneId: null,
  modelsDir: null,
  memoryEnabled: true,
  onboarded: false,
  sttModel: null,
  llmModel: null,
};

/** Strict: a key this version does not know is refused, not silently dropped. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** A turn's id, made by whoever starts the turn (the renderer makes it when the talk key goes down). */
export const TurnIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a turn id is 1–64 letters, digits, - or _');
export type TurnId = z.infer<typeof TurnIdSchema>;

/** Options for one turn; anything missing comes from settings. */
export const TurnOptionsSchema = z
  .object({
    conversationId: z.string().min(1).max(64).optional(),
    voice: VoiceSchema.optional(),
    tone: ToneSchema.optional(),
    language: LanguageSettingSchema.optional(),
  })
  .strict();
export type TurnOptions = z.infer<typeof TurnOptionsSchema>;

/** Crisis support shown (and spoken) instead of a model reply. */
export const CrisisSchema = z.object({
  category: z.enum(['suicide', 'self_harm', 'abuse', 'panic']),
  language: LanguageSchema,
  message: z.string(),
  helplines: z.array(z.object({ name: z.string(), phone: z.string(), hours: z.string().optional(), url: z.string().optional() })),
});
export type Crisis = z.infer<typeof CrisisSchema>;

/**
 * The stream of one turn. The engine emits these in order:
 * started → heard* (while the person is still speaking) → transcript → mood → (crisis)? →
 * token* / sentence* / audio* (interleaved) → done | error.
 * `audio.pcm` is mono Float32 samples at `sampleRate`.
 */
export const TurnEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('turn.started'), turnId: z.string(), conversationId: z.string() }),
  /** The words recognised so far, while the talk key is still held (each finished speech segment). */
  z.object({ type: z.literal('turn.heard'), turnId: z.string(), text: z.string() }),
  z.object({ type: z.literal('turn.transcript'), turnId: z.string(), transcript: TranscriptSchema }),
  z.object({ type: z.literal('turn.mood'), turnId: z.string(), mood: MoodSchema }),
  z.object({ type: z.literal('turn.crisis'), turnId: z.string(), crisis: CrisisSchema }),
  z.object({ type: z.literal('turn.token'), turnId: z.string(), text: z.string() }),
  z.object({ type: z.literal('turn.sentence'), turnId: z.string(), index: z.number().int().nonnegative(), text: z.string() }),
  z.object({
    type: z.literal('turn.audio'),
    turnId: z.string(),
    index: z.number().int().nonnegative(),
    sampleRate: z.number().int().positive(),
    pcm: z.custom<Float32Array>((v) => v instanceof Float32Array, 'pcm must be a Float32Array'),
  }),
  z.object({
    type: z.literal('turn.done'),
    turnId: z.string(),
    conversationId: z.string(),
    replyText: z.string(),
    interrupted: z.boolean(),
    timings: TimingsSchema,
    /** Sentences the model wrote that were left out of the reply (repeats, unasked-for advice). */
    dropped: z.array(DroppedSentenceSchema).optional(),
    /** The person's name, added to the reply's first sentence by the app because the model did not say it. */
    addedName: z.string().optional(),
    /** The reply is complete as text but could not be spoken (no voice for its language, a broken voice file). */
    speechError: LumioErrorPayloadSchema.optional(),
  }),
  z.object({ type: z.literal('turn.error'), turnId: z.string(), error: LumioErrorPayloadSchema }),
]);
export type TurnEvent = z.infer<typeof TurnEventSchema>;

/** Stored history. */
/**
 * What is left of a reply stopped mid-speech: the first `spokenChars` characters, the part the
 * person heard. One rule for the host, the store and the screen, so history, the model's context
 * and what is shown agree.
 */
export function spokenPart(replyText: string, spokenChars: number): string {
  return replyText.slice(0, Math.max(0, Math.floor(spokenChars))).trim();
}

export const StoredTurnSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  createdAt: z.string(),
  userText: z.string(),
  replyText: z.string(),
  language: LanguageSchema,
  tone: ToneSchema,
  voice: VoiceSchema,
  mood: MoodSchema.nullable(),
  timings: TimingsSchema,
  interrupted: z.boolean(),
  crisis: z.boolean(),
});
export type StoredTurn = z.infer<typeof StoredTurnSchema>;

export const ConversationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  turnCount: z.number().int().nonnegative(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const SearchHitSchema = z.object({
  turnId: z.string(),
  conversationId: z.string(),
  createdAt: z.string(),
  /** Text with the matches wrapped in [ and ]. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

/** Memory (issue: the companion). */
export const MemoryFactSchema = z.object({
  id: z.string(),
  text: z.string(),
  createdAt: z.string(),
  conversationId: z.string().nullable(),
});
export type MemoryFact = z.infer<typeof MemoryFactSchema>;

export const MemorySummarySchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  text: z.string(),
  updatedAt: z.string(),
});
export type MemorySummary = z.infer<typeof MemorySummarySchema>;

export const ExportFormatSchema = z.enum(['json', 'md']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export { LumioErrorPayloadSchema };
