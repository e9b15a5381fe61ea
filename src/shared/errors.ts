import { z } from 'zod';

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
  role: z.enum(['stt', 'llm', 'tts', 'vad']),
  name: z.string(),
  languages: z.array(z.enum(['ru', 'en'])),
  gender: z.enum(['female', 'male']).optional(),
  problem: ModelProblemSchema,
  /** The file that failed, relative to the model's folder. */
  file: z.string(),
  /** Technical detail for logs (sizes, hashes, the parser's words). */
  detail: z.string().optional(),
  /** True when the catalog can download it again (Repair). */
  repairable: z.boolean(),
});
export type DamagedModel = z.infer<typeof DamagedModelSchema>;

export const LumioErrorPayloadSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** What the person can do about it, in plain words. */
  hint: z.string().optional(),
  /** The damaged model this error is about (MODEL_CORRUPT), for words in the person's language. */
  model: DamagedModelSchema.optional(),
});
export type LumioErrorPayload = z.infer<typeof LumioErrorPayloadSchema>;

export class LumioError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string | undefined;
  readonly model?: DamagedModel;

  constructor(code: ErrorCode, message: string, options?: { hint?: string; cause?: unknown; model?: DamagedModel }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LumioError';
    this.code = code;
    this.hint = options?.hint;
    if (options?.model) this.model = options.model;
  }

  toPayload(): LumioErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.model ? { model: this.model } : {}),
    };
  }

  static fromPayload(p: LumioErrorPayload): LumioError {
    return new LumioError(p.code, p.message, {
      ...(p.hint === undefined ? {} : { hint: p.hint }),
      ...(p.model ? { model: p.model } : {}),
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
