import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../../src/shared/models.js';

/**
 * A local model server for the download spec: one deterministic file, sent slowly enough that
 * the progress bar, pause and resume can be seen and clicked, honouring Range so a resumed
 * download continues where it stopped (as Hugging Face's CDN does).
 */
export interface ModelServer {
  catalog: Catalog;
  /** Range requests the server answered, to prove the resume did not start over. */
  ranges: string[];
  close(): Promise<void>;
}

export async function startModelServer(options: { sizeBytes: number; bytesPerSecond: number }): Promise<ModelServer> {
  const body = Buffer.alloc(options.sizeBytes);
  for (let i = 0; i < body.length; i++) body[i] = (i * 2654435761) >>> 24;
  const sha256 = createHash('sha256').update(body).digest('hex');
  const ranges: string[] = [];
  const chunk = 32 * 1024;
  const delayMs = Math.max(1, Math.round((chunk / options.bytesPerSecond) * 1000));

  const server = http.createServer((req, res) => {
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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/calm-voice.onnx`;
  const catalog: Catalog = {
    version: 1,
    models: [
      {
        id: 'calm-test-voice',
        role: 'tts',
        format: 'onnx-vits',
        name: 'Calm test voice (local server)',
        description: 'A file served by the e2e suite to watch a download from start to finish.',
        languages: ['en'],
        gender: 'female',
        default: true,
        license: 'MIT',
        homepage: 'https://example.org/lumio-e2e',
        memoryBytes: 120_000_000,
        files: [{ path: 'model.onnx', url, sizeBytes: body.length, sha256 }],
        manifestFiles: { model: 'model.onnx' },
      },
    ],
  };
  return {
    catalog,
    ranges,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
