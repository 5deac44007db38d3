import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@shared': resolve(import.meta.dirname, 'src-shared') };

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    projects: [
      {
        extends: true,
        test: { name: 'shared', environment: 'node', include: ['src-shared/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'main', environment: 'node', include: ['src-main/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src-renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['src-renderer/test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          testTimeout: 120_000,
          // End-to-end suites start servers and browsers: one file at a time keeps 2 cores usable.
          fileParallelism: false,
        },
      },
    ],
  },
});
