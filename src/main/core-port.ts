import type { CommandName, CommandResult } from '../shared/ipc.js';

/**
 * What main needs from the core: the same calls every host (Electron main, the e2e
 * WebSocket host, the CLI) makes on LumioService. Kept as an interface so main's wiring can be
 * read (and tested) without loading native engines.
 */
export interface CorePort {
  handle<C extends CommandName>(command: C, request: unknown): Promise<CommandResult<C>>;
  /** history.export to the file the person chose in main's save dialog (never a path from the renderer). */
  exportTo(file: string, request: unknown): Promise<CommandResult<'history.export'>>;
  onEvent(listener: (event: unknown) => void): () => void;
  close(): Promise<void>;
}
