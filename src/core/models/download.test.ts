import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLumioError, type LumioError } from '../../shared/errors.js';
import { MODEL_MANIFEST_FILE, ModelManifestSchema, type CatalogEntry, type CatalogFile } from '../../shared/models.js';
import { discardPartialDownload, downloadModel, partFilePath, partialBytes, type DownloadProgress } from './download.js';
import { readOnnxMetadata } from './piper-voice.js';

/** Deterministic pseudo-random bytes, so the expected hash is computed, not hard-coded. */
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const BODY = bytes(3 * 1024 * 1024 + 123, 7);

interface Seen {
  url: string;
  range: string | undefined;
}

let server: http.Server;
let base = '';
let seen: Seen[] = [];
/** Paths whose next response is cut after this many bytes (the socket is destroyed). */
const dropAfter = new Map<string, number>();
const files = new Map<string, Buffer>();

beforeAll(async () => {
  files.set('/file.bin', BODY);
  server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    seen.push({ url, range: req.headers.range });
    if (url === '/redirect') {
      res.writeHead(302, { location: '/file.bin' });
      return res.end();
    }
    const body = files.get(url);
    if (!body) {
      res.writeHead(404);
      return res.end('not found');
    }
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` });
        return res.end();
      }
      res.writeHead(206, {
        'content-length': body.length - start,
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' });
    }
    const slice = body.subarray(start);
    const cut = dropAfter.get(url);
    if (cut !== undefined) {
      dropAfter.delete(url);
      res.write(slice.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

let modelsDir = '';
beforeEach(() => {
  seen = [];
  dropAfter.clear();
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-dl-'));
});

type FileOver = Partial<CatalogFile>;

function entry(over: FileOver = {}, id = 'test-model'): CatalogEntry {
  return {
    id,
    role: 'stt',
    format: 'whisper-ggml',
    name: 'Test model',
    description: { en: 'bytes', ru: 'байты' },
    languages: ['en'],
    default: false,
    license: 'MIT',
    commercialUse: 'yes',
    homepage: 'https://example.invalid/',
    sources: [
      {
        name: 'local',
        files: [{ path: 'model.bin', url: `${base}/file.bin`, revision: 'v1', sizeBytes: BODY.length, sha256: sha(BODY), ...over }],
        manifestFiles: { model: 'model.bin' },
      },
    ],
  };
}

const firstFile = (e: CatalogEntry) => e.sources[0]!.files[0]!;
const firstPart = (e: CatalogEntry) => partFilePath(modelsDir, e.id, firstFile(e), { source: e.sources[0]!, index: 0 });

const fast = { retryDelayMs: 0, progressIntervalMs: 0 };

async function failure(p: Promise<unknown>): Promise<LumioError> {
  try {
    await p;
  } catch (e) {
    if (isLumioError(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('downloadModel', () => {
  it('downloads, verifies and installs with a manifest written last', async () => {
    const events: DownloadProgress[] = [];
    const manifest = await downloadModel(entry(), { modelsDir, onProgress: (p) => events.push(p), ...fast });
    const dir = path.join(modelsDir, 'test-model');
    expect(sha(fs.readFileSync(path.join(dir, 'model.bin')))).toBe(sha(BODY));
    const onDisk = ModelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, MODEL_MANIFEST_FILE), 'utf8')));
    expect(onDisk).toEqual(manifest);
    expect(manifest.sha256['model.bin']).toBe(sha(BODY));
    expect(manifest.synthetic).toBe(false);
    // Nothing left behind in the work folder.
    expect(fs.readdirSync(path.join(modelsDir, '.downloads'))).toEqual([]);

    const received = events.map((e) => e.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(events.every((e) => e.totalBytes === BODY.length)).toBe(true);
    expect(events.filter((e) => e.state === 'downloading').length).toBeGreaterThan(1);
    expect(events.map((e) => e.state).slice(-2)).toEqual(['verifying', 'installed']);
  });

  it('resumes with a Range request after the connection drops mid-file', async () => {
    dropAfter.set('/file.bin', 1_000_000);
    const events: DownloadProgress[] = [];
    const manifest = await downloadModel(entry(), { modelsDir, onProgress: (p) => events.push(p), ...fast });
    expect(manifest.sha256['model.bin']).toBe(sha(BODY));
    const ranges = seen.filter((s) => s.range).map((s) => s.range);
    expect(ranges.length).toBe(1);
    const from = Number(/bytes=(\d+)-/.exec(ranges[0]!)![1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(1_000_000);
    const received = events.map((e) => e.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
  });

  it('pauses on abort keeping the .part, then resumes from it in a later call', async () => {
    const ac = new AbortController();
    const e = entry();
    const err = await failure(
      downloadModel(e, {
        modelsDir,
        signal: ac.signal,
        ...fast,
        onProgress: (p) => {
          if (p.receivedBytes > 500_000) ac.abort();
        },
      }),
    );
    expect(err.code).toBe('ABORTED');
    const kept = await partialBytes(modelsDir, e);
    expect(kept).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(modelsDir, 'test-model'))).toBe(false);

    seen = [];
    const manifest = await downloadModel(e, { modelsDir, ...fast });
    expect(manifest.sha256['model.bin']).toBe(sha(BODY));
    expect(seen[0]?.range).toBe(`bytes=${kept}-`);
  });

  it('cancel deletes what was received', async () => {
    const e = entry();
    fs.mkdirSync(path.join(modelsDir, '.downloads'), { recursive: true });
    fs.writeFileSync(firstPart(e), BODY.subarray(0, 1000));
    await discardPartialDownload(modelsDir, e);
    expect(await partialBytes(modelsDir, e)).toBe(0);
  });

  it('rejects a wrong hash: nothing installed, .part removed, HASH_MISMATCH', async () => {
    const e = entry({ sha256: sha(Buffer.from('something else')) });
    const err = await failure(downloadModel(e, { modelsDir, ...fast }));
    expect(err.code).toBe('HASH_MISMATCH');
    expect(fs.existsSync(path.join(modelsDir, 'test-model'))).toBe(false);
    expect(fs.existsSync(firstPart(e))).toBe(false);
  });

  it('reports a 404 as DOWNLOAD_FAILED with the status', async () => {
    const err = await failure(downloadModel(entry({ url: `${base}/missing.bin` }), { modelsDir, ...fast }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toMatch(/404/);
  });

  it('follows redirects', async () => {
    const manifest = await downloadModel(entry({ url: `${base}/redirect` }), { modelsDir, ...fast });
    expect(manifest.sha256['model.bin']).toBe(sha(BODY));
    expect(seen.map((s) => s.url)).toEqual(['/redirect', '/file.bin']);
  });

  it('reports a refused connection as DOWNLOAD_FAILED with the network reason', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await failure(downloadModel(entry({ url: `http://127.0.0.1:${port}/x` }), { modelsDir, ...fast, retries: 1 }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('accepts an unknown size and hash, and says in the manifest that it was not verified', async () => {
    const e = entry({ sizeBytes: null, sha256: null, hashNote: 'none published' });
    const events: DownloadProgress[] = [];
    const manifest = await downloadModel(e, { modelsDir, ...fast, onProgress: (p) => events.push(p) });
    expect(manifest.notes).toMatch(/not verified/);
    // The size becomes known from Content-Length.
    expect(events.some((p) => p.totalBytes === BODY.length)).toBe(true);
  });

  it('unpacks a tar.bz2 archive and hashes the files the manifest names', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-tar-'));
    const voice = path.join(src, 'voice-x');
    fs.mkdirSync(path.join(voice, 'espeak-ng-data'), { recursive: true });
    fs.writeFileSync(path.join(voice, 'voice.onnx'), bytes(5000, 3));
    fs.writeFileSync(path.join(voice, 'tokens.txt'), '_ 0\na 1\n');
    fs.writeFileSync(path.join(voice, 'espeak-ng-data', 'phontab'), bytes(100, 4));
    const archive = path.join(src, 'voice-x.tar.bz2');
    execFileSync('tar', ['-cjf', archive, '-C', src, 'voice-x']);
    const body = fs.readFileSync(archive);
    files.set('/voice.tar.bz2', body);

    const e: CatalogEntry = {
      ...entry(),
      id: 'voice-x',
      role: 'tts',
      format: 'onnx-vits',
      gender: 'male',
      sampleRate: 22050,
      sources: [
        {
          name: 'archive',
          files: [
            {
              path: 'voice-x.tar.bz2',
              url: `${base}/voice.tar.bz2`,
              revision: null,
              revisionNote: 'test',
              sizeBytes: body.length,
              sha256: sha(body),
              archive: 'tar.bz2',
            },
          ],
          manifestFiles: { model: 'voice-x/voice.onnx', tokens: 'voice-x/tokens.txt', dataDir: 'voice-x/espeak-ng-data' },
        },
      ],
    };
    const manifest = await downloadModel(e, { modelsDir, ...fast });
    const dir = path.join(modelsDir, 'voice-x');
    expect(manifest.sha256['voice-x/voice.onnx']).toBe(sha(bytes(5000, 3)));
    expect(manifest.sha256['voice-x/tokens.txt']).toBe(sha(Buffer.from('_ 0\na 1\n')));
    expect(fs.existsSync(path.join(dir, 'voice-x', 'espeak-ng-data', 'phontab'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'voice-x.tar.bz2'))).toBe(false);
    expect(manifest.gender).toBe('male');
    expect(manifest.sampleRate).toBe(22050);
    fs.rmSync(src, { recursive: true, force: true });
  });

  it('replaces an older install only when the new one is whole', async () => {
    await downloadModel(entry(), { modelsDir, ...fast });
    const err = await failure(downloadModel(entry({ sha256: sha(Buffer.from('x')) }), { modelsDir, ...fast }));
    expect(err.code).toBe('HASH_MISMATCH');
    // The good install is untouched.
    expect(sha(fs.readFileSync(path.join(modelsDir, 'test-model', 'model.bin')))).toBe(sha(BODY));
  });

  it('skips a source whose archive changed for the next one, logs why, and installs only verified bytes', async () => {
    // The first source serves a re-uploaded archive: same name, different bytes (as a rebuilt release asset).
    const published = BODY;
    const changed = Buffer.concat([BODY.subarray(0, BODY.length - 1), Buffer.from([BODY[BODY.length - 1]! ^ 0xff])]);
    files.set('/release/model.bin', changed);
    files.set('/pinned/abc123/model.bin', published);
    const e: CatalogEntry = {
      ...entry(),
      sources: [
        {
          name: 'release asset',
          files: [
            { path: 'model.bin', url: `${base}/release/model.bin`, revision: null, revisionNote: 'moves', sizeBytes: published.length, sha256: sha(published) },
          ],
          manifestFiles: { model: 'model.bin' },
        },
        {
          name: 'pinned revision',
          files: [{ path: 'model.bin', url: `${base}/pinned/abc123/model.bin`, revision: 'abc123', sizeBytes: published.length, sha256: sha(published) }],
          manifestFiles: { model: 'model.bin' },
        },
      ],
    };
    const log: string[] = [];
    const manifest = await downloadModel(e, { modelsDir, ...fast, onLog: (l) => log.push(l) });
    expect(sha(fs.readFileSync(path.join(modelsDir, e.id, 'model.bin')))).toBe(sha(published));
    expect(manifest.source).toBe(`${base}/pinned/abc123/model.bin`);
    expect(seen.map((x) => x.url)).toEqual(['/release/model.bin', '/pinned/abc123/model.bin']);
    expect(log[0]).toMatch(/release asset skipped: .*model\.bin has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}.*trying pinned revision/);
    expect(log.at(-1)).toMatch(/installed from pinned revision/);
    expect(manifest.notes).toMatch(/Skipped first: release asset skipped/);
    // Nothing of the changed archive is left behind.
    expect(fs.readdirSync(path.join(modelsDir, '.downloads'))).toEqual([]);
  });

  it('fails with every reason when no source has the right bytes, installing nothing', async () => {
    files.set('/a/model.bin', Buffer.from('not it'));
    const e: CatalogEntry = {
      ...entry(),
      sources: [
        {
          name: 'first',
          files: [{ path: 'model.bin', url: `${base}/a/model.bin`, revision: 'a', sizeBytes: BODY.length, sha256: sha(BODY) }],
          manifestFiles: { model: 'model.bin' },
        },
        {
          name: 'second',
          files: [{ path: 'model.bin', url: `${base}/gone/model.bin`, revision: 'b', sizeBytes: BODY.length, sha256: sha(BODY) }],
          manifestFiles: { model: 'model.bin' },
        },
      ],
    };
    const err = await failure(downloadModel(e, { modelsDir, ...fast }));
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toMatch(/404.*first skipped: .*is 6 bytes, expected/);
    expect(fs.existsSync(path.join(modelsDir, e.id))).toBe(false);
  });

  it('does not try the next source when the person paused', async () => {
    const ac = new AbortController();
    const e: CatalogEntry = { ...entry(), sources: [entry().sources[0]!, { ...entry().sources[0]!, name: 'second' }] };
    const err = await failure(
      downloadModel(e, { modelsDir, signal: ac.signal, ...fast, onProgress: (p) => (p.receivedBytes > 100_000 ? ac.abort() : undefined) }),
    );
    expect(err.code).toBe('ABORTED');
    expect(seen.length).toBe(1);
  });

  it('assembles a Piper voice (.onnx + .onnx.json) into a sherpa-onnx voice with metadata and tokens', async () => {
    // A hand-encoded ModelProto (ir_version 8, one opset) stands in for the voice's weights.
    const onnx = Buffer.from([0x08, 0x08, 0x42, 0x02, 0x10, 0x0d]);
    const config = JSON.stringify({
      audio: { sample_rate: 22050 },
      espeak: { voice: 'en-us' },
      num_speakers: 1,
      language: { name_english: 'English' },
      phoneme_id_map: { _: [0], a: [14] },
    });
    files.set('/piper/v1/voice.onnx', onnx);
    files.set('/piper/v1/voice.onnx.json', Buffer.from(config));
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-espeak-'));
    fs.mkdirSync(path.join(src, 'espeak-ng-data'));
    fs.writeFileSync(path.join(src, 'espeak-ng-data', 'phontab'), bytes(64, 9));
    const archive = path.join(src, 'espeak.tar.bz2');
    execFileSync('tar', ['-cjf', archive, '-C', src, 'espeak-ng-data']);
    files.set('/espeak.tar.bz2', fs.readFileSync(archive));
    const e: CatalogEntry = {
      ...entry(),
      id: 'piper-x',
      role: 'tts',
      format: 'onnx-vits',
      gender: 'male',
      sources: [
        {
          name: 'piper',
          files: [
            { path: 'voice.onnx', url: `${base}/piper/v1/voice.onnx`, revision: 'v1', sizeBytes: onnx.length, sha256: sha(onnx) },
            { path: 'voice.onnx.json', url: `${base}/piper/v1/voice.onnx.json`, revision: 'v1', sizeBytes: config.length, sha256: sha(Buffer.from(config)) },
            {
              path: 'espeak.tar.bz2',
              url: `${base}/espeak.tar.bz2`,
              revision: null,
              revisionNote: 't',
              sizeBytes: null,
              sha256: null,
              hashNote: 'none',
              archive: 'tar.bz2',
            },
          ],
          manifestFiles: { model: 'voice.onnx', tokens: 'tokens.txt', dataDir: 'espeak-ng-data' },
          assemble: { kind: 'piper-voice', model: 'voice.onnx', config: 'voice.onnx.json', tokens: 'tokens.txt' },
        },
      ],
    };
    const manifest = await downloadModel(e, { modelsDir, ...fast });
    const dir = path.join(modelsDir, 'piper-x');
    const assembled = fs.readFileSync(path.join(dir, 'voice.onnx'));
    expect(assembled.subarray(0, onnx.length).equals(onnx)).toBe(true);
    expect(Object.fromEntries(readOnnxMetadata(assembled))).toEqual({
      model_type: 'vits',
      comment: 'piper',
      language: 'English',
      voice: 'en-us',
      has_espeak: '1',
      n_speakers: '1',
      sample_rate: '22050',
    });
    expect(fs.readFileSync(path.join(dir, 'tokens.txt'), 'utf8')).toBe('_ 0\na 14\n');
    expect(manifest.sha256['voice.onnx']).toBe(sha(assembled));
    expect(manifest.fileSizes['voice.onnx']).toBe(assembled.length);
    expect(manifest.notes).toMatch(/espeak.tar.bz2: not verified/);
    expect(fs.existsSync(path.join(dir, 'espeak-ng-data', 'phontab'))).toBe(true);
    fs.rmSync(src, { recursive: true, force: true });
  });
});
