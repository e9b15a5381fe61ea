import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODEL_MANIFEST_FILE, ModelManifestSchema } from '../../shared/models.js';
import { pickVoice } from '../models/locate.js';
import { resolveEngineModels } from './engine-models.js';

/**
 * Damaged is not missing. Each fixture model's file is cut to a third, as an interrupted copy or a
 * bad disk leaves it; the resolver must name that model with the reason, hand the engine nothing
 * in its place, and keep every other model as it was.
 */
const fixtureModels = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures/models');
const settings = { sttModel: null, llmModel: null, language: 'en' as const, voice: 'female' as const };

let modelsDir = '';
beforeEach(() => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-damaged-'));
  for (const id of fs.readdirSync(fixtureModels)) {
    if (fs.existsSync(path.join(fixtureModels, id, MODEL_MANIFEST_FILE))) {
      fs.cpSync(path.join(fixtureModels, id), path.join(modelsDir, id), { recursive: true });
    }
  }
});
afterEach(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

function truncate(id: string): string {
  const manifest = ModelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(modelsDir, id, MODEL_MANIFEST_FILE), 'utf8')));
  const file = path.join(modelsDir, id, manifest.files.model);
  fs.truncateSync(file, Math.floor(fs.statSync(file).size / 3));
  return manifest.files.model;
}

const ids = () => fs.readdirSync(modelsDir).sort();

describe('resolveEngineModels with a damaged model', () => {
  it('finds every fixture model whole to begin with', async () => {
    const r = await resolveEngineModels(modelsDir, settings);
    expect(r.damaged).toEqual([]);
    expect(r.installed.map((m) => m.manifest.id).sort()).toEqual(ids());
  });

  for (const [id, role] of [
    ['whisper-mini', 'stt'],
    ['llm-stories', 'llm'],
    ['voice-mini-en-female', 'tts'],
    ['voice-mini-en-male', 'tts'],
    ['voice-mini-ru-female', 'tts'],
    ['voice-mini-ru-male', 'tts'],
    ['vad-silero', 'vad'],
  ] as const) {
    it(`names ${id} (${role}) cut to a third as truncated, and hands the engine nothing in its place`, async () => {
      if (!fs.existsSync(path.join(modelsDir, id))) {
        console.warn(`[engine-models.test] ${id} is not among the fixtures here: skipped`);
        return;
      }
      const file = truncate(id);
      const r = await resolveEngineModels(modelsDir, settings, { catalogIds: new Set([id]) });
      expect(r.damaged).toEqual([expect.objectContaining({ id, role, problem: 'truncated', file, repairable: true })]);
      expect(r.installed.map((m) => m.manifest.id)).not.toContain(id);
      // Damaged is not missing.
      expect(r.missingRoles).toEqual([]);
      if (role === 'stt') {
        expect(r.models.stt).toBeNull();
        expect(r.blocking.map((d) => d.id)).toEqual([id]);
      } else if (role === 'llm') {
        expect(r.models.llm).toBeNull();
        expect(r.blocking.map((d) => d.id)).toEqual([id]);
      } else if (role === 'vad') {
        expect(r.models.vad).toBeNull();
        expect(r.blocking).toEqual([]);
        expect(r.degraded.map((d) => d.id)).toEqual([id]);
      } else {
        expect(r.blocking).toEqual([]);
        expect(r.models.voices.map((v) => v.manifest.id)).not.toContain(id);
        expect(r.models.damagedVoices?.map((v) => v.manifest.id)).toEqual([id]);
        // Asked for exactly that voice, the engine gets the damage, not another gender or language.
        const m = r.models.damagedVoices![0]!.manifest;
        const pick = pickVoice(r.models.voices, m.languages[0]!, m.gender!, r.models.damagedVoices);
        expect(pick.tts).toBeNull();
        expect(pick.damaged?.id).toBe(id);
        // The other gender of the same language is still whole and still chosen when asked for.
        const other = pickVoice(r.models.voices, m.languages[0]!, m.gender === 'female' ? 'male' : 'female', r.models.damagedVoices);
        expect(other.damaged).toBeUndefined();
        expect(other.tts?.manifest.gender).toBe(m.gender === 'female' ? 'male' : 'female');
      }
    });
  }

  it('tells a file replaced by something else (wrong format) and a changed one (hash) from a truncated one', async () => {
    // Same size, different bytes: only the sha256 can tell.
    const whisper = path.join(modelsDir, 'whisper-mini');
    const manifest = ModelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(whisper, MODEL_MANIFEST_FILE), 'utf8')));
    const file = path.join(whisper, manifest.files.model);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    // A GGUF replaced by text of the same size: the format check sees it first.
    const llm = path.join(modelsDir, 'llm-stories');
    const llmManifest = ModelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(llm, MODEL_MANIFEST_FILE), 'utf8')));
    const llmFile = path.join(llm, llmManifest.files.model);
    fs.writeFileSync(llmFile, Buffer.alloc(fs.statSync(llmFile).size, 'x'));
    const r = await resolveEngineModels(modelsDir, settings);
    const byId = Object.fromEntries(r.damaged.map((d) => [d.id, d]));
    expect(byId['whisper-mini']?.problem).toBe('hash-mismatch');
    expect(byId['llm-stories']?.problem).toBe('wrong-format');
    expect(byId['llm-stories']?.repairable).toBe(false);
  });
});
