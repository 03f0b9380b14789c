/**
 * What a package costs an app that imports all of it: bundled with esbuild (ESM,
 * platform neutral, minified, dependencies included), then gzipped at level 9. In memory,
 * nothing written. Deterministic for a given source tree and esbuild version.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const bench = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BundleSize {
  minified: number;
  gzipped: number;
}

/**
 * Bundles `export * from '<specifier>'` (plus its default export when `withDefault`), as
 * resolved from bench/ under the `@nightshift/source` condition (so workspace packages are
 * measured from their sources, not a stale dist).
 */
export async function bundleSize(specifier: string, withDefault = false): Promise<BundleSize> {
  const result = await build({
    stdin: {
      contents: `export * from '${specifier}';${withDefault ? ` export { default } from '${specifier}';` : ''}`,
      resolveDir: bench,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    // Neutral has no default main fields; these are what an app bundler reads.
    mainFields: ['module', 'main'],
    conditions: ['@nightshift/source'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/** @nightshift/core, min+gzip, eventemitter3 included: the figure the core budget (8 KiB) is about. */
export const coreSize = () => bundleSize('@nightshift/core');
