import { z } from 'zod';
import {
  ConversationSummarySchema,
  ExportFormatSchema,
  MemoryFactSchema,
  MemorySummarySchema,
  SearchHitSchema,
  SettingsPatchSchema,
  SettingsSchema,
  StoredTurnSchema,
  TurnEventSchema,
  TurnIdSchema,
  TurnOptionsSchema,
} from './domain.js';
import { DamagedModelSchema, LumioErrorPayloadSchema } from './errors.js';
import { InEachLanguageSchema, VoiceSchema } from './primitives.js';
import { CommercialUseSchema, ModelRoleSchema } from './models.js';

/**
 * The bridge contract: every command the UI can send, with the zod schema of its request and
 * its response. Main (ipcMain.handle), the preload (window.lumio), the e2e WebSocket host and
 * the core service are all written against this one table.
 */

const Empty = z.object({}).strict();
/** 2 s of mono Float32 at 192 kHz: renderers send about 100 ms per block. */
export const MAX_AUDIO_BLOCK_BYTES = 2 * 192_000 * 4;
const Ok = z.object({ ok: z.literal(true) });

export const InstalledModelSchema = z.object({
  id: z.string(),
  role: ModelRoleSchema,
  name: z.string(),
  languages: z.array(z.string()),
  gender: VoiceSchema.optional(),
  sizeBytes: z.number(),
  synthetic: z.boolean(),
  /** null when it is not from the catalog (fixtures, hand-placed). */
  catalogId: z.string().nullable(),
});
export type InstalledModel = z.infer<typeof InstalledModelSchema>;

export const ModelStatusSchema = z.object({
  id: z.string(),
  role: ModelRoleSchema,
  name: z.string(),
  description: InEachLanguageSchema,
  languages: z.array(z.string()),
  gender: VoiceSchema.optional(),
  default: z.boolean(),
  sizeBytes: z.number().nullable(),
  memoryBytes: z.number().nullable(),
  license: z.string(),
  commercialUse: CommercialUseSchema,
  licenseNote: InEachLanguageSchema.optional(),
  /** Files of the first source without a published sha256, and without an immutable address. */
  unverifiedFiles: z.number().int().nonnegative(),
  unpinnedFiles: z.number().int().nonnegative(),
  /** How many sources the catalog lists for it (the next is tried when one fails). */
  sources: z.number().int().positive(),
  /** damaged: installed, but its files failed their check (see `damage`); Repair downloads it again. */
  state: z.enum(['installed', 'damaged', 'missing', 'downloading', 'paused', 'failed']),
  /** bytes so far while downloading/paused */
  receivedBytes: z.number().nonnegative(),
  damage: DamagedModelSchema.optional(),
  error: LumioErrorPayloadSchema.optional(),
});
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

export const ModelsOverviewSchema = z.object({
  modelsDir: z.string(),
  catalog: z.array(ModelStatusSchema),
  installed: z.array(InstalledModelSchema),
  /** Roles that have no usable model, so a turn cannot run yet. */
  missingRoles: z.array(z.string()),
  /** Installed models that failed their check (files, size, format, sha256): never used until repaired. */
  damaged: z.array(DamagedModelSchema),
  /** Free memory and disk, for the "will it fit" estimate. */
  freeMemoryBytes: z.number(),
  freeDiskBytes: z.number().nullable(),
});
export type ModelsOverview = z.infer<typeof ModelsOverviewSchema>;

/** `path` is where the file went, for the "saved to" line: the renderer never chooses it (main's save dialog does). */
export const ExportResultSchema = z.object({ path: z.string(), bytes: z.number(), turns: z.number() });

/** What the engine is doing, as a code; the renderer and the CLI put it into words. */
export const EngineStageSchema = z.enum([
  'idle',
  'loading-stt',
  'loading-vad',
  'loading-llm',
  'loading-voice',
  'listening',
  'transcribing',
  'thinking',
  'speaking',
  'reading-context',
]);
export type EngineStage = z.infer<typeof EngineStageSchema>;

/**
 * The state of the history file. `ok`: read and written as usual. `read-only`: the data folder
 * or the disk refuses writes (or the disk is full); history can be read and exported. `damaged`:
 * it failed its integrity check; Lumio writes nothing to it, exports what it can read and offers a
 * fresh history beside it. `unavailable`: it could not be opened at all; nothing is shown or saved.
 */
export const StorageStatusSchema = z.object({
  state: z.enum(['ok', 'read-only', 'damaged', 'unavailable']),
  /** Why it is not `ok`. */
  problem: LumioErrorPayloadSchema.optional(),
  /** A full integrity check of a large history is running in the background. */
  checking: z.boolean(),
  /** Turns kept in memory because another program held the history locked; saved as soon as it lets go. */
  unsavedTurns: z.number().int().nonnegative(),
  /** What Lumio set right at start (e.g. a stored models folder that cannot be used), said once. */
  notices: z.array(LumioErrorPayloadSchema),
});
export type StorageStatus = z.infer<typeof StorageStatusSchema>;

