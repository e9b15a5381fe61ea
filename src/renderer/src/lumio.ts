import { LumioEventSchema, type CommandName, type CommandRequest, type CommandResponse, type LumioEvent, type LumioEventType } from '../../shared/ipc.js';
import type { LumioErrorPayload } from '../../shared/errors.js';

/**
 * The renderer's only door to the rest of Lumio: window.lumio (the preload in the app, the
 * WebSocket shim in e2e). `call` unwraps the typed result so screens can use try/catch and
 * still show the error's code, message and hint.
 */
export class UiError extends Error {
  readonly payload: LumioErrorPayload;
  constructor(payload: LumioErrorPayload) {
    super(payload.message);
    this.payload = payload;
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

type Listener = (event: LumioEvent) => void;
const listeners = new Set<Listener>();
let unsubscribe: (() => void) | null = null;

/**
 * The one place events enter the renderer: each is parsed once with the contract's union, and
 * what does not parse (a newer host, a bug) is dropped here with a line in the console.
 */
function subscribe(listener: Listener): () => void {
  if (!hasBridge()) return () => undefined;
  listeners.add(listener);
  unsubscribe ??= window.lumio.onEvent((raw) => {
    const parsed = LumioEventSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn('[lumio] an event that is not in the contract was dropped', (raw as { type?: unknown } | null)?.type);
      return;
    }
    for (const l of [...listeners]) l(parsed.data);
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = null;
    }
  };
}

/** Listens for one type of event, typed: `on('turn.done', (e) => e.replyText)`. Returns the unsubscribe. */
export function on<T extends LumioEventType>(type: T, fn: (event: Extract<LumioEvent, { type: T }>) => void): () => void {
  return subscribe((event) => {
    if (event.type === type) fn(event as Extract<LumioEvent, { type: T }>);
  });
}

/** Listens for several types of event at once (a turn's whole stream). */
export function onAny<T extends LumioEventType>(types: readonly T[], fn: (event: Extract<LumioEvent, { type: T }>) => void): () => void {
  const wanted = new Set<LumioEventType>(types);
  return subscribe((event) => {
    if (wanted.has(event.type)) fn(event as Extract<LumioEvent, { type: T }>);
  });
}

export function errorPayload(e: unknown): LumioErrorPayload {
  if (e instanceof UiError) return e.payload;
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
