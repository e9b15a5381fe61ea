import { z } from 'zod';
import { LanguageSchema, ModelRoleSchema, VoiceSchema } from './primitives.js';

/**
 * Every failure that can reach a person has one of these codes. The host turns any thrown
 * value into a LumioError so the CLI, the IPC bridge and the UI can all say what happened
 * and what to do, instead of printing a stack trace.
 */
export const ERROR_CODES = [
  'AUDIO_EMPTY',
  'AUDIO_INVALID',
  'AUDIO_TOO_LONG',
  'NO_SPEECH',
  'MODEL_MISSING',
  'MODEL_CORRUPT',
  'ENGINE_CRASHED',
  'ENGINE_BUSY',
  'ABORTED',
  'DB_LOCKED',
  'DB_READONLY',
  /** The history file failed its integrity check: Lumio reads what it can and writes nothing to it. */
  'DB_DAMAGED',
  'DISK_FULL',
  'IPC_INVALID',
  'DOWNLOAD_FAILED',
  'HASH_MISMATCH',
  'NOT_FOUND',
  'INVALID_ARGUMENT',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** What is wrong with an installed model's files. */
export const ModelProblemSchema = z.enum(['truncated', 'wrong-format', 'hash-mismatch', 'missing-file']);
export type ModelProblem = z.infer<typeof ModelProblemSchema>;

/**
 * An installed model that failed its check, described by parameters (not words), so the UI can say
 * in the person's language which model it is ("the female English voice") and what is wrong.
 * Defined here, beside the error payload that carries it, because a turn's error names it too.
 */
export const DamagedModelSchema = z.object({
  id: z.string(),
  role: ModelRoleSchema,
  name: z.string(),
  languages: z.array(LanguageSchema),
  gender: VoiceSchema.optional(),
  problem: ModelProblemSchema,
  /** The file that failed, relative to the model's folder. */
  file: z.string(),
  /** Technical detail for logs (sizes, hashes, the parser's words). */
  detail: z.string().optional(),
  /** True when the catalog can download it again (Repair). */
  repairable: z.boolean(),
});
export type DamagedModel = z.infer<typeof DamagedModelSchema>;

/**
 * Why an error happened, where one code has several causes a person would act on differently.
 * The UI and the CLI each have a sentence for every reason (and for every code without one).
 */
export const ERROR_REASONS = [
  /** A models folder that cannot be used (params.path). */
  'models-dir-unusable',
  /** A download is still writing into the models folder that was to be changed. */
  'models-dir-busy',
  /** settings.set named a model that is not installed (params.role, params.model). */
  'model-not-installed',
  /** A stored setting this version cannot use; the default is used (params.setting). */
  'setting-refused',
  /** The models folder stored in the settings cannot be used; Lumio's own is used (params.path). */
  'models-dir-fallback',
  /** The conversation named no longer exists. */
  'conversation-gone',
  /** The engine worker could not start at all. */
  'engine-start',
  /** No voice speaks the reply's language (params.language). */
  'no-voice',
  /** The file given to import is not a Lumio JSON export. */
  'not-an-export',
] as const;
export const ErrorReasonSchema = z.enum(ERROR_REASONS);
export type ErrorReason = z.infer<typeof ErrorReasonSchema>;

/**
 * What is wrong with a models folder the person gave (reason models-dir-unusable), so the words
 * can say what to change. The first five are told from the text alone (the contract refuses them);
 * the rest by the core, from the disk.
 */
export const ModelsDirProblemSchema = z.enum([
  /** Not a path from the root (/…, C:\…, \\server\share\…). */
  'not-absolute',
  /** Has . or .. parts. */
  'dot-parts',
  /** Has a NUL character. */
  'bad-character',
  'too-long',
  /** Inside /proc, /sys or /dev, or a link that leads there. */
  'system-folder',
  'is-a-file',
  /** A part of the path is a file, so the folder cannot be made below it. */
  'part-is-a-file',
  'not-writable',
  'disk-full',
  /** The existing part of the path cannot be resolved (a broken link, no permission to look). */
  'unreachable',
  /** It cannot be created, for another reason. */
  'cannot-create',
]);
export type ModelsDirProblem = z.infer<typeof ModelsDirProblemSchema>;

/** How the engine worker ended, for a crash said in the person's language. */
export const EngineExitSchema = z.enum(['segfault', 'abort', 'killed', 'signal', 'exit']);
export type EngineExit = z.infer<typeof EngineExitSchema>;

/**
 * The facts of an error, for the words the UI and the CLI make from it (never words themselves,
 * apart from names: a path, a model id, a setting's key).
 */
export const ErrorParamsSchema = z.object({
  reason: ErrorReasonSchema.optional(),
  path: z.string().optional(),
  model: z.string().optional(),
  role: ModelRoleSchema.optional(),
  /** MODEL_MISSING: the roles no installed model fills. */
  roles: z.array(ModelRoleSchema).optional(),
  setting: z.string().optional(),
  /** models-dir-unusable: what is wrong with the folder (params.path). */
  dirProblem: ModelsDirProblemSchema.optional(),
  language: LanguageSchema.optional(),
  /** ENGINE_CRASHED: what the engine was doing (an EngineStage) and how it ended. */
  stage: z.string().optional(),
  exit: EngineExitSchema.optional(),
});
export type ErrorParams = z.infer<typeof ErrorParamsSchema>;

export const LumioErrorPayloadSchema = z.object({
  code: ErrorCodeSchema,
  /** Technical English for logs and support; a person reads the words made from code and params. */
  message: z.string(),
  /** What to do about it, in English (the CLI, logs); the UI says it from code and params. */
  hint: z.string().optional(),
  params: ErrorParamsSchema.optional(),
  /** The damaged model this error is about (MODEL_CORRUPT), for words in the person's language. */
  model: DamagedModelSchema.optional(),
});
export type LumioErrorPayload = z.infer<typeof LumioErrorPayloadSchema>;

export class LumioError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string | undefined;
  readonly model?: DamagedModel;
  readonly params?: ErrorParams;

  constructor(code: ErrorCode, message: string, options?: { hint?: string; cause?: unknown; model?: DamagedModel; params?: ErrorParams }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LumioError';
    this.code = code;
    this.hint = options?.hint;
    if (options?.model) this.model = options.model;
    if (options?.params) this.params = options.params;
  }

  toPayload(): LumioErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.model ? { model: this.model } : {}),
      ...(this.params ? { params: this.params } : {}),
    };
  }

  static fromPayload(p: LumioErrorPayload): LumioError {
    return new LumioError(p.code, p.message, {
      ...(p.hint === undefined ? {} : { hint: p.hint }),
      ...(p.model ? { model: p.model } : {}),
      ...(p.params ? { params: p.params } : {}),
    });
  }
}

export function isLumioError(e: unknown): e is LumioError {
  return e instanceof LumioError;
}

/** Wraps anything thrown into a LumioError, keeping the original as `cause`. */
export function toLumioError(e: unknown, fallback: ErrorCode = 'INTERNAL'): LumioError {
  if (e instanceof LumioError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new LumioError(fallback, message, { cause: e });
}
