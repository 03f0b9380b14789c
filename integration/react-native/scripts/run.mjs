// `pnpm test:rn`: proves the built packages in React Native's own toolchain, with the real
// tools from npm. Needs the packages built (`pnpm build`; `pnpm test:rn` at the root does it).
//
// 1. Metro (with @react-native/metro-config and @react-native/babel-preset) bundles the app
//    (app/index.ts) for android and for ios, each package resolved through its export map.
// 2. The packages' files in the bundle use no API that React Native's Hermes lacks.
// 3. The current hermesc (npm hermes-compiler) compiles each bundle; the Hermes 0.12 VM
//    (npm hermes-engine-cli) runs it, with only what InitializeCore gives, and the app's
//    checks print one line each.
// 4. Expo's getConfig and config-plugins resolve and apply the config plugin (scripts/expo.cjs).
// 5. What the packages add to an app's bundle, in bytes (`--record` writes it to bench/).
//
// Prints one line per check and 'N passed, N failed' last; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundle, here } from './metro.mjs';
import { recordSizes } from './sizes.mjs';

const root = join(here, '../..');
const record = process.argv.includes('--record');
const started = Date.now();
const results = [];

function report(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? `: ${detail}` : ''}`);
}

async function check(name, run) {
  try {
    const detail = await run();
    report(name, true, detail);
  } catch (error) {
    report(name, false, error instanceof Error ? error.message : String(error));
  }
}

function exec(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
  if (r.error) throw r.error;
  return r;
}

const binary = (pkg, path) => join(here, 'node_modules', pkg, path);
const HERMESC = binary('hermes-compiler', 'hermesc/linux64-bin/hermesc');
const VM_HERMESC = binary('hermes-engine-cli', 'linux64-bin/hermesc');
const VM = binary('hermes-engine-cli', 'linux64-bin/hermes');

/** The packages the app imports, each with the file its export map gives Metro. */
const PACKAGES = {
  '@nightshift/core': 'packages/core/dist/index.js',
  '@nightshift/adapter-rn': 'packages/adapter-rn/dist/index.js',
  '@nightshift/store-sqlite': 'packages/store-sqlite/dist/index.js',
  '@nightshift/react': 'packages/react/dist/index.js',
  '@nightshift/adapter-memory': 'packages/adapter-memory/dist/index.js',
};

/**
 * APIs that Hermes, as React Native 0.72–0.81 ships it, lacks, or that InitializeCore does not
 * give (hermes issue 766, react-native issues 35363 and 46062): code must fall back or the
 * docs must name the polyfill. Checked on the built files, so a path the app does not run is
 * covered too.
 */
const MISSING_ON_REACT_NATIVE = {
  'Promise.allSettled': /\bPromise\.allSettled\b/,
  'Promise.any': /\bPromise\.any\b/,
  AggregateError: /\bAggregateError\b/,
  structuredClone: /\bstructuredClone\b/,
  TextEncoder: /\bTextEncoder\b/,
  TextDecoder: /\bTextDecoder\b/,
  WeakRef: /\bnew WeakRef\b/,
  FinalizationRegistry: /\bFinalizationRegistry\b/,
  'AbortSignal.timeout': /\bAbortSignal\.timeout\b/,
  'AbortSignal.any': /\bAbortSignal\.any\b/,
  'signal.throwIfAborted': /\.throwIfAborted\(/,
  'Array.prototype.at': /[\w\])]\.at\(-?\d/,
  'Array.prototype.findLast': /\.findLast(Index)?\(/,
  'Object.groupBy': /\bObject\.groupBy\b/,
  'Array.fromAsync': /\bArray\.fromAsync\b/,
};

console.log(
  `# React Native toolchain: metro ${version('metro')}, @react-native/babel-preset ${version('@react-native/babel-preset')}, hermes-compiler ${version('hermes-compiler')}, hermes-engine-cli ${version('hermes-engine-cli')}, @expo/config ${version('@expo/config')}`,
);

for (const [name, file] of Object.entries(PACKAGES)) {
  if (!existsSync(join(root, file))) {
    console.error(
      `${name} is not built (${file} is missing): run \`pnpm test:rn\` at the root, or \`pnpm build\` first.`,
    );
    process.exit(1);
  }
}

