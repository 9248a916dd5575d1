import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'adapters/**/*.test.ts',
      'properties/**/*.test.ts',
      'package/**/*.test.ts',
    ],
    reporters: ['default', './.ci/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
