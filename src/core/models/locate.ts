import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Language } from '../../shared/domain.js';
import type { DamagedModel } from '../../shared/errors.js';
import { MODEL_MANIFEST_FILE, ModelManifestSchema, type ModelManifest, type ModelRole, type VoiceGender } from '../../shared/models.js';
import { sha256File } from './download.js';

export interface InstalledModel {
  /** Absolute folder of the model; manifest paths are relative to it. */
  dir: string;
  manifest: ModelManifest;
}

export interface SkippedModelDir {
  dir: string;
  reason: string;
}

/**
 * Every model folder directly under `modelsDir` that has a valid lumio-model.json. Folders without
 * a manifest (a download in progress, user clutter) and folders with a broken one are skipped and
 * reported through `onSkip`, never thrown: one bad folder must not hide the good ones.
 */
export async function listInstalledModels(modelsDir: string, o: { onSkip?: (s: SkippedModelDir) => void } = {}): Promise<InstalledModel[]> {
  const entries = await fsp.readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  const found: InstalledModel[] = [];
  for (const d of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (d.name.startsWith('.')) continue;
    const dir = path.resolve(modelsDir, d.name);
    // A model folder may be a link to another disk, where big models are often kept.
    const isFolder =
      d.isDirectory() ||
      (d.isSymbolicLink() &&
        (await fsp.stat(dir).then(
          (st) => st.isDirectory(),
          () => false,
        )));
    if (!isFolder) continue;
    const file = path.join(dir, MODEL_MANIFEST_FILE);
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch {
      o.onSkip?.({ dir, reason: `no ${MODEL_MANIFEST_FILE}` });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      o.onSkip?.({ dir, reason: `${MODEL_MANIFEST_FILE} is not JSON: ${(e as Error).message}` });
      continue;
    }
    const parsed = ModelManifestSchema.safeParse(json);
    if (!parsed.success) {
      o.onSkip?.({ dir, reason: `${MODEL_MANIFEST_FILE} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
      continue;
    }
    found.push({ dir, manifest: parsed.data });
  }
  return found;
}

export interface ModelPrefs {
  language: Language;
  voice: VoiceGender;
  sttModel?: string | null;
  llmModel?: string | null;
}

/** How far the chosen voice is from what was asked for. */
export type VoiceFallback = null | 'gender' | 'language' | 'gender+language';

export interface ModelChoice {
  stt: InstalledModel | null;
  llm: InstalledModel | null;
  vad: InstalledModel | null;
  tts: InstalledModel | null;
  /** null when the voice matches both language and gender. */
  ttsFallback: VoiceFallback;
  /** Roles with nothing installed at all. */
  missing: ModelRole[];
}

const realFirst = (a: InstalledModel, b: InstalledModel) =>
  Number(a.manifest.synthetic) - Number(b.manifest.synthetic) || a.manifest.id.localeCompare(b.manifest.id);

/**
 * The chosen id wins when it is installed; otherwise real models beat the project's miniature
 * synthetic ones, and a model that knows the conversation language beats one that does not.
 */
function pickFor(installed: InstalledModel[], role: ModelRole, language: Language, wanted?: string | null): InstalledModel | null {
  const ofRole = installed.filter((m) => m.manifest.role === role);
  if (wanted) {
    const exact = ofRole.find((m) => m.manifest.id === wanted);
    if (exact) return exact;
  }
  const speaks = ofRole.filter((m) => m.manifest.languages.includes(language)).sort(realFirst);
  return speaks[0] ?? ofRole.sort(realFirst)[0] ?? null;
}

/**
 * Voice order: right language and gender; then the right language with the other gender; then the
 * other language. Within the right language a real voice beats a synthetic one even of the other
 * gender, because a synthetic voice says nothing intelligible and the flag tells the UI.
 */
export function pickVoice(
  installed: InstalledModel[],
  language: Language,
  gender: VoiceGender,
  /**
   * Voices that failed their check. When one of them is what this order would choose, it is
   * returned as `damaged` and nothing else is: a damaged voice is named, never quietly swapped for
   * another gender or language.
   */
  damaged: ReadonlyArray<InstalledModel & { damage: DamagedModel }> = [],
): { tts: InstalledModel | null; fallback: VoiceFallback; damaged?: DamagedModel } {
  const broken = new Map(damaged.map((d) => [d.manifest.id, d.damage]));
  const voices = [...installed, ...damaged].filter((m) => m.manifest.role === 'tts');
  const rank = (m: InstalledModel): number => {
    const lang = m.manifest.languages.includes(language) ? 0 : 1;
    const sameGender = m.manifest.gender === gender ? 0 : 1;
    const synthetic = m.manifest.synthetic ? 1 : 0;
    return lang * 100 + synthetic * 10 + sameGender;
  };
  const best = voices.sort((a, b) => rank(a) - rank(b) || a.manifest.id.localeCompare(b.manifest.id))[0];
  if (!best) return { tts: null, fallback: null };
  const damage = broken.get(best.manifest.id);
  if (damage) return { tts: null, fallback: null, damaged: damage };
  const langOk = best.manifest.languages.includes(language);
  const genderOk = best.manifest.gender === gender;
  const fallback: VoiceFallback = langOk && genderOk ? null : langOk ? 'gender' : genderOk ? 'language' : 'gender+language';
  return { tts: best, fallback };
}

export function pickModels(installed: InstalledModel[], prefs: ModelPrefs): ModelChoice {
  const stt = pickFor(installed, 'stt', prefs.language, prefs.sttModel);
  const llm = pickFor(installed, 'llm', prefs.language, prefs.llmModel);
  const vad = pickFor(installed, 'vad', prefs.language, null);
  const { tts, fallback } = pickVoice(installed, prefs.language, prefs.voice);
  const missing = (['stt', 'llm', 'vad', 'tts'] as const).filter((r) => ({ stt, llm, vad, tts })[r] === null);
  return { stt, llm, vad, tts, ttsFallback: fallback, missing };
}

export const VERIFIED_CACHE_FILE = '.verified.json';

interface VerifiedCache {
  [relPath: string]: { size: number; mtimeMs: number; sha256: string };
}

export interface FileProblem {
  file: string;
  problem: 'missing' | 'not-a-file' | 'not-a-folder' | 'hash-mismatch';
  detail?: string;
}

export interface VerifyResult {
  ok: boolean;
  problems: FileProblem[];
  /** Files whose hash was computed now (not taken from the cache). */
  hashedNow: string[];
}

/**
 * Checks that every file the manifest names exists and, with `hash: true`, has the manifest's
 * sha256. Hashing a 1 GB model on every start is slow, so a good hash is remembered in
 * .verified.json together with the file's size and mtime; a changed file is hashed again.
 */
export async function verifyModelFiles(dir: string, manifest: ModelManifest, o: { hash?: boolean } = {}): Promise<VerifyResult> {
  const problems: FileProblem[] = [];
  const hashedNow: string[] = [];
  const files = new Set<string>([manifest.files.model, ...Object.keys(manifest.sha256)]);
  if (manifest.files.tokens) files.add(manifest.files.tokens);

  for (const rel of files) {
    const st = await fsp.stat(path.join(dir, rel)).catch(() => null);
    if (!st) problems.push({ file: rel, problem: 'missing' });
    else if (!st.isFile()) problems.push({ file: rel, problem: 'not-a-file' });
  }
  if (manifest.files.dataDir) {
    const st = await fsp.stat(path.join(dir, manifest.files.dataDir)).catch(() => null);
    if (!st) problems.push({ file: manifest.files.dataDir, problem: 'missing' });
    else if (!st.isDirectory()) problems.push({ file: manifest.files.dataDir, problem: 'not-a-folder' });
  }

  if (o.hash && problems.length === 0) {
    const cacheFile = path.join(dir, VERIFIED_CACHE_FILE);
    const cache: VerifiedCache = await fsp
      .readFile(cacheFile, 'utf8')
      .then((t) => JSON.parse(t) as VerifiedCache)
      .catch(() => ({}));
    let changed = false;
    for (const [rel, expected] of Object.entries(manifest.sha256)) {
      const st = await fsp.stat(path.join(dir, rel));
      const hit = cache[rel];
      if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs && hit.sha256 === expected) continue;
      const actual = await sha256File(path.join(dir, rel));
      hashedNow.push(rel);
      if (actual !== expected) {
        problems.push({ file: rel, problem: 'hash-mismatch', detail: `sha256 ${actual}, expected ${expected}` });
        if (cache[rel]) {
          delete cache[rel];
          changed = true;
        }
      } else {
        cache[rel] = { size: st.size, mtimeMs: st.mtimeMs, sha256: actual };
        changed = true;
      }
    }
    // A read-only install (bundled models) just does not get a cache.
    if (changed) await fsp.writeFile(cacheFile, JSON.stringify(cache, null, 2) + '\n').catch(() => undefined);
  }
  return { ok: problems.length === 0, problems, hashedNow };
}