// 2 and 3. Metro, hermesc, the VM, for each platform.
process.env.NIGHTSHIFT_METRO_CACHE = mkdtempSync(join(tmpdir(), 'nightshift-metro-'));
const EXPECTED_CHECKS = 10;
try {
  for (const platform of ['android', 'ios']) {
    const out = join(here, 'out', platform, 'bundle.js');
    let built;
    await check(`metro bundles the app for ${platform}`, async () => {
      built = await bundle({ entry: 'app/index.ts', platform, out, sourceMap: true });
      return `${built.code.length.toLocaleString('en')} bytes minified`;
    });
    if (!built) continue;

    await check(`metro resolves each package through its export map (${platform})`, () => {
      const used = built.sources.map((s) => relative(root, s)).filter((s) => s.startsWith('packages/'));
      const wrong = [];
      for (const [name, file] of Object.entries(PACKAGES)) {
        const dir = file.split('/').slice(0, 2).join('/');
        const own = used.filter((s) => s.startsWith(`${dir}/`) && !s.startsWith(`${dir}/test/`));
        if (!own.includes(file))
          wrong.push(`${name}: expected ${file}, bundled ${own.join(', ') || 'nothing'}`);
        const sources = own.filter((s) => !s.startsWith(`${dir}/dist/`));
        if (sources.length > 0) wrong.push(`${name}: bundled files outside dist/: ${sources.join(', ')}`);
      }
      if (wrong.length > 0) throw new Error(wrong.join('; '));
    });

    if (platform === 'android') {
      // The packages' files as Metro bundled them, whole: paths the checks do not run count too.
      for (const [name, file] of Object.entries(PACKAGES)) {
        if (name === '@nightshift/adapter-memory') continue; // a test platform, not shipped in apps
        await check(`${name} uses no API React Native's Hermes lacks`, () => {
          const dir = file.split('/').slice(0, 2).join('/');
          const files = built.sources
            .map((s) => relative(root, s))
            .filter((s) => s.startsWith(`${dir}/dist/`));
          const found = [];
          for (const f of files) {
            const text = readFileSync(join(root, f), 'utf8');
            for (const [api, pattern] of Object.entries(MISSING_ON_REACT_NATIVE)) {
              if (pattern.test(text)) found.push(`${api} (${f})`);
            }
          }
          if (found.length > 0) {
            throw new Error(
              `uses ${found.join(', ')}: fall back where it is missing, or name the polyfill in docs/react-native.md`,
            );
          }
        });
      }
    }

    await check(`the current hermesc compiles the ${platform} bundle`, () => {
      const hbc = out.replace(/\.js$/, '.hbc');
      const r = exec(HERMESC, ['-emit-binary', '-O', '-w', `-out=${hbc}`, out]);
      if (r.status !== 0)
        throw new Error(`hermesc exited ${r.status}: ${(r.stderr || r.stdout).slice(0, 2000)}`);
      return `${statSync(hbc).size.toLocaleString('en')} bytes of bytecode`;
    });

    await check(`the app's checks pass on the Hermes 0.12 VM (${platform})`, () => {
      // Compiled by the VM's own hermesc, as a release build ships bytecode; run with the
      // microtask queue React Native's Hermes runtime has.
      const hbc = out.replace(/\.js$/, '.vm.hbc');
      const compiled = exec(VM_HERMESC, ['-emit-binary', '-O', '-w', `-out=${hbc}`, out]);
      if (compiled.status !== 0) {
        throw new Error(
          `the VM's hermesc exited ${compiled.status}: ${(compiled.stderr || compiled.stdout).slice(0, 2000)}`,
        );
      }
      const r = exec(VM, ['-Xmicrotask-queue', hbc], { timeout: 60_000 });
      const lines = `${r.stdout}${r.stderr}`.trimEnd().split('\n');
      for (const line of lines) console.log(`    [${platform}] ${line}`);
      const summary = lines.map((l) => l.match(/^(\d+) passed, (\d+) failed$/)).find(Boolean);
      if (r.status !== 0 || r.signal) throw new Error(`the VM exited ${r.status ?? r.signal}`);
      if (!summary) throw new Error('the app printed no closing line: a check never settled');
      if (Number(summary[2]) !== 0) throw new Error(`${summary[2]} check(s) failed`);
      if (Number(summary[1]) !== EXPECTED_CHECKS) {
        throw new Error(`${summary[1]} checks ran, expected ${EXPECTED_CHECKS}`);
      }
      return `${summary[1]} checks`;
    });
  }

  // 4. Expo.
  await check('the Expo config plugin, through @expo/config and @expo/config-plugins', () => {
    const r = exec(process.execPath, [join(here, 'scripts/expo.cjs')]);
    for (const line of `${r.stdout}${r.stderr}`.trimEnd().split('\n')) console.log(`    [expo] ${line}`);
    if (r.status !== 0) throw new Error(`scripts/expo.cjs exited ${r.status}`);
  });

  // 5. Bytes.
  await check('what the packages add to an app bundle (android, minified)', async () => {
    const sizes = await recordSizes({
      bundle,
      hermesc: HERMESC,
      gzip: (text) => gzipSync(text, { level: 9 }).length,
      write: record,
    });
    for (const line of sizes.table) console.log(`    ${line}`);
    return record ? 'written to bench/README.md and bench/results/react-native.json' : undefined;
  });
} finally {
  rmSync(process.env.NIGHTSHIFT_METRO_CACHE, { recursive: true, force: true });
}

const failed = results.filter((ok) => !ok).length;
console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

function version(pkg) {
  return JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}
