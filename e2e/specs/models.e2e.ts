import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { missingPrerequisite, questionWav, startLumio, type RunningLumio } from '../support/lumio.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';

/**
 * Model download through the real core's DownloadManager, from a local HTTP server: the
 * first-run offer with its size, a live progress bar, pause, resume (with a Range request) and
 * the sha256-verified install.
 */
const skip = missingPrerequisite();
if (skip) console.warn(`[e2e] skipped: ${skip}`);

let server: ModelServer;
let lumio: RunningLumio;
let b: LaunchedBrowser;
let page: Page;
let modelsDir: string;

describe.skipIf(skip !== null)('model download in Chromium against the real core', () => {
  beforeAll(async () => {
    server = await startModelServer({ sizeBytes: 6_000_000, bytesPerSecond: 1_000_000 });
    modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-e2e-models-'));
    lumio = await startLumio({ modelsDir, catalog: server.catalog });
    b = await launchBrowser({ wav: questionWav() });
    page = b.page;
    await page.goto(lumio.host.url);
  });

  afterAll(async () => {
    await b?.close();
    await lumio?.close();
    await server?.close();
    fs.rmSync(modelsDir, { recursive: true, force: true });
  });

  it('first run offers the default set with its total size', async () => {
    await page.getByRole('heading', { name: 'Welcome to Lumio' }).waitFor();
    await page.getByText('The default set is 6.0 MB in total.').waitFor();
    await page.getByRole('button', { name: 'Not now' }).click();
    // Without models the app says so and points to the Models screen.
    await page.getByText('Some models are missing').waitFor();
    await screenshot(page, '13-missing-models');
  });

  it('downloads with a progress bar, pauses, resumes where it stopped, and installs the verified file', async () => {
    await page.getByRole('button', { name: 'Open Models' }).click();
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    const row = page.locator('li.model[data-model-id="calm-test-model"]');
    await row.getByRole('button', { name: 'Download: Calm test model (local server)' }).click();
    const bar = row.getByRole('progressbar', { name: /Download progress of Calm test model/ });
    await bar.waitFor();
    // Polled from outside: the page's CSP forbids the string eval that waitForFunction would use.
    for (let i = 0; i < 100 && Number(await bar.getAttribute('value')) <= 10; i++) await page.waitForTimeout(100);
    expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(10);
    await screenshot(page, '14-model-downloading');

    await row.getByRole('button', { name: /^Pause/ }).click();
    await row.locator('xpath=self::*[@data-state="paused"]').waitFor();
    const pausedAt = Number(await bar.getAttribute('value'));
    expect(pausedAt).toBeGreaterThan(0);
    expect(pausedAt).toBeLessThan(100);
    await screenshot(page, '15-model-paused');

    await row.getByRole('button', { name: /^Resume/ }).click();
    await row.locator('xpath=self::*[@data-state="installed"]').waitFor({ timeout: 60_000 });
    expect(server.ranges.length).toBeGreaterThan(0);
    const file = path.join(modelsDir, 'calm-test-model', 'model.gguf');
    expect(fs.statSync(file).size).toBe(6_000_000);
    await screenshot(page, '16-model-installed');
  });

  it("shows each catalog model's licence, and flags the defaults a product that is sold may not ship", async () => {
    // The real catalog, nothing installed: what a new user sees before the first download.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-e2e-licences-'));
    const real = await startLumio({ modelsDir: empty });
    try {
      await page.goto(real.host.url);
      await page.getByRole('button', { name: 'Not now' }).click();
      await page.getByRole('navigation').getByRole('button', { name: 'Models' }).click();
      const lessac = page.locator('li.model[data-model-id="piper-en-lessac-medium"]');
      await lessac.waitFor();
      expect(await lessac.locator('[data-commercial-use]').getAttribute('data-commercial-use')).toBe('no');
      expect(await lessac.locator('.licence-warning').innerText()).toMatch(/may not ship/);
      const irina = page.locator('li.model[data-model-id="piper-ru-irina-medium"]');
      expect(await irina.locator('.licence-warning').innerText()).toMatch(/No female Russian Piper voice/);
      const joe = page.locator('li.model[data-model-id="piper-en-joe-medium"]');
      expect(await joe.innerText()).toMatch(/CC0[\s\S]*commercial use allowed/);
      expect(await joe.locator('.licence-warning').count()).toBe(0);
      await page.getByRole('heading', { name: 'Voices' }).scrollIntoViewIfNeeded();
      await screenshot(page, '24-models-licences');
    } finally {
      await real.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
