import { ERROR_CODES, ErrorParamsSchema, type LumioErrorPayload, toLumioError } from '../../shared/errors.js';
import { COMMANDS, type CommandName } from '../../shared/ipc.js';

export type ParsedRequest<C extends CommandName> = ReturnType<(typeof COMMANDS)[C]['request']['parse']>;

/** A command name for a message: short, and safe for any value (a symbol, an object whose toString throws). */
export function describeName(name: unknown): string {
  try {
    return (typeof name === 'string' ? name : typeof name).slice(0, 60);
  } catch {
    return '?';
  }
}

/** A thrown value as a payload that always has a known code and a string message. */
export function safePayload(e: unknown): LumioErrorPayload {
  try {
    const p = toLumioError(e).toPayload();
    return (ERROR_CODES as readonly string[]).includes(p.code) ? p : { code: 'INTERNAL', message: String(p.message) };
  } catch {
    return { code: 'INTERNAL', message: 'Something went wrong inside Lumio.' };
  }
}

/**
 * The request parsed with its command's schema, or the IPC_INVALID answer (also for a getter or proxy
 * that throws). A value the contract declines for a reason it names (a models folder that is not a
 * full path: the issue carries error parameters) is INVALID_ARGUMENT with them instead, so the person
 * is told what to change rather than that Lumio did not understand.
 */
export function parseRequest<C extends CommandName>(
  command: C,
  request: unknown,
): { ok: true; data: ParsedRequest<C> } | { ok: false; error: LumioErrorPayload } {
  let parsed: { success: boolean; data?: unknown; error?: { issues: Array<{ path: PropertyKey[]; message: string; params?: unknown }> } };
  try {
    parsed = COMMANDS[command].request.safeParse(request ?? {});
  } catch {
    return { ok: false, error: { code: 'IPC_INVALID', message: `Invalid request for ${command}: it could not be read.` } };
  }
  if (parsed.success) return { ok: true, data: parsed.data as ParsedRequest<C> };
  const first = parsed.error?.issues[0];
  const declined = ErrorParamsSchema.safeParse(first?.params);
  if (declined.success && declined.data.reason) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: first!.message, params: declined.data } };
  const where = first?.path.length ? ` (${first.path.map(String).join('.').slice(0, 100)})` : '';
  return { ok: false, error: { code: 'IPC_INVALID', message: `Invalid request for ${command}${where}: ${first?.message ?? 'bad payload'}` } };
}
