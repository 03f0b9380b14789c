// Bundles an entry with the real Metro and this folder's metro.config.js, as
// `react-native bundle` does (Metro's runBuild), without Metro's terminal output.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Metro from 'metro';

export const here = dirname(dirname(fileURLToPath(import.meta.url)));

const quiet = { update() {} };

/**
 * Writes the bundle of `entry` to `out` (and its source map next to it when `sourceMap`),
 * and resolves with the code and the map's `sources`.
 */
export async function bundle({ entry, platform, out, minify = true, dev = false, sourceMap = false }) {
  const loaded = await Metro.loadConfig({ config: join(here, 'metro.config.js'), cwd: here });
  const config = Metro.mergeConfig(loaded, { reporter: quiet });
  mkdirSync(dirname(out), { recursive: true });
  const mapOut = out.replace(/\.js$/, '.map');
  await Metro.runBuild(config, {
    entry: join(here, entry),
    platform,
    dev,
    minify,
    out,
    ...(sourceMap ? { sourceMap: true, sourceMapOut: mapOut, sourceMapUrl: 'bundle.map' } : {}),
  });
  return {
    code: readFileSync(out, 'utf8'),
    sources: sourceMap ? JSON.parse(readFileSync(mapOut, 'utf8')).sources : [],
  };
}
