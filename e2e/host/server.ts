import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LumioService } from '../../src/core/service.js';
import type { CommandName } from '../../src/shared/ipc.js';
import { decode, encode } from './wire.js';

/**
 * The e2e host: serves the built renderer (out/renderer) to a real browser and carries the
 * bridge contract over a WebSocket to the real core, the way Electron main does over IPC.
 * Like main, it parses nothing itself and trusts nothing: LumioService.handle validates every
 * payload with the contract's schemas.
 */
export type HostCore = Pick<LumioService, 'handle' | 'onEvent'>;

export interface HostOptions {
  core: HostCore;
  rendererDir: string;
  port?: number;
}

export interface RunningHost {
  url: string;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const SHIM_PATH = path.join(here, 'shim.js');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const root = path.resolve(options.rendererDir);

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname === '/lumio-shim.js') {
        res.writeHead(200, { 'Content-Type': TYPES['.js'], 'Cache-Control': 'no-store' });
        res.end(await readFile(SHIM_PATH));
        return;
      }
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) {
        res.writeHead(404).end();
        return;
      }
      try {
        let body: Buffer | string = await readFile(file);
        if (path.basename(file) === 'index.html') {
          // The shim is a classic script, so it runs before the renderer's (deferred) module script.
          body = body.toString('utf8').replace('<script type="module"', '<script src="/lumio-shim.js"></script>\n    <script type="module"');
        }
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    // Same rule as main's sender check: only our own page may talk to the core.
    const origin = req.headers.origin;
    const ours = origin === `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url !== '/lumio-ws' || !ours) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });
  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      void (async () => {
        let msg: { id?: unknown; command?: unknown; request?: unknown };
        try {
          msg = decode((Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8')) as typeof msg;
        } catch {
          return;
        }
        if (typeof msg.id !== 'number') return;
        const result = await options.core.handle(String(msg.command) as CommandName, msg.request);
        if (ws.readyState === ws.OPEN) ws.send(encode({ id: msg.id, result }));
      })();
    });
  });

  const offEvents = options.core.onEvent((event) => {
    const text = encode({ event });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      offEvents();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
