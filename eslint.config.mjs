// Flat config: typescript-eslint's recommended type-aware rules over src, test and bench.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'media/**', '.cache/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layering (as rust-analyzer keeps its crates apart): the engine is pure and knows nothing of
  // the scenario runner, the editor or the page.
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/scenario/**',
                '**/scenario',
                '**/extension/**',
                '**/webview/**',
                '**/cli',
                'vscode',
              ],
              message:
                'src/engine/ imports nothing of the scenario runner, the CLI, the extension or the webview.',
            },
          ],
        },
      ],
    },
  },
  // The page script: only the shared protocol and its own modules at run time; the engine's
  // contract types are allowed as types (nothing of the engine is bundled into the page).
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/**', '**/engine'],
              allowTypeImports: true,
              message: 'the webview may import engine types only (import type).',
            },
            {
              group: ['**/scenario/**', '**/extension/**', 'vscode', 'node:*'],
              message: 'the webview imports only src/shared/ and its own modules.',
            },
          ],
        },
      ],
    },
  },
  // The extension talks to the page through src/shared/ only, never its internals.
  {
    files: ['src/extension/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/webview/timeline/**', '**/webview/timeline'],
              message: 'the page is reached through src/shared/protocol.ts, not its modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
