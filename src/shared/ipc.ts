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
  TurnIdSchema,
  TurnOptionsSchema,
} from './domain.js';
import { DamagedModelSchema, LumioErrorPayloadSchema } from './errors.js';
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
  gender: z.enum(['female', 'male']).optional(),
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
  description: z.string(),
  languages: z.array(z.string()),
  gender: z.enum(['female', 'male']).optional(),
  default: z.boolean(),
  sizeBytes: z.number().nullable(),
  memoryBytes: z.number().nullable(),
  license: z.string(),
  commercialUse: CommercialUseSchema,
  licenseNote: z.string().optional(),
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

/** Request/response commands (ipcMain.handle / ipcRenderer.invoke). */
export const COMMANDS = {
  'settings.get': { request: Empty, response: SettingsSchema },
  'settings.set': { request: SettingsPatchSchema, response: SettingsSchema },
  'history.list': {
    request: z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.string().optional() }),
    response: z.array(ConversationSummarySchema),
  },
  'history.get': { request: z.object({ conversationId: z.string().min(1).max(64) }), response: z.array(StoredTurnSchema) },
  'history.search': {
    request: z.object({ query: z.string().min(1).max(200), limit: z.number().int().min(1).max(200).default(50) }),
    response: z.array(SearchHitSchema),
  },
  /** Export to a path chosen by the person (main shows the save dialog and passes the path). */
  'history.export': {
    request: z.object({ format: ExportFormatSchema, conversationId: z.string().max(64).optional(), path: z.string().max(4096).optional() }),
    response: ExportResultSchema.nullable(),
  },
  'history.delete': { request: z.object({ conversationId: z.string().min(1).max(64) }), response: Ok },
  'history.wipe': { request: z.object({ confirm: z.literal(true) }), response: Ok },
  'memory.list': {
    request: Empty,
    response: z.object({ enabled: z.boolean(), facts: z.array(MemoryFactSchema), summaries: z.array(MemorySummarySchema) }),
  },
  'memory.delete': { request: z.object({ kind: z.enum(['fact', 'summary']), id: z.string().min(1).max(64) }), response: Ok },
  'models.list': { request: Empty, response: ModelsOverviewSchema },
  'models.download': { request: z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(20) }), response: Ok },
  'models.pause': { request: z.object({ id: z.string().min(1).max(100) }), response: Ok },
  'models.cancel': { request: z.object({ id: z.string().min(1).max(100) }), response: Ok },
  'engine.status': { request: Empty, response: EngineStatusSchema },
  /**
   * A spoken turn is a session that opens when the talk key goes down: begin → audio* → end (or
   * cancel). Audio streams while the person speaks, so speech recognition and the chat model's
   * reading of the conversation run before the key comes up. Events arrive on the event channel.
   */
  'turn.begin': {
    request: z.object({
      turnId: TurnIdSchema,
      /** The microphone's own rate: the core resamples (one resampler, off the UI thread). */
      sampleRate: z.number().int().min(8000).max(192000),
      options: TurnOptionsSchema.default({}),
    }),
    response: z.object({ turnId: TurnIdSchema }),
  },
  /** A block of the recording: mono Float32 at the session's rate, in order (seq counts from 0). */
  'turn.audio': {
    request: z.object({
      turnId: TurnIdSchema,
      seq: z.number().int().nonnegative(),
      pcm: z
        .instanceof(ArrayBuffer)
        .refine((b) => b.byteLength % 4 === 0, 'audio must be Float32 samples')
        .refine((b) => b.byteLength <= MAX_AUDIO_BLOCK_BYTES, 'an audio block may hold at most 2 s at 192 kHz'),
    }),
    response: Ok,
  },
  /** The talk key came up: the end of speech. */
  'turn.end': { request: z.object({ turnId: TurnIdSchema }), response: Ok },
  /** The recording is dropped unheard (too short, the window lost focus before speech). */
  'turn.cancel': { request: z.object({ turnId: TurnIdSchema }), response: Ok },
  /** A typed message instead of speech (for when speaking aloud is not possible); the same events as a spoken turn. */
  'turn.text': {
    request: z.object({
      turnId: TurnIdSchema.optional(),
      text: z.string().trim().min(1, 'The message is empty.').max(4000),
      options: TurnOptionsSchema.default({}),
    }),
    response: z.object({ turnId: TurnIdSchema }),
  },
  /** Stops the current reply; only what was already spoken stays in history and in context. */
  'turn.abort': { request: z.object({ turnId: TurnIdSchema, spokenChars: z.number().int().nonnegative().optional() }), response: Ok },
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandRequest<C extends CommandName> = z.input<(typeof COMMANDS)[C]['request']>;
export type CommandResponse<C extends CommandName> = z.infer<(typeof COMMANDS)[C]['response']>;

/** Every command's reply crosses the bridge wrapped, so errors arrive typed instead of as rejected promises with lost fields. */
export type CommandResult<C extends CommandName> =
  | { ok: true; value: CommandResponse<C> }
  | { ok: false; error: z.infer<typeof LumioErrorPayloadSchema> };

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

/** The typed API the preload exposes as window.lumio. */
export interface LumioApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResult<C>>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (event: unknown) => void): () => void;
}
