// ESLint for the extension, the core, the CLI, the webviews, tests and benchmarks:
// typescript-eslint's recommended rules plus the type-aware checks that catch what
// hurts an extension most (a promise nobody awaits or catches), and a few house rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.tools/**', 'node_modules/**', 'sample/**', 'bench/results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-control-regex': 'off', // escapers and parsers match control characters on purpose
      eqeqeq: ['error', 'smart'],
      'prefer-const': 'error',
      // Prettier (npm run format) wraps code at 140; what it cannot wrap (a long string, template or pattern) is left.
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core runs without VS Code' }] }],
    },
  },
  {
    // Only src/core is kept free of vscode (and fs: see test/unit/architecture.test.ts).
    files: [
      'src/vscode/**',
      'src/main.ts',
      'src/extension.ts',
      'src/nodeMain.ts',
      'src/web/**',
      'test/integration/**',
      'test/web/**',
      'test/electron/**',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Benchmarks and some tests load modules afresh, or replace their exports, on purpose.
    files: ['bench/**', 'test/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/webview/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
