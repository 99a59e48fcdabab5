import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: './dashboard/vite.config.ts',
        test: {
          name: 'dashboard',
          root: './dashboard',
          include: ['test/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'unit',
          // Fast, pure tests first: a broken rule fails the run before any server starts.
          sequence: { groupOrder: 0 },
          include: [
            'shared/test/**/*.test.ts',
            'processor/test/unit/**/*.test.ts',
            'mock-api/test/**/*.test.ts',
            'test/deploy/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: [
            'api/test/**/*.test.ts',
            'processor/test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: more parallel files only make the real servers contend.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          // The shared Redis and FerretDB, for a test built on the campaign stack; the others
          // start servers of their own, to kill.
          globalSetup: ['test/global-setup.ts'],
          sequence: { groupOrder: 2 },
          // One at a time: each kills servers, and their timings must not contend.
          maxWorkers: 1,
          testTimeout: 420_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
