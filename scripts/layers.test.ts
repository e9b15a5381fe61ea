import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer allowlist (.dependency-cruiser.cjs) run the way `npm run lint` runs it, on a small fake
 * repository: every wrong arrow below must be reported, every right one must pass. The fake tree links
 * the real node_modules, so `electron` and `better-sqlite3` resolve to real packages as they do in the
 * project; a config that let any of them through, or that saw none of the files, fails here.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Files that exist only to be imported. */
const TARGETS: Record<string, string> = {
  'src/shared/ipc.ts': `export const CHANNEL = 'lumio';\n`,
  'src/core/engine.ts': `export const ENGINE = 1;\n`,
  'src/main/window.ts': `export const WINDOW = 1;\n`,
  'src/renderer/src/view.tsx': `export const VIEW = 1;\n`,
  'src/cli/args.ts': `export const ARGS = 1;\n`,
  'scripts/fixtures/make.ts': `export const FIXTURE = 1;\n`,
};

/** One import each that DESIGN.md's table forbids. */
const ILLEGAL: Record<string, string> = {
  'src/core/uses-electron.ts': `import { app } from 'electron';\nexport const a = app;\n`,
  'src/core/uses-main.ts': `import { WINDOW } from '../main/window.js';\nexport const a = WINDOW;\n`,
  'src/core/uses-renderer.ts': `import { VIEW } from '../renderer/src/view.js';\nexport const a = VIEW;\n`,
  'src/shared/uses-core.ts': `import { ENGINE } from '../core/engine.js';\nexport const a = ENGINE;\n`,
  'src/shared/uses-fs.ts': `import fs from 'node:fs';\nexport const a = fs;\n`,
  'src/shared/uses-electron.ts': `import { ipcMain } from 'electron';\nexport const a = ipcMain;\n`,
  'src/renderer/src/uses-fs.ts': `import fs from 'node:fs';\nexport const a = fs;\n`,
  'src/renderer/src/uses-path.ts': `import path from 'path';\nexport const a = path;\n`,
  'src/renderer/src/uses-sqlite.ts': `import Database from 'better-sqlite3';\nexport const a = Database;\n`,
  'src/renderer/src/uses-electron.ts': `import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n`,
  'src/renderer/src/uses-core-type.ts': `import type { ENGINE } from '../../core/engine.js';\nexport type A = typeof ENGINE;\n`,
  'src/preload/uses-fs.ts': `import fs from 'node:fs';\nexport const a = fs;\n`,
  'src/preload/uses-core.ts': `import { ENGINE } from '../core/engine.js';\nexport const a = ENGINE;\n`,
  'src/cli/uses-electron.ts': `import { app } from 'electron';\nexport const a = app;\n`,
  'src/cli/uses-main.ts': `import { WINDOW } from '../main/window.js';\nexport const a = WINDOW;\n`,
  'src/main/uses-renderer.ts': `import { VIEW } from '../renderer/src/view.js';\nexport const a = VIEW;\n`,
  'src/main/uses-cli.ts': `import { ARGS } from '../cli/args.js';\nexport const a = ARGS;\n`,
  'src/core/uses-fixtures.ts': `import { FIXTURE } from '../../scripts/fixtures/make.js';\nexport const a = FIXTURE;\n`,
  'bench/uses-main.ts': `import { WINDOW } from '../src/main/window.js';\nexport const a = WINDOW;\n`,
  'scripts/uses-electron.ts': `import { app } from 'electron';\nexport const a = app;\n`,
  'e2e/uses-renderer.ts': `import { VIEW } from '../src/renderer/src/view.js';\nexport const a = VIEW;\n`,
  'src/core/uses-missing.ts': `import { nothing } from './not-there.js';\nexport const a = nothing;\n`,
};

