import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { forkNodeWorker } from '../../core/engine/node-channel.js';
import { LumioService } from '../../core/service.js';
import { COMMANDS, EVENT_CHANNEL, type CommandResult } from '../../shared/ipc.js';
import { bindBridge, forwardEvents } from './bridge.js';

/**
 * Main's IPC handlers with the real core (LumioService on the fixture models): what Electron's
 * ipcMain would call, driven with the sender shapes Electron passes. Only `electron` itself is
 * stood in for (an ipcMain that records handlers), since its binary is not needed to test this.
 */
const fixtureModels = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures/models');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-bridge-'));
let service: LumioService;
const handlers = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
const ipcMain = {
  handle: (channel: string, fn: (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>) => handlers.set(channel, fn),
  removeHandler: (channel: string) => handlers.delete(channel),
} as unknown as IpcMain;
const ourWindow = { id: 7, isDestroyed: () => false, send: () => undefined } as unknown as WebContents;
const exportsSeen: unknown[] = [];

function event(over: { id?: number; url?: string; isMain?: boolean; noFrame?: boolean } = {}): IpcMainInvokeEvent {
  const frame = over.noFrame ? null : { url: over.url ?? 'lumio://app/index.html', parent: over.isMain === false ? {} : null };
  return { sender: { id: over.id ?? 7 }, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

async function invoke(channel: string, payload: unknown, ev = event()): Promise<CommandResult<never>> {
  const fn = handlers.get(channel);
  if (!fn) throw new Error(`no handler for ${channel}`);
  return (await fn(ev, payload)) as CommandResult<never>;
}

beforeAll(async () => {
  service = await LumioService.open({ home, modelsDir: fixtureModels, spawnWorker: () => forkNodeWorker() });
  bindBridge({
    ipcMain,
    core: () => service,
    window: () => ourWindow,
    appOrigin: 'lumio://app',
    ownCommands: ['history.export'],
    before: async (command, request) => {
      if (command === 'history.export') {
        // What main does: the save dialog's answer goes to the core through exportTo, not the request.
        exportsSeen.push(request);
        return { result: await service.exportTo(path.join(home, 'chosen-by-dialog.json'), request) };
      }
      return { request };
    },
  });
});

afterAll(async () => {
  await service?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('bindBridge with the real core', () => {
  it('registers one lumio:<command> handler per command of the contract', () => {
    expect([...handlers.keys()].sort()).toEqual(
      Object.keys(COMMANDS)
        .map((c) => `lumio:${c}`)
        .sort(),
    );
  });

  it('answers our page with the core’s typed result', async () => {
    const r = await invoke('lumio:settings.get', {});
    expect(r).toMatchObject({ ok: true, value: { tone: 'friendly', uiLanguage: 'en' } });
    const set = await invoke('lumio:settings.set', { tone: 'neutral' });
    expect(set).toMatchObject({ ok: true, value: { tone: 'neutral' } });
  });

  it('refuses bad payloads with IPC_INVALID before the core', async () => {
    for (const [channel, payload] of [
      ['lumio:history.wipe', { confirm: false }],
      ['lumio:settings.set', { tone: 'shouting' }],
      ['lumio:turn.audio', { turnId: 't1', seq: 0, pcm: [0, 1, 2] }],
      ['lumio:turn.begin', { turnId: '../../x', sampleRate: 48000 }],
      ['lumio:history.get', null],
    ] as const) {
      const r = await invoke(channel, payload);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    }
  });

  it('refuses other windows, subframes, foreign pages and vanished frames', async () => {
    for (const ev of [event({ id: 8 }), event({ isMain: false }), event({ url: 'https://evil.example/' }), event({ noFrame: true })]) {
      const r = await invoke('lumio:settings.get', {}, ev);
      expect(r).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    }
  });

  it('lets main pick the export path (the save dialog) and the core write it; a path from the page is refused', async () => {
    const smuggled = await invoke('lumio:history.export', { format: 'json', path: '/etc/passwd-from-renderer' });
    expect(smuggled).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    expect(exportsSeen).toEqual([]);
    const r = await invoke('lumio:history.export', { format: 'json' });
    expect(exportsSeen.at(-1)).toEqual({ format: 'json' });
    expect(r).toMatchObject({ ok: true, value: { path: path.join(home, 'chosen-by-dialog.json') } });
    expect(fs.existsSync(path.join(home, 'chosen-by-dialog.json'))).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(home, 'chosen-by-dialog.json')).mode & 0o777).toBe(0o600);
  });

  it('forwards core events to the window on the one event channel', async () => {
    const sent: Array<[string, unknown]> = [];
    const wc = { isDestroyed: () => false, send: (channel: string, e: unknown) => sent.push([channel, e]) } as unknown as WebContents;
    const off = forwardEvents(service, () => wc);
    // A catalog download emits models.progress events (here it fails fast or starts; either way, events).
    const list = await invoke('lumio:models.list', {});
    const id = (list as unknown as { value: { catalog: Array<{ id: string }> } }).value.catalog[0]?.id ?? '';
    await invoke('lumio:models.download', { ids: [id] });
    for (let i = 0; i < 100 && sent.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await invoke('lumio:models.cancel', { id });
    off();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.some(([, e]) => (e as { type?: string }).type === 'models.progress')).toBe(true);
    for (const [channel] of sent) expect(channel).toBe(EVENT_CHANNEL);
  });
});
