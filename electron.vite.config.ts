import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

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
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
