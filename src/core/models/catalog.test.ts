import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModels, downloadSize, findCatalogFile, loadCatalog } from './catalog.js';

describe('model catalog', () => {
  const catalog = loadCatalog();

  it('is found by walking up from the module and parses', () => {
    const file = findCatalogFile();
    expect(file).not.toBeNull();
    expect(path.basename(file!)).toBe('catalog.json');
    expect(catalog.models.length).toBeGreaterThan(5);
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
    expect(catalog.models.filter((m) => m.default).map((m) => m.id).sort()).toEqual([...slots].sort());
  });

  it("defaults download over https with a known size and a sha256", () => {
    const d = defaultModels(catalog);
    const all = [d.stt, d.llm, d.vad, d.tts.ru.female, d.tts.ru.male, d.tts.en.female, d.tts.en.male];
    for (const m of all) {
      for (const f of m.files) {
        expect(new URL(f.url).protocol, `${m.id} ${f.url}`).toBe('https:');
        expect(f.sizeBytes, m.id).toBeGreaterThan(0);
        expect(f.sha256, m.id).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    const size = downloadSize(all);
    expect(size.unknownFiles).toBe(0);
    expect(size.bytes).toBeGreaterThan(1_000_000_000);
  });

  it('explains every missing hash', () => {
    for (const m of catalog.models) {
      for (const f of m.files) {
        if (f.sha256 === null) expect(f.hashNote, `${m.id} has no sha256 and no hashNote`).toBeTruthy();
      }
    }
  });

  it('points manifest files of archives inside the unpacked folder and of plain files at a downloaded path', () => {
    for (const m of catalog.models) {
      const plain = m.files.filter((f) => !f.archive).map((f) => f.path);
      if (m.files.every((f) => !f.archive)) expect(plain, m.id).toContain(m.manifestFiles.model);
      if (m.role === 'tts') {
        expect(m.gender, m.id).toBeDefined();
        expect(m.manifestFiles.tokens, m.id).toBeDefined();
      }
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
