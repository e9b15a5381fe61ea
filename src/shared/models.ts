import { z } from 'zod';
import { LanguageSchema } from './domain.js';
import { InEachLanguageSchema, ModelRoleSchema, VoiceSchema, type Voice } from './primitives.js';

/**
 * A model on disk lives in its own folder under the models directory:
 *   <modelsDir>/<id>/lumio-model.json   (this manifest)
 *   <modelsDir>/<id>/<files named in the manifest>
 * The downloader writes this layout for catalog models; the fixture generator and
 * `npm run models:real` write the same layout, so one locator serves all of them.
 */
export const MODEL_MANIFEST_FILE = 'lumio-model.json';

export { ModelRoleSchema, type ModelRole } from './primitives.js';

export const ModelFormatSchema = z.enum(['whisper-ggml', 'gguf', 'onnx-vits', 'onnx-silero-vad']);
export type ModelFormat = z.infer<typeof ModelFormatSchema>;

/** A voice model's gender is the voice a person picks. */
export const VoiceGenderSchema = VoiceSchema;
export type VoiceGender = Voice;

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
  /**
   * Size in bytes of each hashed file, so a damaged file can be told apart: shorter than it was
   * installed (an interrupted copy) or changed. Older manifests have none; their damage shows as a
   * format or hash problem.
   */
  fileSizes: z.record(z.string(), z.number().int().nonnegative()).default({}),
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
  /**
   * Chat models only: trusted to give a second opinion when the crisis check is unsure. Off unless
   * measured (`npm run eval:safety`): Qwen2.5-Coder-1.5B answered "crisis" to nearly every line in
   * every closed-answer format tried (data/SAFETY-EVAL.md), so no model has it yet.
   */
  crisisJudge: z.boolean().default(false),
  /** Free text: where it came from, what was changed (e.g. metadata added for sherpa-onnx). */
  notes: z.string().optional(),
});
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/** One downloadable file of a catalog model. */
export const CatalogFileSchema = z.object({
  /** Relative path inside the model folder after download (and after unpacking, for archives). */
  path: z.string(),
  url: z.string().url(),
  /**
   * The immutable revision the URL names: a commit (Hugging Face `resolve/<commit>/`) or a git tag
   * (`resolve/v1.0.0/`, GitHub `raw/v6.2.1/`). null where no such address exists (GitHub release
   * assets can be re-uploaded under the same tag); revisionNote then says so. The sha256 still pins
   * the bytes: a source that changed is skipped for the next.
   */
  revision: z.string().min(1).nullable(),
  revisionNote: z.string().optional(),
  sizeBytes: z.number().int().positive().nullable(),
  /** null when no published hash could be found; the catalog then says so in hashNote. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  hashNote: z.string().optional(),
  /** 'tar.bz2' archives are unpacked into the model folder after verification. */
  archive: z.enum(['tar.bz2']).optional(),
});
export type CatalogFile = z.infer<typeof CatalogFileSchema>;

export const ManifestFilesSchema = z.object({
  model: z.string(),
  tokens: z.string().optional(),
  dataDir: z.string().optional(),
});

/**
 * A Piper voice as its authors publish it (.onnx + .onnx.json) made into what sherpa-onnx runs:
 * sherpa's VITS metadata appended to the ONNX file and tokens.txt written from the config's
 * phoneme map (src/core/models/piper-voice.ts).
 */
export const PiperAssemblySchema = z.object({
  kind: z.literal('piper-voice'),
  /** The downloaded .onnx (edited in place) and .onnx.json, paths as in `files`. */
  model: z.string(),
  config: z.string(),
  /** Where tokens.txt is written. */
  tokens: z.string(),
});

/**
 * One way to get a model. A model may list several for the same voice or weights (a packaged
 * archive, the authors' own files at a pinned revision); they are tried in order, and one whose
 * bytes do not match is skipped for the next.
 */
export const CatalogSourceSchema = z.object({
  /** Short name for logs and the manifest: "sherpa-onnx archive", "piper-voices v1.0.0". */
  name: z.string(),
  files: z.array(CatalogFileSchema).min(1),
  /** Which downloaded paths the manifest points at. */
  manifestFiles: ManifestFilesSchema,
  assemble: PiperAssemblySchema.optional(),
});
export type CatalogSource = z.infer<typeof CatalogSourceSchema>;

/** Whether a model's licence lets a product that is sold use it. 'unknown': the licence does not say. */
export const CommercialUseSchema = z.enum(['yes', 'no', 'unknown']);
export type CommercialUse = z.infer<typeof CommercialUseSchema>;

export const CatalogEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  role: ModelRoleSchema,
  format: ModelFormatSchema,
  name: z.string(),
  /** What it is for, in each UI language: shown on the Models screen. */
  description: InEachLanguageSchema,
  languages: z.array(LanguageSchema).min(1),
  gender: VoiceGenderSchema.optional(),
  default: z.boolean(),
  /** The licence as the model card states it. */
  license: z.string(),
  commercialUse: CommercialUseSchema,
  /** Why a default is not commercial-use-safe, or what else the licence asks (shown beside it). */
  licenseNote: InEachLanguageSchema.optional(),
  homepage: z.string().url(),
  /** Approximate RAM needed to run it, for the "will it fit" estimate. */
  memoryBytes: z.number().int().positive().optional(),
  sampleRate: z.number().int().positive().optional(),
  sources: z.array(CatalogSourceSchema).min(1),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export const CatalogSchema = z.object({
  version: z.literal(1),
  models: z.array(CatalogEntrySchema),
});
export type Catalog = z.infer<typeof CatalogSchema>;
