import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dashboard/**', '.encours/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ['test/support/trace-files.ts'],
    pool: 'forks',
    // Suites start real servers (Temporal, Chromium, DuckDB files): two at a time on the 2-core target machine.
    maxWorkers: 2,
  },
});
