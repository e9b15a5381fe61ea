import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LumioStore } from '../../src/core/store/history.js';
import { sampleTurn } from '../../src/core/testing/sample-turn.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { missingPrerequisite, questionWav, startLumio, type RunningLumio } from '../support/lumio.js';

/**
 * A history file damaged in the middle (random bytes over two pages), as a failing disk leaves it:
 * the window says so, history still shows what can be read, and "Start a new history" keeps the
 * damaged file beside a fresh one after a confirmation.
 */
const skip = missingPrerequisite();
if (skip) console.warn(`[e2e] skipped: ${skip}`);

let lumio: RunningLumio;
let b: LaunchedBrowser;
let page: Page;

function damagedHistory(home: string): void {
  const file = path.join(home, 'lumio.db');
  const store = LumioStore.open(file);
  store.patchSettings({ onboarded: true });
  for (let i = 0; i < 300; i++)
    store.appendTurn(sampleTurn(`c${i % 12}`, `Evening ${i}: ${'we talked about the garden and the rain '.repeat(4)}`, 'That sounds calm.'));
  store.close();
  const bytes = fs.readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  const first = Math.floor(bytes.length / pageSize / 2);
  let seed = 99;
  for (let i = first * pageSize; i < (first + 2) * pageSize; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  fs.writeFileSync(file, bytes);
}

describe.skipIf(skip !== null)('a damaged history, in Chromium against the real core', () => {
  beforeAll(async () => {
    lumio = await startLumio({ prepareHome: damagedHistory });
    b = await launchBrowser({ wav: questionWav() });
    page = b.page;
    await page.goto(lumio.host.url);
  });

  afterAll(async () => {
    await b?.close();
    await lumio?.close();
  });

  it('says the file is damaged, still shows what can be read, and starts a new history beside it', async () => {
    const banner = page.locator('.banner-history-damaged');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Your history file is damaged/);
    await screenshot(page, '25-history-damaged');
    await page.getByRole('navigation').getByRole('button', { name: 'History' }).click();
    await page.locator('button.row').first().waitFor();
    const readable = await page.locator('button.row').count();
    expect(readable).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Start a new history…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a new history?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Start a new history' }).click();
    const done = page.getByText(/A new history was started with/);
    await done.waitFor();
    await page.locator('.banner-history-damaged').waitFor({ state: 'detached' });
    await screenshot(page, '26-history-fresh');
    const keptAs = (await done.innerText()).replace(/^.*kept as /, '').replace(/\.$/, '');
    expect(fs.existsSync(keptAs)).toBe(true);
    expect(path.dirname(keptAs)).toBe(lumio.home);
    const status = await lumio.service.handle('storage.status', {});
    expect(status.ok && status.value.state).toBe('ok');
    const list = await lumio.service.handle('history.list', {});
    expect(list.ok && list.value.length).toBeGreaterThan(0);
  });
});
