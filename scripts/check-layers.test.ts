import { describe, it, expect } from 'vitest';
import { checkFile, checkTree, importsOf } from './check-layers.js';

describe('check-layers', () => {
  it('finds static, type-only, re-export, dynamic and require imports with their lines', () => {
    const src = `import a from 'x';\nimport type { B } from "y";\nexport * from './z.js';\nconst c = await import('w');\nconst d = require('v');\nimport {\n  e,\n} from 'u';`;
    expect(importsOf(src).map((i) => i.specifier).sort()).toEqual(['u', 'v', 'w', 'x', 'y', './z.js'].sort());
    expect(importsOf(src).find((i) => i.specifier === 'w')?.line).toBe(4);
  });

  it('flags electron in core and shared', () => {
    expect(checkFile('src/core/a.ts', `import { app } from 'electron';`)).toHaveLength(1);
    expect(checkFile('src/shared/a.ts', `import 'electron/main';`)).toHaveLength(1);
    expect(checkFile('src/core/a.ts', `import fs from 'node:fs';`)).toEqual([]);
  });

  it('flags Node, core and main in the renderer, but not shared or its own files', () => {
    const bad = [`import fs from 'node:fs';`, `import path from 'path';`, `import { x } from '../../core/service.js';`, `import { y } from '../../main/index.js';`];
    for (const b of bad) expect(checkFile('src/renderer/src/a.ts', b), b).toHaveLength(1);
    expect(checkFile('src/renderer/src/a.tsx', `import { z } from '../../shared/ipc.js';\nimport React from 'react';\nimport './b.js';`)).toEqual([]);
  });

  it('lets the preload import only electron and shared', () => {
    expect(checkFile('src/preload/index.ts', `import { contextBridge } from 'electron';\nimport { EVENT_CHANNEL } from '../shared/ipc.js';`)).toEqual([]);
    expect(checkFile('src/preload/index.ts', `import fs from 'node:fs';`)).toHaveLength(1);
    expect(checkFile('src/preload/index.ts', `import { s } from '../core/service.js';`)).toHaveLength(1);
    expect(checkFile('src/preload/index.ts', `import _ from 'lodash';`)).toHaveLength(1);
  });

  it('the repository itself has no violations', () => {
    const violations = checkTree(process.cwd());
    expect(violations, violations.map((v) => `${v.file}:${v.line} ${v.specifier}`).join('\n')).toEqual([]);
  });
});
