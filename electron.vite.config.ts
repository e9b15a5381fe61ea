import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/main/security/csp.js';

/**
 * index.html carries the production CSP in a meta tag. Under `electron-vite dev` the page comes
 * from the Vite dev server, whose HMR socket, injected styles and Fast Refresh preamble need the
 * dev policy instead; a build keeps the strict one untouched.
 */
function devCspPlugin(): Plugin {
  return {
    name: 'lumio-dev-csp',
    apply: 'serve',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const origin = ctx.server?.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? 'http://localhost:5173';
        const dev = contentSecurityPolicy({ devServerOrigin: origin, forMetaTag: true });
        return html.replace(/(http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/, `$1${dev}$2`);
      },
    },
  };
}

/**
 * The standard electron-vite layout: src/main, src/preload, src/renderer → out/{main,preload,renderer}.
 */
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // engine-worker is the utilityProcess entry of the speech engine (see src/main/engine-process.ts).
        input: { index: resolve('src/main/index.ts'), 'engine-worker': resolve('src/main/engine-worker.ts') },
        // Native engines are loaded by the core at run time from node_modules (asarUnpack'ed in the package).
        external: ['better-sqlite3', 'node-llama-cpp', 'sherpa-onnx-node', 'smart-whisper'],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': everything else (zod from the contract) is bundled in,
      // and the output is CommonJS because sandboxed preloads cannot be ES modules.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), devCspPlugin()],
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
