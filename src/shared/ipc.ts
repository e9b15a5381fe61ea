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
  TurnOptionsSchema,
} from './domain.js';
import { LumioErrorPayloadSchema } from './errors.js';
import { ModelRoleSchema } from './models.js';

/**
 * The bridge contract: every command the UI can send, with the zod schema of its request and
 * its response. Main (ipcMain.handle), the preload (window.lumio), the e2e WebSocket host and
 * the core service are all written against this one table.
 */

const Empty = z.object({}).strict();
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
  state: z.enum(['installed', 'missing', 'downloading', 'paused', 'failed']),
  /** bytes so far while downloading/paused */
  receivedBytes: z.number().nonnegative(),
  error: LumioErrorPayloadSchema.optional(),
});
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

export const ModelsOverviewSchema = z.object({
  modelsDir: z.string(),
  catalog: z.array(ModelStatusSchema),
  installed: z.array(InstalledModelSchema),
  /** Roles that have no usable model, so a turn cannot run yet. */
  missingRoles: z.array(z.string()),
  /** Installed models that failed their hash/file check: not used until downloaded again. */
  damaged: z.array(z.object({ id: z.string(), message: z.string() })).optional(),
  /** Free memory and disk, for the "will it fit" estimate. */
  freeMemoryBytes: z.number(),
  freeDiskBytes: z.number().nullable(),
});
export type ModelsOverview = z.infer<typeof ModelsOverviewSchema>;

export const ExportResultSchema = z.object({ path: z.string(), bytes: z.number(), turns: z.number() });

export const EngineStatusSchema = z.object({
  state: z.enum(['starting', 'loading', 'ready', 'busy', 'crashed', 'restarting', 'missing-models']),
  message: z.string().optional(),
  models: z.object({ stt: z.string().nullable(), llm: z.string().nullable(), tts: z.string().nullable(), vad: z.string().nullable() }),
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
  /** Starts a turn; its events arrive on the event channel. Audio is 16 kHz mono Float32 (ArrayBuffer over IPC). */
  'turn.start': {
    request: z.object({
      audio: z.instanceof(ArrayBuffer).refine((b) => b.byteLength % 4 === 0, 'audio must be Float32 samples'),
      sampleRate: z.number().int().min(8000).max(192000),
      options: TurnOptionsSchema.default({}),
    }),
    response: z.object({ turnId: z.string() }),
  },
  /** A typed message instead of speech (for when speaking aloud is not possible); same events as turn.start. */
  'turn.text': {
    request: z.object({
      text: z.string().trim().min(1, 'The message is empty.').max(4000),
      options: TurnOptionsSchema.default({}),
    }),
    response: z.object({ turnId: z.string() }),
  },
  /** Stops the current reply; only what was already spoken stays in history and in context. */
  'turn.abort': { request: z.object({ turnId: z.string(), spokenChars: z.number().int().nonnegative().optional() }), response: Ok },
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
