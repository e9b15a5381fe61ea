import { globalShortcut, type WebContents } from 'electron';
import { EVENT_CHANNEL } from '../shared/ipc.js';

/** Main → renderer event for the global shortcut; not part of the core's event stream. */
export const TOGGLE_RECORDING_EVENT = { type: 'shortcut.toggle-recording' } as const;

/**
 * Electron's globalShortcut reports key-down only (there is no key-up event), so outside the
 * window the shortcut TOGGLES recording: press once to start, once more to send. True
 * hold-to-talk outside the window would need a native keyboard hook (e.g. uiohook-napi); the
 * in-window key (Space by default) is the always-working hold-to-talk path.
 */
export class RecordingShortcut {
  private registered: string | null = null;

  constructor(private readonly page: () => WebContents | null) {}

  /** Registers `accelerator` in place of the last one; an empty one or one Electron cannot parse leaves none. */
  set(accelerator: string): void {
    if (this.registered === accelerator) return;
    if (this.registered) globalShortcut.unregister(this.registered);
    this.registered = null;
    if (!accelerator) return;
    try {
      const ok = globalShortcut.register(accelerator, () => this.page()?.send(EVENT_CHANNEL, TOGGLE_RECORDING_EVENT));
      if (ok) this.registered = accelerator;
    } catch {
      // An accelerator string Electron cannot parse: keep the in-window key only.
    }
  }

  clear(): void {
    globalShortcut.unregisterAll();
    this.registered = null;
  }
}
