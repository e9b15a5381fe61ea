import fsp from 'node:fs/promises';
import path from 'node:path';
import { LumioError, isLumioError, type DamagedModel, type ModelProblem } from '../../shared/errors.js';
import { checkModelFiles } from './check-model.js';
import { verifyModelFiles, type InstalledModel } from './locate.js';

/**
 * Is an installed model whole? Damaged is not missing: a model whose file was cut short by an
 * interrupted copy, replaced by something else or changed on disk is named, never used, and never
 * quietly swapped for another. The checks go from cheap to dear: files present, sizes as installed,
 * the format's own structure (the same JavaScript walk that runs before native code opens it), then
 * the sha256 (cached by size and mtime, so a whole model is hashed once).
 */

export interface HealthProblem {
  problem: ModelProblem;
  file: string;
  detail?: string;
}

/** The parser's words for a file that ends too early (check-onnx, check-whisper, check-file). */
const TRUNCATED = /truncated|runs past the end|ends inside|too small to be a model/i;

export async function checkModelHealth(model: InstalledModel): Promise<HealthProblem | null> {
  const { dir, manifest } = model;
  const present = await verifyModelFiles(dir, manifest, { hash: false });
  const absent = present.problems[0];
  if (absent) return { problem: 'missing-file', file: absent.file, detail: absent.problem };

  for (const [rel, expected] of Object.entries(manifest.fileSizes)) {
    const st = await fsp.stat(path.join(dir, rel)).catch(() => null);
    if (!st) return { problem: 'missing-file', file: rel };
    if (st.size < expected) return { problem: 'truncated', file: rel, detail: `${st.size} bytes, installed with ${expected}` };
    if (st.size > expected) return { problem: 'hash-mismatch', file: rel, detail: `${st.size} bytes, installed with ${expected}` };
  }

  try {
    checkModelFiles(model);
  } catch (e) {
    if (!isLumioError(e)) throw e;
    const file = manifest.files.model;
    if (e.code === 'MODEL_MISSING') return { problem: 'missing-file', file, detail: e.message };
    return { problem: TRUNCATED.test(e.message) ? 'truncated' : 'wrong-format', file, detail: e.message };
  }

  const hashed = await verifyModelFiles(dir, manifest, { hash: true });
  const bad = hashed.problems[0];
  if (bad)
    return { problem: bad.problem === 'hash-mismatch' ? 'hash-mismatch' : 'missing-file', file: bad.file, ...(bad.detail ? { detail: bad.detail } : {}) };
  return null;
}

export function toDamagedModel(model: InstalledModel, p: HealthProblem, repairable: boolean): DamagedModel {
  const m = model.manifest;
  return {
    id: m.id,
    role: m.role,
    name: m.name,
    languages: m.languages,
    ...(m.gender ? { gender: m.gender } : {}),
    problem: p.problem,
    file: p.file,
    ...(p.detail ? { detail: p.detail } : {}),
    repairable,
  };
}

const LANGUAGE_NAMES = { ru: 'Russian', en: 'English' } as const;

/** "The female English voice", "The speech recognition model": which model, as a person knows it. */
export function modelRoleWords(d: Pick<DamagedModel, 'role' | 'languages' | 'gender'>): string {
  switch (d.role) {
    case 'tts': {
      const language = d.languages.length === 1 ? `${LANGUAGE_NAMES[d.languages[0]!]} ` : '';
      return `The ${d.gender ? `${d.gender} ` : ''}${language}voice`;
    }
    case 'stt':
      return 'The speech recognition model';
    case 'llm':
      return 'The conversation model';
    case 'vad':
      return 'The speech detection model';
  }
}

const PROBLEM_WORDS: Record<ModelProblem, string> = {
  truncated: 'its file is shorter than published',
  'wrong-format': 'its file is not in the format it should be',
  'hash-mismatch': 'its file differs from the published one',
  'missing-file': 'a file it needs is missing',
};

/** English words for logs and the CLI; the app says the same from the parameters in the person's language. */
export function describeDamagedModel(d: DamagedModel): string {
  return `${modelRoleWords(d)} (${d.id}) is damaged: ${PROBLEM_WORDS[d.problem]}.`;
}

export function damagedModelError(d: DamagedModel): LumioError {
  return new LumioError('MODEL_CORRUPT', describeDamagedModel(d), {
    hint: d.repairable ? 'Repair it in Models.' : 'It is not from Lumio’s catalog: put its files back, or remove its folder from the models folder.',
    model: d,
  });
}
