import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'loadtest/results/**', '.local/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  // Import boundaries: imports point down (apps → shared modules), never across apps, and
  // only the ledger (shared/src/ledger) writes notifications or adds delivery jobs.
  {
    files: ['api/src/**', 'processor/src/**', 'mock-api/src/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'bullmq',
              importNames: ['Queue', 'FlowProducer'],
              allowTypeImports: true,
              message: 'Delivery jobs are added by the ledger alone (@notify/shared/ledger).',
            },
            {
              name: '@notify/shared/ledger/inspect',
              message: 'The stored collection is for tests and tools; use the ledger.',
            },
          ],
          patterns: [
            {
              group: ['**/shared/src/**'],
              message: 'Import the package (@notify/shared/…), never its files.',
            },
            {
              group: [
                '**/api/src/**',
                '**/processor/src/**',
                '**/mock-api/src/**',
                '**/dashboard/src/**',
              ],
              message: 'Apps do not import each other; share through @notify/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/src/**'],
    ignores: ['shared/src/ledger/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'bullmq',
              importNames: ['Queue'],
              allowTypeImports: true,
              message: 'Only the ledger queues jobs.',
            },
          ],
          patterns: [
            {
              group: ['**/ledger/**', '../ledger'],
              message: 'The ledger sits above the store; not the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['dashboard/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@notify/shared/*', 'mongoose', 'bullmq', 'ioredis', '**/shared/src/**'],
              message: 'The dashboard uses the wire schemas (@notify/shared) only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['loadtest/k6/**/*.js'],
    languageOptions: { globals: { __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly' } },
  },
  {
    files: ['dashboard/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/test/**', 'scripts/**', 'loadtest/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
