import type { CommandName, CommandResult } from '../shared/ipc.js';

/**
 * What main needs from the core: the same three calls every host (Electron main, the e2e
 * WebSocket host, the CLI) makes on LumioService. Kept as an interface so main's wiring can be
 * read (and tested) without loading native engines.
 */
export interface CorePort {
  handle<C extends CommandName>(command: C, request: unknown): Promise<CommandResult<C>>;
  onEvent(listener: (event: unknown) => void): () => void;
  close(): Promise<void>;
}
