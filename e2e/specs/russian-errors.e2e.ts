import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ModelManifestSchema, MODEL_MANIFEST_FILE } from '../../src/shared/models.js';
import { LumioStore } from '../../src/core/store/history.js';
import { loadCatalog } from '../../src/core/models/catalog.js';
import { sampleTurn } from '../../src/core/testing/sample-turn.js';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../support/browser.js';
import { enginePid, FIXTURE_MODELS, missingPrerequisite, questionWav, startLumio, type RunningLumio } from '../support/lumio.js';

/**
 * The window in Russian while things go wrong: a too-short press, an engine crash in the middle
 * of a turn, a damaged model, a missing one, a models folder that cannot be used, a damaged history.
 * Every alert, banner and notice must be Russian: the core sends codes and parameters, the
 * renderer says them. Names may stay Latin (Lumio, model ids, paths, JSON/Markdown); a run of
 * Latin words is an English sentence that leaked from the core, and fails the spec.
 */
const skip = missingPrerequisite();
if (skip) console.warn(`[e2e] skipped: ${skip}`);

/** Latin words left once the names a Russian sentence may carry are taken out. */
export function englishLeft(text: string): string[] {
  const stripped = text
    .replace(/(?:\/[\w.@+-]+)+\/?/g, ' ') // paths
    .replace(/\b[a-z0-9]+(?:[-_.][a-z0-9]+)+\b/gi, ' ') // model ids, file names
    .replace(/\b(?:Lumio|JSON|Markdown|Space|Enter)\b/g, ' ');
  // Two Latin words in a row is a phrase; one stray word (a key name) is not a sentence.
  return stripped.match(/[A-Za-z]{2,}(?:[\s,.:;!?'’()-]+[A-Za-z]{2,})+/g) ?? [];
}

async function expectRussian(where: Locator, what: string): Promise<string> {
  const text = (await where.innerText()).trim();
  expect(text, `${what}: empty`).not.toBe('');
  expect(text, `${what}: no Russian in "${text}"`).toMatch(/[А-Яа-яЁё]{3,}/);
  expect(englishLeft(text), `${what}: English in "${text}"`).toEqual([]);
  return text;
}

let lumio: RunningLumio;
let b: LaunchedBrowser;
let page: Page;
let modelsDir: string;

const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name });
const typeBox = () => page.getByRole('textbox', { name: 'Или напишите сообщение' });

async function openTalk(): Promise<void> {
  await nav('Разговор').click();
  await page.getByRole('heading', { name: 'Разговор' }).waitFor();
}

async function typeMessage(text: string): Promise<void> {
  await typeBox().fill(text);
  await typeBox().press('Enter');
}

/** Everything the window shows as an alert, a banner or a notice right now, checked one by one. */
async function expectAllRussian(what: string): Promise<void> {
  const shown = page.locator('[role="alert"], [role="status"], .banner, .notice, .turn-error');
  for (let i = 0; i < (await shown.count()); i++) {
    const el = shown.nth(i);
    if (!(await el.isVisible()) || (await el.innerText()).trim() === '') continue;
    await expectRussian(el, `${what} #${i}`);
  }
}

function modelFile(id: string): string {
  const m = ModelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(modelsDir, id, MODEL_MANIFEST_FILE), 'utf8')));
  return path.join(modelsDir, id, m.files.model);
}

describe('englishLeft', () => {
  it('lets names through and catches a sentence', () => {
    expect(englishLeft('Модель для разговора (llm-stories) повреждена: файл /tmp/a/b.gguf короче. Lumio')).toEqual([]);
    expect(englishLeft('Речевой движок остановился: The speech engine stopped.')).toEqual(['The speech engine stopped']);
  });
});

