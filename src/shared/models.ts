import { z } from 'zod';
import { LanguageSchema } from './domain.js';

/**
 * A model on disk lives in its own folder under the models directory:
 *   <modelsDir>/<id>/lumio-model.json   (this manifest)
 *   <modelsDir>/<id>/<files named in the manifest>
 * The downloader writes this layout for catalog models; the fixture generator and
 * `npm run models:real` write the same layout, so one locator serves all of them.
 */
export const MODEL_MANIFEST_FILE = 'lumio-model.json';

export const ModelRoleSchema = z.enum(['stt', 'llm', 'tts', 'vad']);
export type ModelRole = z.infer<typeof ModelRoleSchema>;

export const ModelFormatSchema = z.enum(['whisper-ggml', 'gguf', 'onnx-vits', 'onnx-silero-vad']);
export type ModelFormat = z.infer<typeof ModelFormatSchema>;

export const VoiceGenderSchema = z.enum(['female', 'male']);
export type VoiceGender = z.infer<typeof VoiceGenderSchema>;

export const ModelManifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  role: ModelRoleSchema,
  format: ModelFormatSchema,
  name: z.string(),
  languages: z.array(LanguageSchema).min(1),
  /** TTS voices only. */
  gender: VoiceGenderSchema.optional(),
  /** Relative paths inside the model folder. `model` is the file native code opens. */
  files: z.object({
    model: z.string(),
    /** sherpa-onnx VITS: tokens.txt */
    tokens: z.string().optional(),
    /** sherpa-onnx VITS with espeak phonemes: espeak-ng-data folder */
    dataDir: z.string().optional(),
  }),
  /** sha256 of every file the manifest names (relative path → hex). Checked before native code loads it. */
  sha256: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).default({}),
  sizeBytes: z.number().int().nonnegative(),
  license: z.string(),
  source: z.string(),
  /** Output sample rate of a TTS voice. */
  sampleRate: z.number().int().positive().optional(),
  /**
   * True for the project's own miniature random-weight models: they exercise the real code paths
   * but say nothing about quality. UIs and benchmarks label results from them as such.
   */
  synthetic: z.boolean().default(false),
  /**
   * Chat models only: trusted to give a second opinion on the mood of a turn. Off unless measured
   * (`npm run eval:emotion -- --llm`): Gemma 3 270M, the one chat model measured here, lowered
   * Russian macro-F1 from 0.46 to 0.24, so a model earns this flag by its numbers.
   */
  moodJudge: z.boolean().default(false),
  /** Free text: where it came from, what was changed (e.g. metadata added for sherpa-onnx). */
  notes: z.string().optional(),
});
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/** One downloadable file of a catalog model. */
export const CatalogFileSchema = z.object({
  /** Relative path inside the model folder after download (and after unpacking, for archives). */
  path: z.string(),
  url: z.string().url(),
  sizeBytes: z.number().int().positive().nullable(),
  /** null when no published hash could be found; the catalog then says so in hashNote. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  hashNote: z.string().optional(),
  /** 'tar.bz2' archives are unpacked into the model folder after verification. */
  archive: z.enum(['tar.bz2']).optional(),
});
export type CatalogFile = z.infer<typeof CatalogFileSchema>;

export const CatalogEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  role: ModelRoleSchema,
  format: ModelFormatSchema,
  name: z.string(),
  description: z.string(),
  languages: z.array(LanguageSchema).min(1),
  gender: VoiceGenderSchema.optional(),
  default: z.boolean(),
  license: z.string(),
  homepage: z.string().url(),
  /** Approximate RAM needed to run it, for the "will it fit" estimate. */
  memoryBytes: z.number().int().positive().optional(),
  sampleRate: z.number().int().positive().optional(),
  files: z.array(CatalogFileSchema).min(1),
  /** Which downloaded paths the manifest points at. */
  manifestFiles: z.object({
    model: z.string(),
    tokens: z.string().optional(),
    dataDir: z.string().optional(),
  }),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export const CatalogSchema = z.object({
  version: z.literal(1),
  models: z.array(CatalogEntrySchema),
});
export type Catalog = z.infer<typeof CatalogSchema>;
