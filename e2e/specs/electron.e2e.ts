import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { FIXTURE_MODELS } from '../support/lumio.js';
import { screenshot } from '../support/browser.js';

/**
 * The Electron shell itself: window security settings, the preload's one API, CSP, blocked
 * navigation and pop-ups, and IPC validation in main. Runs where the Electron binary exists; on
 * machines where it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD) it says so and skips.
 */
function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const built = fs.existsSync(path.resolve('out/main/index.js'));
const skipReason = !binary
  ? 'the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD or no network at npm install); these specs run in CI'
  : !built
    ? 'out/main is missing: run `npx electron-vite build` first'
    : null;
if (skipReason) console.warn(`[e2e] Electron shell specs skipped: ${skipReason}`);

let app: ElectronApplication;
let page: Page;
let userData: string;

describe.skipIf(skipReason !== null)('Electron shell', () => {
  beforeAll(async () => {
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-electron-'));
    app = await electron.launch({
      ...(binary ? { executablePath: binary } : {}),
      args: [path.resolve('.'), ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: { ...process.env, LUMIO_USER_DATA: userData, LUMIO_MODELS_DIR: FIXTURE_MODELS },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('opens our page from lumio://app with isolation, sandbox and no Node', async () => {
    expect(page.url()).toMatch(/^lumio:\/\/app\//);
    // webPreferences themselves are pinned by src/main/security/web-preferences.test.ts; here, their effect.
    const globals = await page.evaluate(
      `({ require: typeof require, process: typeof process, ipc: typeof ipcRenderer, lumio: Object.keys(window.lumio).sort() })`,
    );
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipc: 'undefined', lumio: ['invoke', 'onEvent'] });
    await screenshot(page, 'electron-window');
  });

  it('refuses pop-ups and navigation away from the app', async () => {
    expect(await page.evaluate(`window.open('https://example.com/') === null`)).toBe(true);
    await page.evaluate(`location.href = 'https://example.com/'`).catch(() => undefined);
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^lumio:\/\/app\//);
    expect(app.windows()).toHaveLength(1);
  });

  it('has the CSP header and refuses eval', async () => {
    const evalBlocked = await page.evaluate(`(() => { try { return eval('1') !== 1; } catch { return true; } })()`).catch(() => true);
    expect(evalBlocked).toBe(true);
  });

  it('validates IPC payloads in main before the core sees them', async () => {
    const bad = await page.evaluate<{ ok: boolean; error?: { code: string } }>(`window.lumio.invoke('history.wipe', { confirm: false })`);
    expect(bad).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const unknown = await page.evaluate<{ ok: boolean }>(`window.lumio.invoke('shell.exec', {}).catch(() => ({ ok: false }))`);
    expect(unknown.ok).toBe(false);
  });
});
