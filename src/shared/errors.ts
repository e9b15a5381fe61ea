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

export const LumioErrorPayloadSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** What the person can do about it, in plain words. */
  hint: z.string().optional(),
});
export type LumioErrorPayload = z.infer<typeof LumioErrorPayloadSchema>;

export class LumioError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LumioError';
    this.code = code;
    this.hint = options?.hint;
  }

  toPayload(): LumioErrorPayload {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }

  static fromPayload(p: LumioErrorPayload): LumioError {
    return new LumioError(p.code, p.message, p.hint === undefined ? undefined : { hint: p.hint });
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