export const RecoverResultSchema = z.object({
  /** The damaged file's new name, in the same folder: kept, never deleted. */
  keptAs: z.string(),
  conversations: z.number().int().nonnegative(),
  turns: z.number().int().nonnegative(),
  /** Turns that could not be read and are only in the kept file. */
  unreadableTurns: z.number().int().nonnegative(),
});
export type RecoverResult = z.infer<typeof RecoverResultSchema>;

export const EngineStatusSchema = z.object({
  /** damaged-models: a model a turn needs (speech recognition, the reply) is damaged; see `damaged`. */
  state: z.enum(['starting', 'loading', 'ready', 'busy', 'crashed', 'restarting', 'missing-models', 'damaged-models']),
  stage: EngineStageSchema.optional(),
  /** The model being loaded, when the stage is a loading one. */
  detail: z.string().optional(),
  /** Why the engine stopped, after a crash. */
  message: z.string().optional(),
  models: z.object({ stt: z.string().nullable(), llm: z.string().nullable(), tts: z.string().nullable(), vad: z.string().nullable() }),
  /** Every installed model that failed its check, so the app can name it wherever it matters. */
  damaged: z.array(DamagedModelSchema).optional(),
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

/** The largest export an import reads (JSON text, about ten years of daily talk). */
export const MAX_IMPORT_CHARS = 64 * 1024 * 1024;

/** Request/response commands (ipcMain.handle / ipcRenderer.invoke). */
export const COMMANDS = {
  'settings.get': { request: Empty, response: SettingsSchema },
  'settings.set': { request: SettingsPatchSchema, response: SettingsSchema },
  'history.list': {
    request: z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.string().min(1).max(64).optional() }).strict(),
    response: z.array(ConversationSummarySchema),
  },
  'history.get': { request: z.object({ conversationId: z.string().min(1).max(64) }).strict(), response: z.array(StoredTurnSchema) },
  'history.search': {
    request: z.object({ query: z.string().min(1).max(200), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    response: z.array(SearchHitSchema),
  },
  /**
   * Export. The request names no file: in the app main asks the person with the save dialog and
   * hands the answer to the core itself (LumioService.exportTo); elsewhere it goes to the core's
   * exports folder. A renderer can never make the core write to a path of its choosing.
   */
  'history.export': {
    request: z.object({ format: ExportFormatSchema, conversationId: z.string().min(1).max(64).optional() }).strict(),
    response: ExportResultSchema.nullable(),
  },
  /**
   * Import: merges what history.export wrote (JSON) into the history, without duplicates (a turn,
   * a fact or a summary already there is kept as it is; importing a file twice adds nothing). The
   * renderer sends the text of a file the person picked; no path crosses the bridge.
   */
  'history.import': {
    request: z.object({ text: z.string().min(2).max(MAX_IMPORT_CHARS) }).strict(),
    response: z.object({
      conversations: z.number().int().nonnegative(),
      turns: z.number().int().nonnegative(),
      facts: z.number().int().nonnegative(),
      summaries: z.number().int().nonnegative(),
    }),
  },
  'history.delete': { request: z.object({ conversationId: z.string().min(1).max(64) }).strict(), response: Ok },
  'history.wipe': { request: z.object({ confirm: z.literal(true) }).strict(), response: Ok },
  'memory.list': {
    request: Empty,
    response: z.object({ enabled: z.boolean(), facts: z.array(MemoryFactSchema), summaries: z.array(MemorySummarySchema) }),
  },
  'memory.delete': { request: z.object({ kind: z.enum(['fact', 'summary']), id: z.string().min(1).max(64) }).strict(), response: Ok },
  'models.list': { request: Empty, response: ModelsOverviewSchema },
  'models.download': { request: z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(20) }).strict(), response: Ok },
  'models.pause': { request: z.object({ id: z.string().min(1).max(100) }).strict(), response: Ok },
  'models.cancel': { request: z.object({ id: z.string().min(1).max(100) }).strict(), response: Ok },
  'engine.status': { request: Empty, response: EngineStatusSchema },
  'storage.status': { request: Empty, response: StorageStatusSchema },
  /** For a damaged history: keep the old file under a new name and start a fresh one with everything that could be read. */
  'storage.recover': { request: z.object({ confirm: z.literal(true) }).strict(), response: RecoverResultSchema },
  /**
   * A spoken turn is a session that opens when the talk key goes down: begin → audio* → end (or
   * cancel). Audio streams while the person speaks, so speech recognition and the chat model's
   * reading of the conversation run before the key comes up. Events arrive on the event channel.
   */
  'turn.begin': {
    request: z
      .object({
        turnId: TurnIdSchema,
        /** The microphone's own rate: the core resamples (one resampler, off the UI thread). */
        sampleRate: z.number().int().min(8000).max(192000),
        options: TurnOptionsSchema.default({}),
      })
      .strict(),
    response: z.object({ turnId: TurnIdSchema }),
  },
  /** A block of the recording: mono Float32 at the session's rate, in order (seq counts from 0). */
  'turn.audio': {
    request: z
      .object({
        turnId: TurnIdSchema,
        seq: z.number().int().nonnegative(),
        pcm: z
          .instanceof(ArrayBuffer)
          .refine((b) => b.byteLength % 4 === 0, 'audio must be Float32 samples')
          .refine((b) => b.byteLength <= MAX_AUDIO_BLOCK_BYTES, 'an audio block may hold at most 2 s at 192 kHz'),
      })
      .strict(),
    response: Ok,
  },
  /** The talk key came up: the end of speech. */
  'turn.end': { request: z.object({ turnId: TurnIdSchema }).strict(), response: Ok },
  /** The recording is dropped unheard (too short, the window lost focus before speech). */
  'turn.cancel': { request: z.object({ turnId: TurnIdSchema }).strict(), response: Ok },
  /** A typed message instead of speech (for when speaking aloud is not possible); the same events as a spoken turn. */
  'turn.text': {
    request: z
      .object({
        turnId: TurnIdSchema.optional(),
        text: z.string().trim().min(1, 'The message is empty.').max(4000),
        options: TurnOptionsSchema.default({}),
      })
      .strict(),
    response: z.object({ turnId: TurnIdSchema }),
  },
  /**
   * The next message as far as it is typed (whole words; see shared/draft.ts): the chat model reads
   * it ahead, so a typed turn is answered as fast as a spoken one. No answer but ok; never refused.
   */
  'turn.draft': {
    request: z.object({ text: z.string().max(4000), options: TurnOptionsSchema.default({}) }).strict(),
    response: Ok,
  },
  /** Stops the current reply; only what was already spoken stays in history and in context. */
  'turn.abort': { request: z.object({ turnId: TurnIdSchema, spokenChars: z.number().int().nonnegative().optional() }).strict(), response: Ok },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** Own properties only: 'constructor', '__proto__' and 'toString' are not commands. */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, name);
}
export type CommandRequest<C extends CommandName> = z.input<(typeof COMMANDS)[C]['request']>;
export type CommandResponse<C extends CommandName> = z.infer<(typeof COMMANDS)[C]['response']>;

