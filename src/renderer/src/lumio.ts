import type { CommandName, CommandRequest, CommandResponse } from '../../shared/ipc.js';
import type { LumioErrorPayload } from '../../shared/errors.js';

/**
 * The renderer's only door to the rest of Lumio: window.lumio (the preload in the app, the
 * WebSocket shim in e2e). `call` unwraps the typed result so screens can use try/catch and
 * still show the error's code, message and hint.
 */
export class UiError extends Error {
  readonly code: string;
  readonly hint?: string | undefined;
  constructor(payload: LumioErrorPayload) {
    super(payload.message);
    this.code = payload.code;
    this.hint = payload.hint;
  }
}

export function hasBridge(): boolean {
  return typeof window !== 'undefined' && typeof window.lumio?.invoke === 'function';
}

export async function call<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
  if (!hasBridge()) throw new UiError({ code: 'INTERNAL', message: 'Lumio’s bridge is missing.' });
  const result = await window.lumio.invoke(command, request);
  if (result.ok) return result.value;
  throw new UiError(result.error);
}

export function onLumioEvent(listener: (event: { type: string } & Record<string, unknown>) => void): () => void {
  if (!hasBridge()) return () => undefined;
  return window.lumio.onEvent((event) => {
    if (typeof event === 'object' && event !== null && typeof (event as { type?: unknown }).type === 'string') {
      listener(event as { type: string } & Record<string, unknown>);
    }
  });
}

export function errorPayload(e: unknown): LumioErrorPayload {
  if (e instanceof UiError) return e.hint === undefined ? { code: e.code as LumioErrorPayload['code'], message: e.message } : { code: e.code as LumioErrorPayload['code'], message: e.message, hint: e.hint };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
