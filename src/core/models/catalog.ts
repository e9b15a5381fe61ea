import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LumioError } from '../../shared/errors.js';
import { CatalogSchema, type Catalog, type CatalogEntry, type ModelRole } from '../../shared/models.js';
import type { Language, Voice } from '../../shared/domain.js';

const CATALOG_RELATIVE = path.join('models', 'catalog.json');

/**
 * Finds the repo's models/catalog.json by walking up from this module. The walk (instead of a
 * fixed "../../..") keeps working from src/ under tsx, from out/ after a build, and from a
 * bundled chunk whose depth differs; the packaged Electron app passes an explicit path instead
 * (the catalog is shipped as an extra resource there).
 */
export function findCatalogFile(startDir: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CATALOG_RELATIVE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Reads and validates the catalog. `file` wins over $LUMIO_CATALOG, which wins over the walk-up search. */
export function loadCatalog(file?: string | null, env: NodeJS.ProcessEnv = process.env): Catalog {
  const target = file ?? env.LUMIO_CATALOG ?? findCatalogFile();
  if (!target) {
    throw new LumioError('NOT_FOUND', 'The model catalog (models/catalog.json) was not found.', {
      hint: 'Reinstall Lumio, or set LUMIO_CATALOG to the catalog file.',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(target, 'utf8'));
  } catch (e) {
    throw new LumioError('INTERNAL', `The model catalog could not be read: ${target}: ${(e as Error).message}`, { cause: e });
  }
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LumioError('INTERNAL', `The model catalog is invalid (${target}): ${parsed.error.message}`);
  }
  const ids = new Set<string>();
  for (const m of parsed.data.models) {
    if (ids.has(m.id)) throw new LumioError('INTERNAL', `The model catalog lists "${m.id}" twice (${target}).`);
    ids.add(m.id);
  }
  return parsed.data;
}

export interface DefaultModels {
  stt: CatalogEntry;
  llm: CatalogEntry;
  vad: CatalogEntry;
  /** One default voice per language and gender: tts.ru.female, tts.en.male, … */
  tts: Record<Language, { female: CatalogEntry; male: CatalogEntry }>;
}

function exactlyOne(list: CatalogEntry[], what: string): CatalogEntry {
  if (list.length !== 1) {
    throw new LumioError('INTERNAL', `The model catalog must have exactly one default ${what}; it has ${list.length}.`);
  }
  return list[0]!;
}

/**
 * The set the first run offers. Throws when the catalog does not have exactly one default for each
 * slot the app fills, so a bad catalog edit fails the catalog test instead of confusing a user.
 */
export function defaultModels(catalog: Catalog): DefaultModels {
  const defaults = catalog.models.filter((m) => m.default);
  const byRole = (role: ModelRole) => defaults.filter((m) => m.role === role);
  const voice = (lang: Language, gender: Voice) =>
    exactlyOne(
      byRole('tts').filter((m) => m.gender === gender && m.languages.includes(lang)),
      `${gender} ${lang} voice`,
    );
  return {
    stt: exactlyOne(byRole('stt'), 'speech recognizer (stt)'),
    llm: exactlyOne(byRole('llm'), 'language model (llm)'),
    vad: exactlyOne(byRole('vad'), 'voice activity detector (vad)'),
    tts: {
      ru: { female: voice('ru', 'female'), male: voice('ru', 'male') },
      en: { female: voice('en', 'female'), male: voice('en', 'male') },
    },
  };
}

/** Sum of the known download sizes of each model's first source; files of unknown size count as 0 and are reported. */
export function downloadSize(entries: CatalogEntry[]): { bytes: number; unknownFiles: number } {
  let bytes = 0;
  let unknownFiles = 0;
  for (const e of entries) {
    for (const f of e.sources[0]!.files) {
      if (f.sizeBytes === null) unknownFiles++;
      else bytes += f.sizeBytes;
    }
  }
  return { bytes, unknownFiles };
}

export function findCatalogEntry(catalog: Catalog, id: string): CatalogEntry | undefined {
  return catalog.models.find((m) => m.id === id);
}
