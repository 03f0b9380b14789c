import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // The maps point at src/, which ships next to dist/: sources once, not three times.
  esbuildOptions: (options) => {
    options.sourcesContent = false;
  },
  clean: true,
  target: 'es2020',
});
