import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Lint: typescript-eslint's type-checked recommended rules everywhere, React's hook rules in the
 * renderer, and the one import rule dependency-cruiser cannot say (which names the preload may take
 * from electron). Layering itself is .dependency-cruiser.cjs; formatting is Prettier's.
 */
export default tseslint.config(
  { ignores: ['.scratch/', 'out/', 'dist/', 'release/', '.fixtures/', '.lumio-home/', 'e2e/screenshots/', 'e2e/test-results/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter an interface demands and this implementation does not need.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Command-handler tables and test fakes are `async` without an await on purpose: the signature
      // promises a Promise, and async turns a throw into a rejection. Floating and misused promises are
      // still caught (no-floating-promises, no-misused-promises).
      '@typescript-eslint/require-await': 'off',
      // Handing on a reason that came from elsewhere (an AbortSignal's reason, a callback's error) is
      // forwarding, not inventing a non-Error; a literal string or number is still an error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // The screens load their data with the fetch-on-mount effect (`useEffect(() => void reload(), [reload])`),
      // which this React Compiler rule reports wherever a setState is reachable; there is no data library to hand it to.
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    // DESIGN.md: the preload takes contextBridge and ipcRenderer from electron, nothing else.
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'],
              message: 'The preload exposes window.lumio with contextBridge and ipcRenderer only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: {
      // Vitest's asymmetric matchers (expect.objectContaining, expect.any) are typed `any`.
      '@typescript-eslint/no-unsafe-argument': 'off',
      // …also when they sit inside an expected object literal.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // expect(obj.method).toBeUndefined() looks at a method without calling it.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Plain JavaScript (configs, the AudioWorklet, the e2e shim, the CLI launcher) is in no tsconfig:
    // lint it without types.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['eslint.config.js', 'bin/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['src/renderer/public/capture-worklet.js'],
    languageOptions: { globals: { AudioWorkletProcessor: 'readonly', registerProcessor: 'readonly', sampleRate: 'readonly' } },
  },
  {
    files: ['e2e/host/shim.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        WebSocket: 'readonly',
        atob: 'readonly',
        btoa: 'readonly',
        console: 'readonly',
      },
    },
  },
);
