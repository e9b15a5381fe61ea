import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessLanguage } from '../text/letters.js';
import { defaultModels, downloadSize, findCatalogFile, loadCatalog } from './catalog.js';

describe('model catalog', () => {
  const catalog = loadCatalog();

  it('is found by walking up from the module and parses', () => {
    const file = findCatalogFile();
    expect(file).not.toBeNull();
    expect(path.basename(file!)).toBe('catalog.json');
    expect(catalog.models.length).toBeGreaterThan(5);
  });

  it("describes every model in each UI language, each in its own letters (the Models screen shows the window's)", () => {
    for (const m of catalog.models) {
      for (const text of [m.description, m.licenseNote]) {
        if (!text) continue;
        expect(guessLanguage(text.en), `${m.id} en`).toBe('en');
        expect(guessLanguage(text.ru), `${m.id} ru`).toBe('ru');
      }
    }
  });

  it('has unique ids', () => {
    const ids = catalog.models.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has exactly one default per slot the app fills', () => {
    const d = defaultModels(catalog);
    expect(d.stt.role).toBe('stt');
    expect(d.llm.role).toBe('llm');
    expect(d.vad.role).toBe('vad');
    for (const lang of ['ru', 'en'] as const) {
      for (const gender of ['female', 'male'] as const) {
        const v = d.tts[lang][gender];
        expect(v.role).toBe('tts');
        expect(v.gender).toBe(gender);
        expect(v.languages).toContain(lang);
      }
    }
    // Every default is one of these slots: no stray default that the app would ignore.
    const slots = new Set([d.stt, d.llm, d.vad, d.tts.ru.female, d.tts.ru.male, d.tts.en.female, d.tts.en.male].map((m) => m.id));
    expect(
      catalog.models
        .filter((m) => m.default)
        .map((m) => m.id)
        .sort(),
    ).toEqual([...slots].sort());
  });

  const allFiles = catalog.models.flatMap((m) => m.sources.flatMap((s) => s.files.map((f) => ({ m, s, f }))));

  it('names an immutable revision in every URL, or says why there is none', () => {
    for (const { m, f } of allFiles) {
      const where = `${m.id} ${f.url}`;
      expect(new URL(f.url).protocol, where).toBe('https:');
      if (f.revision === null) {
        expect(f.revisionNote, `${where}: no revision and no revisionNote`).toBeTruthy();
        continue;
      }
      // The URL must carry the revision as a path segment, never a moving branch.
      expect(new URL(f.url).pathname.split('/'), where).toContain(f.revision);
      expect(f.url, where).not.toMatch(/\/(resolve|raw|blob)\/(main|master)\//);
      if (new URL(f.url).hostname === 'huggingface.co') {
        // A Hugging Face commit (40 hex) or a tag.
        expect(f.revision, where).toMatch(/^([0-9a-f]{40}|v\d+(\.\d+)*)$/);
      }
    }
  });

  it('carries a licence and a commercial-use flag on every entry; defaults allow commercial use or say why not', () => {
    for (const m of catalog.models) {
      expect(m.license.trim().length, m.id).toBeGreaterThan(2);
      expect(['yes', 'no', 'unknown'], m.id).toContain(m.commercialUse);
      if (m.commercialUse !== 'yes') expect(m.licenseNote, `${m.id}: a licence that is not commercial-use-safe needs a licenseNote`).toBeTruthy();
    }
    const d = defaultModels(catalog);
    // The facts from the model cards: these must not drift.
    expect(d.tts.en.male.id).toBe('piper-en-joe-medium');
    expect(d.tts.en.male.commercialUse).toBe('yes');
    expect(d.tts.ru.male.commercialUse).toBe('yes');
    expect(d.stt.commercialUse).toBe('yes');
    expect(d.llm.commercialUse).toBe('yes');
    expect(d.vad.commercialUse).toBe('yes');
    // Where no commercial-use-safe voice exists (or none was confirmed), the default is flagged, with the reason.
    expect(d.tts.ru.female.commercialUse).toBe('unknown');
    expect(d.tts.ru.female.licenseNote?.en).toMatch(/only/);
    expect(d.tts.ru.female.licenseNote?.ru).toMatch(/единственный/);
    expect(d.tts.en.female.commercialUse).toBe('no');
    expect(catalog.models.find((m) => m.id === 'piper-en-ryan-medium')?.commercialUse).toBe('no');
    expect(catalog.models.find((m) => m.id === 'qwen2.5-3b-instruct-q4km')?.commercialUse).toBe('no');
  });

  it('explains every missing hash and size, and verifies the weights of every default through at least one source', () => {
    for (const { m, f } of allFiles) {
      if (f.sha256 === null) expect(f.hashNote, `${m.id} ${f.path} has no sha256 and no hashNote`).toBeTruthy();
      if (f.sha256 !== null) expect(f.sizeBytes, `${m.id} ${f.path}: a published hash comes with its size`).toBeGreaterThan(0);
    }
    const d = defaultModels(catalog);
    const all = [d.stt, d.llm, d.vad, d.tts.ru.female, d.tts.ru.male, d.tts.en.female, d.tts.en.male];
    for (const m of all) {
      const verified = m.sources.some((s) => s.files.some((f) => f.sha256 !== null && (f.archive !== undefined || f.path === s.manifestFiles.model)));
      expect(verified, `${m.id}: no source has its weights under a published sha256`).toBe(true);
    }
    const size = downloadSize(all);
    expect(size.bytes).toBeGreaterThan(1_000_000_000);
  });

  it('points manifest files at what each source downloads, unpacks or assembles', () => {
    for (const m of catalog.models) {
      for (const s of m.sources) {
        const plain = s.files.filter((f) => !f.archive).map((f) => f.path);
        if (s.files.every((f) => !f.archive)) expect(plain, `${m.id} ${s.name}`).toContain(s.manifestFiles.model);
        if (s.assemble) {
          expect(plain).toContain(s.assemble.model);
          expect(plain).toContain(s.assemble.config);
          expect(s.manifestFiles.tokens).toBe(s.assemble.tokens);
        }
        if (m.role === 'tts') expect(s.manifestFiles.tokens, m.id).toBeDefined();
      }
      if (m.role === 'tts') expect(m.gender, m.id).toBeDefined();
    }
  });

  it('accepts an explicit path and rejects a broken or duplicated catalog', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-catalog-'));
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(catalog));
    expect(loadCatalog(good).models.length).toBe(catalog.models.length);

    const dup = path.join(dir, 'dup.json');
    fs.writeFileSync(dup, JSON.stringify({ ...catalog, models: [...catalog.models, catalog.models[0]] }));
    expect(() => loadCatalog(dup)).toThrow(/twice/);

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ version: 1, models: [{ id: 'x' }] }));
    expect(() => loadCatalog(bad)).toThrow(/invalid/);

    const noDefaults = path.join(dir, 'nodef.json');
    fs.writeFileSync(noDefaults, JSON.stringify({ ...catalog, models: catalog.models.map((m) => ({ ...m, default: false })) }));
    expect(() => defaultModels(loadCatalog(noDefaults))).toThrow(/exactly one default/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
