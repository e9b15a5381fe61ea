import { readFile } from 'node:fs/promises';
import { mimeTypeOf, resolveAppAsset } from './app-protocol.js';

/** The lumio:// protocol's handler: the built renderer's files, each with the CSP, nothing outside the folder. */
export function rendererAssetHandler(rendererDir: string, csp: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: { 'Content-Type': mimeTypeOf(file), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}
