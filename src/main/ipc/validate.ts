import { COMMANDS, type CommandName, isCommandName } from '../../shared/ipc.js';
import type { LumioErrorPayload } from '../../shared/errors.js';

export { isCommandName };

/**
 * Parses one IPC payload with its command's zod schema before anything else sees it. A bad
 * payload becomes a typed IPC_INVALID error for the renderer; it never throws in main.
 */
export type ParsedRequest = { ok: true; command: CommandName; request: unknown } | { ok: false; error: LumioErrorPayload };

export function parseCommandRequest(command: unknown, payload: unknown): ParsedRequest {
  if (!isCommandName(command)) {
    return { ok: false, error: { code: 'IPC_INVALID', message: `Unknown command: ${String(command).slice(0, 60)}` } };
  }
  const parsed = COMMANDS[command].request.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    return {
      ok: false,
      error: { code: 'IPC_INVALID', message: `Invalid request for ${command}${where}: ${first?.message ?? 'bad payload'}` },
    };
  }
  return { ok: true, command, request: parsed.data };
}
