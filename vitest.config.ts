import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'adapters/**/*.test.ts',
      'properties/**/*.test.ts',
      'package/**/*.test.ts',
    ],
    // The page's script is bundled from adapters/web/client before the web tests serve it.
    globalSetup: ['./adapters/web/global-setup.ts'],
    setupFiles: ['./properties/seed.setup.ts'],
    reporters: ['default', './.ci/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
