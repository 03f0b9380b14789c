import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // The maps point at src/, which ships next to dist/: sources once, not three times.
  esbuildOptions: (options) => {
    options.sourcesContent = false;
  },
  clean: true,
  target: 'es2020',
  // The testing entry uses the engine through the package's own name, so an app's tests and
  // the suites share one copy of it (one set of error classes); fast-check is passed in.
  external: ['@nightshift/core', 'fast-check'],
});
