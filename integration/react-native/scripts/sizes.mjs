// What the packages add to a React Native app's bundle: Metro's minified output (and gzip -9
// of it) and the current hermesc's bytecode (-O), for a baseline app with React, the same
// app with @nightshift/core, and with every package an app uses. Metro has no tree shaking:
// an imported package is bundled whole, so these are the sizes an app pays.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { here } from './metro.mjs';

const root = join(here, '../..');
const ENTRIES = {
  baseline: 'app/sizes/baseline.ts',
  '@nightshift/core': 'app/sizes/core.ts',
  'all packages (core, adapter-rn, store-sqlite, react)': 'app/sizes/all.ts',
};

export async function recordSizes({ bundle, hermesc, gzip, write }) {
  const measured = {};
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const out = join(here, 'out', 'sizes', `${entry.split('/').pop().replace(/\.ts$/, '')}.js`);
    const { code } = await bundle({ entry, platform: 'android', out });
    const hbc = out.replace(/\.js$/, '.hbc');
    const r = spawnSync(hermesc, ['-emit-binary', '-O', '-w', `-out=${hbc}`, out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`hermesc failed on ${entry}: ${r.stderr}`);
    measured[name] = { minified: Buffer.byteLength(code), gzipped: gzip(code), bytecode: statSync(hbc).size };
  }
  const base = measured.baseline;
  const rows = Object.entries(measured)
    .filter(([name]) => name !== 'baseline')
    .map(([name, m]) => ({
      name,
      minified: m.minified - base.minified,
      gzipped: m.gzipped - base.gzipped,
      bytecode: m.bytecode - base.bytecode,
    }));
  const versions = ['react-native/metro-config', 'react-native/babel-preset']
    .map((p) => `@${p} ${pkgVersion(`@${p}`)}`)
    .concat([`metro ${pkgVersion('metro')}`, `hermes-compiler ${pkgVersion('hermes-compiler')}`]);
  const fmt = (n) => n.toLocaleString('en');
  const table = [
    '| added to the app bundle | Metro, minified | minified + gzip -9 | Hermes bytecode (hermesc -O) |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${fmt(r.minified)} | ${fmt(r.gzipped)} | ${fmt(r.bytecode)} |`),
    `| (baseline: React and the app shell) | ${fmt(base.minified)} | ${fmt(base.gzipped)} | ${fmt(base.bytecode)} |`,
  ];
  if (write) {
    const date = new Date().toISOString().slice(0, 10);
    writeFileSync(
      join(root, 'bench/results/react-native.json'),
      `${JSON.stringify({ date, platform: 'android', versions, measured, added: rows }, null, 2)}\n`,
    );
    const readme = join(root, 'bench/README.md');
    const text = readFileSync(readme, 'utf8');
    const start = '<!-- rn-bundle:start -->';
    const end = '<!-- rn-bundle:end -->';
    const block = `${start}\nMeasured ${date} with ${versions.join(', ')} (android; ios differs by a few bytes).\n\n${table.join('\n')}\n${end}`;
    if (!text.includes(start)) throw new Error(`bench/README.md has no ${start} marker`);
    writeFileSync(readme, text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block));
  }
  return { measured, rows, table };
}

function pkgVersion(pkg) {
  return JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}