describe.skipIf(skip !== null)('the Russian window on error paths, in Chromium against the real core', () => {
  beforeAll(async () => {
    // Real copies (not links), so a model can be damaged and put back.
    modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-e2e-ru-'));
    fs.cpSync(FIXTURE_MODELS, modelsDir, { recursive: true });
    lumio = await startLumio({ modelsDir });
    await lumio.service.handle('settings.set', { uiLanguage: 'ru', onboarded: true });
    b = await launchBrowser({ wav: questionWav() });
    page = b.page;
    await page.goto(lumio.host.url);
    await page.getByRole('heading', { name: 'Разговор' }).waitFor();
  });

  afterAll(async () => {
    await b?.close();
    await lumio?.close();
    if (modelsDir) fs.rmSync(modelsDir, { recursive: true, force: true });
  });

  it('a press too short to hold a word says so in Russian', async () => {
    await page.locator('section.talk[data-phase="idle"]').waitFor();
    const notice = page.locator('.notice');
    // Right after the page loads the microphone may still be opening when the key comes up; a
    // person would press again, and so does this (past the 300 ms bounce guard).
    for (let i = 0; i < 3 && !(await notice.isVisible()); i++) {
      await page.waitForTimeout(400);
      await page.locator('body').focus();
      await page.keyboard.down('Space');
      await page.waitForTimeout(120);
      await page.keyboard.up('Space');
      await notice.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await notice.waitFor({ timeout: 1_000 });
    expect(await expectRussian(notice, 'too short')).toMatch(/коротко/);
    await expectAllRussian('after a short press');
  });

  it('an engine crash in the middle of a turn is said in Russian, with what the engine was doing', async () => {
    await openTalk();
    const crashed = new Promise<void>((resolve) => {
      // The mood is the worker's own event, after the words and before the reply: the worker is
      // surely running then (a typed first turn starts it), and the turn is surely not over.
      const off = lumio.service.onEvent((e) => {
        if (e.type === 'turn.mood') {
          off();
          const pid = enginePid(lumio.service);
          expect(pid).toBeTypeOf('number');
          process.kill(pid!, 'SIGSEGV');
          resolve();
        }
      });
    });
    await typeMessage('Расскажи что-нибудь спокойное про вечер.');
    await crashed;
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    const text = await expectRussian(alert, 'engine crash');
    expect(text).toMatch(/Речевой движок остановился/);
    await screenshot(page, '40-ru-engine-crash');
    await expectAllRussian('after the crash');
    await alert.getByRole('button', { name: 'Закрыть' }).click();
    await lumio.service.idle();
  });

  it('a damaged model is named in Russian on the banner and when a turn needs it', async () => {
    const file = modelFile('llm-stories');
    const whole = fs.readFileSync(file);
    fs.chmodSync(file, 0o644);
    fs.truncateSync(file, Math.floor(whole.length / 3));
    try {
      await lumio.service.refreshModels();
      await page.reload();
      await page.getByRole('heading', { name: 'Разговор' }).waitFor();
      const banner = page.locator('.banner [data-damaged-model="llm-stories"]');
      await banner.waitFor();
      await expectRussian(banner, 'damaged banner');
      await typeMessage('Привет.');
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      expect(await expectRussian(alert, 'damaged turn')).toMatch(/повреждена/);
      await screenshot(page, '41-ru-damaged-model');
      await expectAllRussian('damaged model');
      await alert.getByRole('button', { name: 'Закрыть' }).click();
    } finally {
      fs.writeFileSync(file, whole);
      await lumio.service.refreshModels();
    }
  });

  it('a missing model: the banner and the turn say which part is missing, in Russian', async () => {
    const away = `${modelsDir}-whisper-away`;
    fs.renameSync(path.join(modelsDir, 'whisper-mini'), away);
    try {
      await lumio.service.refreshModels();
      await page.reload();
      await page.locator('.banner[data-engine-state="missing-models"]').waitFor();
      await expectRussian(page.locator('.banner[data-engine-state="missing-models"]'), 'missing banner');
      const exchanges = await page.locator('.exchange').count();
      await typeMessage('Привет.');
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      expect(await expectRussian(alert, 'missing turn')).toMatch(/Распознавание речи/);
      // Refused before it started: the alert says so, and no empty "…" bubble is left for it.
      expect(await page.locator('.exchange').count()).toBe(exchanges);
      await screenshot(page, '42-ru-missing-model');
      await expectAllRussian('missing model');
      await alert.getByRole('button', { name: 'Закрыть' }).click();
    } finally {
      fs.renameSync(away, path.join(modelsDir, 'whisper-mini'));
      await lumio.service.refreshModels();
    }
  });

  it("the Models screen describes each catalog model with the catalog's Russian text", async () => {
    await nav('Модели').click();
    await page.getByRole('heading', { name: 'Модели', level: 1 }).waitFor();
    // Names of models, voices and licences stay as their authors spell them, so the text is compared
    // with the catalog's own Russian rather than checked for Latin words.
    for (const m of loadCatalog().models) {
      const row = page.locator(`li.model[data-model-id="${m.id}"]`);
      expect(await row.locator('.model-desc').innerText(), m.id).toBe(m.description.ru);
      const warning = row.locator('.licence-warning');
      if (m.licenseNote && (await warning.count()) > 0) expect(await warning.innerText(), m.id).toContain(m.licenseNote.ru);
    }
    await page.getByRole('heading', { name: 'Голоса' }).scrollIntoViewIfNeeded();
    await screenshot(page, '45-ru-models');
  });

  it('a models folder that cannot be used is refused in Russian', async () => {
    await nav('Настройки').click();
    await page.getByRole('heading', { name: 'Настройки' }).waitFor();
    // A file, not a folder: it passes the contract's shape check and is refused by the folder check.
    const aFile = path.join(modelsDir, 'whisper-mini', MODEL_MANIFEST_FILE);
    await page.locator('#models-dir').fill(aFile);
    await page.locator('#models-dir').locator('xpath=following-sibling::button').click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    const onFile = await expectRussian(alert, 'models folder');
    expect(onFile).toContain(aFile);
    expect(onFile).toMatch(/это файл, а не папка/);
    await screenshot(page, '43-ru-models-dir');
    await alert.getByRole('button', { name: 'Закрыть' }).click();
    // Refused by the contract for its text alone: still said in Russian, with why, not as a request
    // Lumio did not understand.
    await page.locator('#models-dir').fill('models/mine');
    await page.locator('#models-dir').locator('xpath=following-sibling::button').click();
    await alert.waitFor({ timeout: 10_000 });
    const relative = await expectRussian(alert, 'relative models folder');
    expect(relative).toMatch(/models\/mine.*не полный путь/);
    expect(relative).not.toMatch(/не смог понять/);
    await alert.getByRole('button', { name: 'Закрыть' }).click();
  });

  it('a turn after all that works, and its mood reads in Russian', async () => {
    await openTalk();
    const before = await page.locator('.exchange .mood').count();
    await typeMessage('Сегодня был тихий и хороший день.');
    // The mood comes before the reply; idle after it means this turn is done.
    await page.locator('.exchange .mood').nth(before).waitFor({ timeout: 150_000 });
    await page.locator('section.talk[data-phase="idle"]').waitFor({ timeout: 150_000 });
    const mood = page.locator('.exchange .mood').nth(before);
    const title = (await mood.getAttribute('title')) ?? '';
    expect(title).toMatch(/[А-Яа-яЁё]{3,}/);
    expect(englishLeft(title)).toEqual([]);
    await expectAllRussian('after a good turn');
  });
});

describe.skipIf(skip !== null)('a damaged history in the Russian window', () => {
  let damaged: RunningLumio;
  let bb: LaunchedBrowser;

  beforeAll(async () => {
    damaged = await startLumio({
      prepareHome: (home) => {
        const file = path.join(home, 'lumio.db');
        const store = LumioStore.open(file);
        store.patchSettings({ onboarded: true, uiLanguage: 'ru' });
        for (let i = 0; i < 300; i++)
          store.appendTurn(sampleTurn(`c${i % 12}`, `Вечер ${i}: ${'говорили про сад и дождь '.repeat(6)}`, 'Звучит спокойно.', { language: 'ru' }));
        store.close();
        const bytes = fs.readFileSync(file);
        const pageSize = bytes.readUInt16BE(16);
        const first = Math.floor(bytes.length / pageSize / 2);
        let seed = 7;
        for (let i = first * pageSize; i < (first + 2) * pageSize; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
        fs.writeFileSync(file, bytes);
      },
    });
    bb = await launchBrowser({ wav: questionWav() });
    await bb.page.goto(damaged.host.url);
  });

  afterAll(async () => {
    await bb?.close();
    await damaged?.close();
  });

  it('says the history is damaged, and a turn that cannot be saved is refused, in Russian', async () => {
    page = bb.page;
    const banner = page.locator('.banner-history-damaged');
    await banner.waitFor();
    await expectRussian(banner, 'history banner');
    await typeMessage('Привет.');
    const alert = page.locator('.dock [role="alert"]');
    await alert.waitFor({ timeout: 30_000 });
    await expectRussian(alert, 'turn on a damaged history');
    await screenshot(page, '44-ru-history-damaged');
    await expectAllRussian('damaged history');
  });
});
