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
    // Test files share their worker's module cache: the core is pure and no test mocks a module,
    // so isolation bought nothing but importing the same modules once per file (the suite's
    // import time, 229 s of 699, fell to 22 s: bench/README.md, "The test suite with a shared
    // module cache").
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
