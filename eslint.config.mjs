import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', 'docs/**', 'test-output/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Operations and the shared kit run on Zapier and, bundled, in n8n: they may use zapier-platform-core's
    // types, never its code (its licence covers running apps on Zapier only). Zapier's own assembly
    // (each connector's index.ts, kit/zapier/) is where core is loaded.
    files: ['connectors/*/src/**/*.ts', 'connectors/*/operations.ts', 'kit/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'zapier-platform-core', message: 'Import its types only (`import type`): the code must run without core.', allowTypeImports: true }] },
      ],
    },
  },
);