/** Imports the table allows; none may be reported. */
const LEGAL: Record<string, string> = {
  'src/shared/ok.ts': `import { z } from 'zod';\nimport { CHANNEL } from './ipc.js';\nexport const a = [z, CHANNEL];\n`,
  'src/core/ok.ts': `import fs from 'node:fs';\nimport Database from 'better-sqlite3';\nimport { CHANNEL } from '../shared/ipc.js';\nimport { ENGINE } from './engine.js';\nexport const a = [fs, Database, CHANNEL, ENGINE];\n`,
  'src/core/ok.test.ts': `import { it } from 'vitest';\nimport { FIXTURE } from '../../scripts/fixtures/make.js';\nit('x', () => FIXTURE);\n`,
  'src/main/ok.ts': `import { app } from 'electron';\nimport path from 'node:path';\nimport { ENGINE } from '../core/engine.js';\nimport { CHANNEL } from '../shared/ipc.js';\nexport const a = [app, path, ENGINE, CHANNEL];\n`,
  'src/preload/ok.ts': `import { contextBridge } from 'electron';\nimport { CHANNEL } from '../shared/ipc.js';\nexport const a = [contextBridge, CHANNEL];\n`,
  'src/renderer/src/ok.tsx': `import { useState } from 'react';\nimport { createRoot } from 'react-dom/client';\nimport type { CHANNEL } from '../../shared/ipc.js';\nimport { VIEW } from './view.js';\nexport const a = [useState, createRoot, VIEW];\nexport type B = typeof CHANNEL;\n`,
  'src/cli/ok.ts': `import os from 'node:os';\nimport { ENGINE } from '../core/engine.js';\nimport { CHANNEL } from '../shared/ipc.js';\nexport const a = [os, ENGINE, CHANNEL];\n`,
  'bench/ok.ts': `import { ENGINE } from '../src/core/engine.js';\nimport { FIXTURE } from '../scripts/fixtures/make.js';\nexport const a = [ENGINE, FIXTURE];\n`,
  'scripts/ok.ts': `import { spawnSync } from 'node:child_process';\nimport { ENGINE } from '../src/core/engine.js';\nexport const a = [spawnSync, ENGINE];\n`,
  'e2e/ok.ts': `import { chromium } from 'playwright-core';\nimport { ENGINE } from '../src/core/engine.js';\nexport const a = [chromium, ENGINE];\n`,
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}
interface CruiseResult {
  modules: Array<{ source: string }>;
  summary: { violations: Violation[] };
}

let dir = '';
let result: CruiseResult;
let exitCode: number | null = null;
let legalExitCode: number | null = null;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-layers-'));
  fs.copyFileSync(path.join(root, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  for (const [file, text] of Object.entries({ ...TARGETS, ...ILLEGAL, ...LEGAL })) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const cli = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  // json for the details; err (what `npm run lint:layers` prints) for the exit code, which json leaves at 0.
  const depcruise = (outputType: 'json' | 'err', targets: string[]) => {
    const run = spawnSync(process.execPath, [cli, '--config', '.dependency-cruiser.cjs', '--output-type', outputType, ...targets], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    return run;
  };
  const everything = ['src', 'bench', 'scripts', 'e2e'];
  result = JSON.parse(depcruise('json', everything).stdout) as CruiseResult;
  exitCode = depcruise('err', everything).status;
  legalExitCode = depcruise('err', Object.keys(LEGAL)).status;
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('layer allowlist (.dependency-cruiser.cjs)', () => {
  it('reads every file of the fake tree', () => {
    const seen = new Set(result.modules.map((m) => m.source));
    for (const file of [...Object.keys(ILLEGAL), ...Object.keys(LEGAL)]) expect(seen, file).toContain(file);
  });

  it.each(Object.keys(ILLEGAL))('reports the wrong arrow in %s', (file) => {
    const hits = result.summary.violations.filter((v) => v.from === file);
    expect(hits, `${file}: ${ILLEGAL[file]}`).toHaveLength(1);
    expect(hits[0]?.rule).toEqual({ name: 'not-in-allowed', severity: 'error' });
  });

  it('lets every allowed import through', () => {
    const legal = new Set([...Object.keys(LEGAL), ...Object.keys(TARGETS)]);
    expect(result.summary.violations.filter((v) => legal.has(v.from))).toEqual([]);
  });

  it('fails the command when anything is wrong, and passes it when nothing is', () => {
    expect(exitCode).not.toBe(0);
    expect(legalExitCode).toBe(0);
  });
});