/** Every command's reply crosses the bridge wrapped, so errors arrive typed instead of as rejected promises with lost fields. */
export type CommandResult<C extends CommandName> = { ok: true; value: CommandResponse<C> } | { ok: false; error: z.infer<typeof LumioErrorPayloadSchema> };

/** Events pushed from the host to the UI on one channel. */
export const EVENT_CHANNEL = 'lumio:event';
export const COMMAND_CHANNEL_PREFIX = 'lumio:';

export const DownloadProgressEventSchema = z.object({
  type: z.literal('models.progress'),
  id: z.string(),
  receivedBytes: z.number(),
  totalBytes: z.number().nullable(),
  state: z.enum(['downloading', 'verifying', 'installed', 'paused', 'failed', 'cancelled']),
  error: LumioErrorPayloadSchema.optional(),
});
export type DownloadProgressEvent = z.infer<typeof DownloadProgressEventSchema>;

export const EngineStatusEventSchema = z.object({ type: z.literal('engine.status'), status: EngineStatusSchema });
export const StorageStatusEventSchema = z.object({ type: z.literal('storage.status'), status: StorageStatusSchema });
export type StorageStatusEvent = z.infer<typeof StorageStatusEventSchema>;
/** Main's own event: the global shortcut was pressed (it toggles recording; there is no key-up outside the window). */
export const ToggleRecordingEventSchema = z.object({ type: z.literal('shortcut.toggle-recording') });

/**
 * Every event that reaches the UI, on the one event channel: a turn's stream, download progress,
 * the engine's and the history's status, and main's shortcut. Parsed once where it enters the
 * renderer (lumio.ts), so every listener gets a typed event.
 */
export const LumioEventSchema = z.discriminatedUnion('type', [
  ...TurnEventSchema.options,
  DownloadProgressEventSchema,
  EngineStatusEventSchema,
  StorageStatusEventSchema,
  ToggleRecordingEventSchema,
]);
export type LumioEvent = z.infer<typeof LumioEventSchema>;
export type LumioEventType = LumioEvent['type'];

/** The typed API the preload exposes as window.lumio. */
export interface LumioApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResult<C>>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (event: unknown) => void): () => void;
}
