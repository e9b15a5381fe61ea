/**
 * The layer table of docs (shared/DESIGN.md, "Layers"), as an allowlist: a dependency passes only when one
 * rule below allows it, so a new kind of import is an error until someone decides where it belongs (the
 * spirit of VS Code's code-import-patterns). Every folder of the repository has its rows; a file outside
 * them (a root config) is allowed anything. `npm run lint` runs it; scripts/layers.test.ts proves
 * that it catches each wrong arrow and lets the right ones through.
 *
 * `to.path` is where the import resolves to, relative to the repository (node_modules/<package>/… for a
 * package, the bare name for a Node built-in). `$1` is the from-path's first group: "its own folder".
 */

/** Native engines the core wraps (DESIGN.md: "native libs"). */
const NATIVE = '(better-sqlite3|node-llama-cpp|sherpa-onnx-node|smart-whisper)';
// A package or its DefinitelyTyped types (a type-only import may resolve to node_modules/@types/<name>).
const pkg = (names) => `(^|/)node_modules/(@types/)?${names}/`;
const TEST = '\\.test\\.tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  allowedSeverity: 'error',
  allowed: [
    // Within a layer anything goes: src/core/stt may import src/core/audio, e2e/specs e2e/support.
    { comment: 'inside its own layer', from: { path: '^(src/[^/]+|bench|scripts|e2e|bin|resources)/' }, to: { path: '^$1/' } },

    // contract: zod only.
    { comment: 'src/shared: zod only', from: { path: '^src/shared/' }, to: { path: pkg('zod') } },

    // core: shared, Node, native engines. zod is the contract's own library; the store validates
    // export files with it.
    { comment: 'src/core: the contract', from: { path: '^src/core/' }, to: { path: '^src/shared/' } },
    { comment: 'src/core: Node built-ins', from: { path: '^src/core/' }, to: { dependencyTypes: ['core'] } },
    { comment: 'src/core: native engines and zod', from: { path: '^src/core/' }, to: { path: pkg(`(${NATIVE.slice(1, -1)}|zod)`) } },

    // main: shared, core, electron, Node.
    { comment: 'src/main: contract and engine', from: { path: '^src/main/' }, to: { path: '^src/(shared|core)/' } },
    { comment: 'src/main: electron', from: { path: '^src/main/' }, to: { path: pkg('electron') } },
    { comment: 'src/main: Node built-ins', from: { path: '^src/main/' }, to: { dependencyTypes: ['core'] } },

    // preload: shared and electron; which names of electron it may take is eslint's no-restricted-imports.
    { comment: 'src/preload: contract', from: { path: '^src/preload/' }, to: { path: '^src/shared/' } },
    { comment: 'src/preload: electron', from: { path: '^src/preload/' }, to: { path: pkg('electron') } },

    // renderer: shared and React. Never Node, never electron: it knows only window.lumio.
    { comment: 'src/renderer: contract', from: { path: '^src/renderer/' }, to: { path: '^src/shared/' } },
    { comment: 'src/renderer: the type of window.lumio', from: { path: '^src/renderer/' }, to: { path: '^src/preload/api\\.d\\.ts$' } },
    { comment: 'src/renderer: React', from: { path: '^src/renderer/' }, to: { path: pkg('(react|react-dom)') } },

    // cli: shared, core, Node.
    { comment: 'src/cli: contract and engine', from: { path: '^src/cli/' }, to: { path: '^src/(shared|core)/' } },
    { comment: 'src/cli: Node built-ins', from: { path: '^src/cli/' }, to: { dependencyTypes: ['core'] } },

    // Tests sit beside the code (any layer) and may use the runner; core tests build miniature
    // models with the fixture generators in scripts/fixtures.
    { comment: 'tests: vitest', from: { path: TEST }, to: { path: pkg('vitest') } },
    { comment: 'core tests: fixture generators', from: { path: `^src/core/.*${TEST}` }, to: { path: '^scripts/fixtures/' } },

    // bench: drives the core like a host; conversations and fixtures come from scripts.
    { comment: 'bench: contract, engine, scripts', from: { path: '^bench/' }, to: { path: '^(src/shared|src/core|scripts)/' } },
    { comment: 'bench: Node built-ins', from: { path: '^bench/' }, to: { dependencyTypes: ['core'] } },

    // scripts: tools around the core (fixtures, training, evaluation, native builds). No app shell.
    { comment: 'scripts: contract, engine, bench', from: { path: '^scripts/' }, to: { path: '^(src/shared|src/core|bench)/' } },
    { comment: 'scripts: Node built-ins', from: { path: '^scripts/' }, to: { dependencyTypes: ['core'] } },
    { comment: 'scripts: native engines, zod, vitest', from: { path: '^scripts/' }, to: { path: pkg(`(${NATIVE.slice(1, -1)}|zod|vitest)`) } },

    // e2e: a small host over the real core, driven by Playwright; never the app's main or renderer source.
    { comment: 'e2e: contract and engine', from: { path: '^e2e/' }, to: { path: '^src/(shared|core)/' } },
    { comment: 'e2e: Node built-ins', from: { path: '^e2e/' }, to: { dependencyTypes: ['core'] } },
    { comment: 'e2e: browser, socket, runner', from: { path: '^e2e/' }, to: { path: pkg('(playwright-core|ws|vitest)') } },

    // bin: the launcher runs the CLI's TypeScript through tsx.
    { comment: 'bin: the CLI and tsx', from: { path: '^bin/' }, to: { path: '^src/cli/|' + pkg('tsx') } },

    // resources: the icon maker draws PNGs with Node alone.
    { comment: 'resources: Node built-ins', from: { path: '^resources/' }, to: { dependencyTypes: ['core'] } },

    // Root configs (electron.vite.config.ts, vitest.config.ts) wire the layers together.
    { comment: 'root config files', from: { pathNot: '/' }, to: {} },
  ],
  options: {
    // node_modules may be a link (the worktrees share one); keep package paths as node_modules/<name>.
    preserveSymlinks: true,
    doNotFollow: { path: 'node_modules' },
    // Not node_modules: an excluded module drops the imports that reach it, so nothing would check them.
    exclude: { path: '^(out|dist|release)/' },
    tsPreCompilationDeps: true,
    detectJSDocImports: false,
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      // As Node and Vite resolve a package's exports map.
      conditionNames: ['import', 'require', 'node', 'default'],
      exportsFields: ['exports'],
    },
  },
};
