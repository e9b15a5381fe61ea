import { describe, it, expect } from 'vitest';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { clampWindowState, DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState, MIN_WINDOW_SIZE } from './window-state.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];

describe('clampWindowState', () => {
  it('keeps a sane saved state', () => {
    expect(clampWindowState({ x: 100, y: 80, width: 1000, height: 700, maximized: true }, screen)).toEqual({
      x: 100,
      y: 80,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });
  it('drops a position that is on no screen any more', () => {
    const s = clampWindowState({ x: 3000, y: 80, width: 1000, height: 700 }, screen);
    expect(s.x).toBeUndefined();
    expect(s.y).toBeUndefined();
    expect(s.width).toBe(1000);
  });
  it('shrinks to the largest screen and grows to the minimum', () => {
    expect(clampWindowState({ width: 5000, height: 5000 }, screen)).toMatchObject({ width: 1920, height: 1040 });
    expect(clampWindowState({ width: 10, height: 10 }, screen)).toMatchObject(MIN_WINDOW_SIZE);
  });
  it('turns garbage into the default', () => {
    for (const bad of [null, 'x', 42, { width: 'big', height: NaN }]) {
      expect(clampWindowState(bad, screen)).toMatchObject({ width: DEFAULT_WINDOW_STATE.width, height: DEFAULT_WINDOW_STATE.height, maximized: false });
    }
  });
});

describe('loadWindowState / saveWindowState', () => {
  it('round-trips through a file and survives a corrupt one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lumio-ws-'));
    try {
      const file = path.join(dir, 'window-state.json');
      await saveWindowState(file, { x: 10, y: 20, width: 800, height: 600, maximized: false });
      expect(await loadWindowState(file, screen)).toEqual({ x: 10, y: 20, width: 800, height: 600, maximized: false });
      await writeFile(file, '{"width": 8');
      expect(await loadWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
