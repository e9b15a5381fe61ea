import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { FIXTURE_MODELS, missingPrerequisite, questionWav, startLumio, type RunningLumio } from '../support/lumio.js';

/**
 * A models folder with English voices only, as on a computer where the Russian voices were never
 * downloaded: a Russian message still gets its whole reply on screen and in history, with a quiet
 * line that says why it was not spoken and what to do.
 */
const skip = missingPrerequisite();
if (skip) console.warn(`[e2e] skipped: ${skip}`);

let lumio: RunningLumio;
let b: LaunchedBrowser;
let page: Page;
let modelsDir: string;

describe.skipIf(skip !== null)('a reply without a voice for its language, in Chromium against the real core', () => {
  beforeAll(async () => {
    modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-e2e-novoice-'));
    for (const entry of fs.readdirSync(FIXTURE_MODELS)) {
      if (entry.startsWith('voice-') && entry.includes('-ru-')) continue;
      // Linked, as a person keeps big models on another disk: the models folder follows links.
      fs.symlinkSync(path.join(FIXTURE_MODELS, entry), path.join(modelsDir, entry));
    }
    lumio = await startLumio({ modelsDir });
    b = await launchBrowser({ wav: questionWav() });
    page = b.page;
    await page.goto(lumio.host.url);
  });

  afterAll(async () => {
    await b?.close();
    await lumio?.close();
    fs.rmSync(modelsDir, { recursive: true, force: true });
  });

  it('shows the whole reply, saves it, and says it was not spoken because the voice is missing', async () => {
    await page.getByRole('button', { name: 'Not now' }).click();
    await page.getByRole('heading', { name: 'Talk' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Or type a message' });
    await box.fill('Расскажи мне что-нибудь спокойное про море.');
    await box.press('Enter');
    const notice = page.locator('.exchange .turn-error', { hasText: 'This reply was not spoken' });
    await notice.waitFor({ timeout: 120_000 }).catch(async (e: unknown) => {
      await screenshot(page, '18-not-spoken-failed');
      throw new Error(`no notice; the page shows: ${(await page.locator('main').innerText()).replace(/\s+/g, ' ')}`, { cause: e });
    });
    await page.locator('section.talk[data-phase="idle"]').waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toMatch(/No voice is installed for Russian/);
    expect(await page.getByRole('alert').count()).toBe(0);
    const reply = (await page.locator('.exchange .reply-text').first().innerText()).trim();
    expect(reply.length).toBeGreaterThan(0);
    await screenshot(page, '18-not-spoken');
    const list = await lumio.service.handle('history.list', {});
    expect(list.ok && list.value.length).toBe(1);
    const turns = list.ok ? await lumio.service.handle('history.get', { conversationId: list.value[0]!.id }) : null;
    expect(turns?.ok && turns.value[0]?.replyText).toBe(reply);
  });
});
