import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../core/atomic-write.js';

/**
 * The window's size and place, remembered in a small JSON file in userData. A saved position
 * that is no longer on any screen (a monitor was unplugged) is dropped so the window never
 * opens out of reach.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 980, height: 720, maximized: false };
export const MIN_WINDOW_SIZE = { width: 640, height: 520 } as const;

function finite(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** Makes any saved value (possibly corrupt) into a state that fits the current screens. */
export function clampWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  if (typeof saved !== 'object' || saved === null) return { ...DEFAULT_WINDOW_STATE };
  const s = saved as Record<string, unknown>;
  const largest = workAreas.reduce<Rect | null>((a, b) => (a && a.width * a.height >= b.width * b.height ? a : b), null);
  const maxW = largest?.width ?? Number.POSITIVE_INFINITY;
  const maxH = largest?.height ?? Number.POSITIVE_INFINITY;
  const width = Math.round(Math.min(Math.max(finite(s.width) ? s.width : DEFAULT_WINDOW_STATE.width, MIN_WINDOW_SIZE.width), maxW));
  const height = Math.round(Math.min(Math.max(finite(s.height) ? s.height : DEFAULT_WINDOW_STATE.height, MIN_WINDOW_SIZE.height), maxH));
  const state: WindowState = { width, height, maximized: s.maximized === true };
  if (finite(s.x) && finite(s.y)) {
    // Keep the position only if the title bar area (top 40 px, at least 100 px wide) is visible on some screen.
    const x = Math.round(s.x);
    const y = Math.round(s.y);
    const visible = workAreas.some((a) => x + width - 100 >= a.x && x + 100 <= a.x + a.width && y >= a.y && y + 40 <= a.y + a.height);
    if (visible) {
      state.x = x;
      state.y = y;
    }
  }
  return state;
}

export async function loadWindowState(file: string, workAreas: readonly Rect[]): Promise<WindowState> {
  try {
    return clampWindowState(JSON.parse(await readFile(file, 'utf8')), workAreas);
  } catch {
    return clampWindowState(null, workAreas);
  }
}

/** Written whole or not at all (temp file, fsync, rename), so a crash mid-write never leaves half a JSON. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  writeFileAtomic(file, JSON.stringify(state));
}
