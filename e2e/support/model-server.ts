import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MODEL_MANIFEST_FILE, ModelManifestSchema, type Catalog, type CatalogEntry } from '../../src/shared/models.js';

/**
 * A local model server for the download specs: files sent slowly enough that the progress bar,
 * pause and resume can be seen and clicked, honouring Range so a resumed download continues where
 * it stopped (as Hugging Face's CDN does).
 */
export interface FileServer {
  /** Serves `body` at `urlPath` and returns its full URL. */
  serve(urlPath: string, body: Buffer): string;
  /** Range requests the server answered, to prove the resume did not start over. */
  ranges: string[];
  /** Every path requested, in order. */
  requests: string[];
  /** Changes the sending speed for the next responses (fast to set up, slow to watch). */
  setBytesPerSecond(bytesPerSecond: number): void;
  close(): Promise<void>;
}

export interface ModelServer extends FileServer {
  catalog: Catalog;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function startFileServer(options: { bytesPerSecond: number }): Promise<FileServer> {
  const files = new Map<string, Buffer>();
  const ranges: string[] = [];
  const requests: string[] = [];
  const chunk = 32 * 1024;
  let delayMs = 1;
  const setBytesPerSecond = (bps: number) => {
    delayMs = Math.max(1, Math.round((chunk / bps) * 1000));
  };
  setBytesPerSecond(options.bytesPerSecond);

  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(urlPath);
    const body = files.get(urlPath);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      ranges.push(req.headers.range ?? '');
      res.writeHead(206, {
        'Content-Length': String(body.length - start),
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'Accept-Ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'Content-Length': String(body.length), 'Accept-Ranges': 'bytes' });
    }
    let offset = start;
    const timer = setInterval(() => {
      if (offset >= body.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(body.subarray(offset, Math.min(offset + chunk, body.length)));
      offset += chunk;
    }, delayMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    serve(urlPath, body) {
      files.set(urlPath, body);
      return `${base}${urlPath}`;
    },
    ranges,
    requests,
    setBytesPerSecond,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * One deterministic file as a one-model catalog, to watch a download from start to finish. It starts
 * with a real GGUF header (the rest is filler), so the installed model passes the format check that
 * every model goes through and counts as installed, not damaged.
 */
export async function startModelServer(options: { sizeBytes: number; bytesPerSecond: number }): Promise<ModelServer> {
  const body = Buffer.alloc(options.sizeBytes);
  for (let i = 0; i < body.length; i++) body[i] = (i * 2654435761) >>> 24;
  body.write('GGUF', 0, 'latin1');
  body.writeUInt32LE(3, 4); // version
  body.writeBigInt64LE(1n, 8); // tensors
  body.writeBigInt64LE(1n, 16); // metadata entries
  const files = await startFileServer(options);
  const url = files.serve('/calm-model.gguf', body);
  const catalog: Catalog = {
    version: 1,
    models: [
      {
        id: 'calm-test-model',
        role: 'llm',
        format: 'gguf',
        name: 'Calm test model (local server)',
        description: {
          en: 'A file served by the e2e suite to watch a download from start to finish.',
          ru: 'Файл, который раздаёт e2e-набор, чтобы проследить загрузку от начала до конца.',
        },
        languages: ['en'],
        default: true,
        license: 'MIT',
        commercialUse: 'yes',
        homepage: 'https://example.org/lumio-e2e',
        memoryBytes: 120_000_000,
        sources: [
          {
            name: 'local server',
            files: [{ path: 'model.gguf', url, revision: 'e2e', sizeBytes: body.length, sha256: sha256(body) }],
            manifestFiles: { model: 'model.gguf' },
          },
        ],
      },
    ],
  };
  return { ...files, catalog };
}

/**
 * The project's fixture models (.fixtures/models) as catalog models served by `server`: single-file
 * models as they are, voices (model, tokens and phoneme data) as a tar.bz2 archive each, the way
 * sherpa-onnx publishes its voices. Downloading them gives a models folder the app installed itself.
 */
export function fixtureCatalog(server: FileServer, fixtureModels: string, ids: string[]): Catalog {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-e2e-catalog-'));
  const models: CatalogEntry[] = ids.map((id) => {
    const dir = path.join(fixtureModels, id);
    const m = ModelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, MODEL_MANIFEST_FILE), 'utf8')));
    const common = {
      id,
      role: m.role,
      format: m.format,
      name: m.name,
      description: { en: `${m.name}, served by the e2e suite.`, ru: `${m.name}, раздаёт e2e-набор.` },
      languages: m.languages,
      ...(m.gender ? { gender: m.gender } : {}),
      default: true,
      license: m.license,
      commercialUse: 'yes' as const,
      homepage: 'https://example.org/lumio-e2e',
      ...(m.sampleRate ? { sampleRate: m.sampleRate } : {}),
    };
    if (!m.files.dataDir && !m.files.tokens) {
      const body = fs.readFileSync(path.join(dir, m.files.model));
      const url = server.serve(`/${id}/${m.files.model}`, body);
      return {
        ...common,
        sources: [
          {
            name: 'local server',
            files: [{ path: m.files.model, url, revision: 'e2e', sizeBytes: body.length, sha256: sha256(body) }],
            manifestFiles: m.files,
          },
        ],
      };
    }
    // A voice: the whole folder (without its manifest) under one top folder, packed.
    const top = path.join(work, id);
    fs.cpSync(dir, top, { recursive: true, dereference: true });
    fs.rmSync(path.join(top, MODEL_MANIFEST_FILE), { force: true });
    fs.rmSync(path.join(top, '.verified.json'), { force: true });
    const archive = path.join(work, `${id}.tar.bz2`);
    execFileSync('tar', ['-cjf', archive, '-C', work, id]);
    const body = fs.readFileSync(archive);
    const url = server.serve(`/${id}.tar.bz2`, body);
    const inside = (rel: string | undefined) => (rel ? `${id}/${rel}` : undefined);
    return {
      ...common,
      sources: [
        {
          name: 'local server archive',
          files: [{ path: `${id}.tar.bz2`, url, revision: 'e2e', sizeBytes: body.length, sha256: sha256(body), archive: 'tar.bz2' as const }],
          manifestFiles: {
            model: `${id}/${m.files.model}`,
            ...(m.files.tokens ? { tokens: inside(m.files.tokens)! } : {}),
            ...(m.files.dataDir ? { dataDir: inside(m.files.dataDir)! } : {}),
          },
        },
      ],
    };
  });
  fs.rmSync(work, { recursive: true, force: true });
  return { version: 1, models };
}
