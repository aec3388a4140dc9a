// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's built-in modules: neither the core (it runs in the browser too) nor a webview may import them. */
const nodeBuiltins = ['fs', 'fs/promises', 'path', 'http', 'https', 'net', 'child_process', 'os', 'worker_threads', 'zlib', 'crypto', 'stream', 'util', 'url'];

/**
 * What src/core and src/protocol may not import: the VS Code API, Node, the host and the webviews. ESLint keeps only
 * the last `no-restricted-imports` that matches a file, so a stricter layer passes its extra patterns here.
 * @param {...{ group: string[]; message: string }} extra
 */
function pureLayerImports(...extra) {
  const browser = 'src/core must run in the browser too; declare the I/O you need as an interface.';
  return [
    'error',
    {
      paths: [
        { name: 'vscode', message: 'src/core must not depend on the VS Code API; put it in src/host.' },
        ...nodeBuiltins.map((name) => ({ name, message: browser })),
      ],
      patterns: [
        { group: ['node:*'], message: browser },
        { group: ['**/host/**', '**/webview/**'], message: 'src/core must not reach into the host or the webviews.' },
        ...extra,
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.test-artifacts/**', '.bench/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain CommonJS that Node loads itself (the mocha reporter).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core is pure TypeScript: it runs in plain Node, in the browser extension host and in the CLI.
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': pureLayerImports() },
  },
  {
    // The core computes; the protocol only carries what the core defines. Never the other way round.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': pureLayerImports({
        group: ['**/protocol/**', '../protocol', '../protocol/*'],
        message: 'src/core must not import src/protocol: define the type in the core and re-export it from the protocol.',
      }),
    },
  },
  {
    // Webviews run in a sandboxed page: no VS Code API, no Node, nothing of the extension host.
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'A webview has no VS Code API; talk to the host through src/protocol messages.' },
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'A webview runs in a browser page: no Node built-ins.',
            })),
          ],
          patterns: [
            { group: ['node:*'], message: 'A webview runs in a browser page: no Node built-ins.' },
            { group: ['**/src/host/**', '**/src/extension'], message: 'A webview must not import the extension host; use src/protocol messages.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
      },
    },
  },
);
