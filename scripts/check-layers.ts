import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Keeps the layer arrows of DESIGN.md honest (VS Code-style layering, at our size):
 *   src/shared, src/core  never import electron
 *   src/renderer          imports nothing from node:*, Node built-ins, src/core or src/main
 *   src/preload           imports only electron and src/shared
 * Prints every violation as file:line and exits 1 when there is any.
 * Usage: npx tsx scripts/check-layers.ts [root]
 */
const NODE_BUILTINS = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram', 'dns',
  'domain', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path',
  'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'sys',
  'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
]);

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

/** Every module specifier in a TS/JS source: static imports/exports, dynamic import(), require(). */
export function importsOf(source: string): Array<{ specifier: string; line: number }> {
  const out: Array<{ specifier: string; line: number }> = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s+)?from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) {
    for (const m of source.matchAll(re)) {
      const specifier = m[1];
      if (specifier === undefined) continue;
      out.push({ specifier, line: source.slice(0, m.index).split('\n').length });
    }
  }
  return out;
}

function layerOf(rel: string): 'shared' | 'core' | 'renderer' | 'preload' | null {
  const parts = rel.split(/[\\/]/);
  if (parts[0] !== 'src') return null;
  const layer = parts[1];
  return layer === 'shared' || layer === 'core' || layer === 'renderer' || layer === 'preload' ? layer : null;
}

/** Which src/ folder a relative import lands in, if any. */
function targetLayer(fromRel: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = path.normalize(path.join(path.dirname(fromRel), specifier)).split(path.sep);
  return target[0] === 'src' ? (target[1] ?? null) : 'outside-src';
}

export function checkFile(rel: string, source: string): Violation[] {
  const layer = layerOf(rel);
  if (!layer) return [];
  const violations: Violation[] = [];
  for (const { specifier, line } of importsOf(source)) {
    const bare = specifier.replace(/^node:/, '');
    const isElectron = specifier === 'electron' || specifier.startsWith('electron/');
    const isNode = specifier.startsWith('node:') || NODE_BUILTINS.has(bare);
    const target = targetLayer(rel, specifier);
    const add = (rule: string): void => {
      violations.push({ file: rel, line, specifier, rule });
    };
    if ((layer === 'shared' || layer === 'core') && isElectron) add(`src/${layer} must not import electron`);
    if (layer === 'renderer') {
      if (isElectron) add('src/renderer must not import electron (use window.lumio)');
      if (isNode) add('src/renderer must not import Node built-ins');
      if (target === 'core' || target === 'main' || target === 'cli') add(`src/renderer must not import src/${target}`);
    }
    if (layer === 'preload') {
      const allowed = isElectron || target === 'shared' || target === 'preload';
      if (!allowed) add('src/preload may import only electron and src/shared');
    }
  }
  return violations;
}

function walk(dir: string, files: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return files;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') walk(p, files);
    } else if (/\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(e.name)) files.push(p);
  }
  return files;
}

export function checkTree(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of walk(path.join(root, 'src'))) {
    const rel = path.relative(root, file);
    violations.push(...checkFile(rel, fs.readFileSync(file, 'utf8')));
  }
  return violations;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? '.');
  const violations = checkTree(root);
  for (const v of violations) console.log(`${v.file}:${v.line}  ${v.specifier}  — ${v.rule}`);
  console.log(violations.length === 0 ? 'layers: ok' : `layers: ${violations.length} violation(s)`);
  process.exit(violations.length === 0 ? 0 : 1);
}
