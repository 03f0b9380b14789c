import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkgs = fileURLToPath(new URL('./packages/', import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sibling packages' sources, so no build step comes first.
    alias: [
      { find: /^@nightshift\/([\w-]+)\/testing$/, replacement: `${pkgs}$1/src/testing/index.ts` },
      { find: /^@nightshift\/([\w-]+)$/, replacement: `${pkgs}$1/src/index.ts` },
    ],
  },
  test: {
    include: [
      'packages/*/test/**/*.test.{ts,tsx}',
      'examples/*/test/**/*.test.{ts,tsx}',
      'docs/.generated/**/*.test.{ts,tsx}',
    ],
    testTimeout: 30_000,
  },
});
