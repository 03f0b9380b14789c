// What a newcomer gets from npm, checked on the packed tarballs rather than the workspace
// (issue 17): a workspace resolves sources through its own conditions and has every
// optional peer installed, so it cannot see what a fresh project sees.
//
//   1. Every docs page and package README names an install command for each package its
//      examples import.
//   2. Every public package is packed as `pnpm publish` would pack it.
//   3. For each package, a fresh `npm init -y` project outside the workspace installs that
//      tarball alone (npm adds its dependencies and required peers, never the optional
//      ones), type-checks every entry point with `skipLibCheck: false` under
//      `module: nodenext` (as ESM and as CommonJS) and under `moduleResolution: bundler`,
//      then `require`s and `import`s every entry point and compares their exports. Core's
//      project also mixes the two builds in one queue (the dual-package hazard).
//   4. docs/getting-started.md, docs/store-sqlite.md and docs/testing.md are followed in a
//      fresh project each: their `sh` blocks run (npm lines install the tarballs in place
//      of the registry's @nightshift packages; blocks with other commands, or that start
//      with `# no-check`, are for another machine, such as a React Native app), and each block whose first line is
//      `// <file> — run it with: <command>` (or `— check with:`) is written to <file> and
//      run so. `console.log(x); // 'text'` or `// { a: 1, b: '…' }` must show in the output.
//
// Usage: node scripts/check-tarballs.mjs [--no-build] [--keep]
//   --no-build  use the packages' dist/ as it is (`pnpm check` builds just before)
//   --keep      leave the temporary projects in place and print where
//
// Cost, measured on the 2-core reference machine: about 2 minutes (125 s with an empty npm
// cache, 105–115 s with a warm one), mostly 9 fresh npm installs and 13 tsc runs; the
// downloads (typescript, tsx, vitest, better-sqlite3: about 60 MB) add little there.
// better-sqlite3 is installed from the registry without its install script, and the binary
// the workspace already compiled is copied in: node-gyp would add 1 to 2 minutes.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const started = Date.now();
const failures = [];
const seenKnown = new Set();

/**
 * Failures expected until other work lands. An entry that starts to pass fails the run,
 * so that it is removed here and the check guards the fix from then on.
 */
const KNOWN_FAILURES = new Map();

function fail(key, detail) {
  if (KNOWN_FAILURES.has(key)) {
    seenKnown.add(key);
    console.log(`  ~ known failure (${KNOWN_FAILURES.get(key)}): ${key}\n${indent(detail)}`);
    return;
  }
  failures.push(`${key}\n${indent(detail)}`);
  console.log(`  ✗ ${key}\n${indent(detail)}`);
}

function pass(key, detail = '') {
  if (KNOWN_FAILURES.has(key)) {
    failures.push(`${key} now passes: remove it from KNOWN_FAILURES in scripts/check-tarballs.mjs`);
    console.log(`  ✗ ${key} now passes: remove it from KNOWN_FAILURES`);
    return;
  }
  console.log(`  ✓ ${key}${detail ? ` ${detail}` : ''}`);
}

const indent = (text) =>
  String(text)
    .trim()
    .split('\n')
    .slice(0, 25)
    .map((l) => `      ${l}`)
    .join('\n');

function run(cmd, cmdArgs, cwd, { timeoutMs = 300_000, env } = {}) {
  const r = spawnSync(cmd, cmdArgs, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const timedOut = r.error?.code === 'ETIMEDOUT';
  return {
    ok: r.status === 0 && !timedOut,
    output: timedOut ? `timed out after ${timeoutMs} ms\n${output}` : output,
  };
}

function phase(title) {
  console.log(`\n── ${title} (${Math.round((Date.now() - started) / 1000)} s)`);
}

// ── 1. Install lines ──────────────────────────────────────────────────────────────────

/** Packages an app already has, or a page need not tell to install. */
const PRESENT = new Set(['react', 'react-native', 'react-dom']);
const BUILTINS = new Set(builtinModules);

function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/'))
    return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? undefined : name;
}

function checkInstallLines() {
  phase('1. every page names an install command for what it imports');
  const pages = [
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => join('docs', f)),
    ...readdirSync(join(root, 'packages')).map((p) => join('packages', p, 'README.md')),
    'README.md',
  ].filter((p) => existsSync(join(root, p)));
  for (const page of pages) {
    const text = readFileSync(join(root, page), 'utf8');
    const imported = new Set();
    for (const block of text.matchAll(/```(?:ts|tsx|typescript|js|jsx)\n([\s\S]*?)```/g)) {
      for (const m of block[1].matchAll(/\bfrom\s+'([^']+)'|\bimport\s+'([^']+)'|\brequire\('([^']+)'\)/g)) {
        const name = packageOf(m[1] ?? m[2] ?? m[3]);
        if (name && !PRESENT.has(name)) imported.add(name);
      }
    }
    if (imported.size === 0) continue;
    const installed = new Set();
    const joined = text.replace(/\\\n\s*/g, ' ');
    for (const m of joined.matchAll(
      /(?:npm (?:install|i|add)|npx expo install|yarn add|pnpm add)((?:\s+[^\s#`|&;)]+)+)/g,
    )) {
      for (const word of m[1].trim().split(/\s+/)) {
        if (!word.startsWith('-')) installed.add(word.replace(/(.)@[^/]*$/, '$1'));
      }
    }
    const missing = [...imported].filter((name) => !installed.has(name));
    if (missing.length)
      fail(`${page} names no install command for ${missing.join(', ')}`, 'add an npm install line');
    else pass(page, `(${imported.size} packages)`);
  }
}

// ── 2. Pack ───────────────────────────────────────────────────────────────────────────

function pack(work) {
  if (!args.has('--no-build')) {
    phase('2. build');
    const build = run('pnpm', ['build'], root, { timeoutMs: 600_000 });
    if (!build.ok) {
      console.log(build.output);
      process.exit(1);
    }
  }
  phase('2. pack every public package as pnpm publish would');
  const dest = join(work, 'tarballs');
  mkdirSync(dest, { recursive: true });
  const packages = [];
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgDir = join(root, 'packages', dir);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    if (pkg.private) continue;
    const before = new Set(readdirSync(dest));
    const r = run('pnpm', ['pack', '--pack-destination', dest], pkgDir);
    const tarball = readdirSync(dest).find((f) => !before.has(f));
    if (!r.ok || !tarball) {
      fail(`pnpm pack ${pkg.name}`, r.output);
      continue;
    }
    const path = join(dest, tarball);
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', path, 'package/package.json'], { encoding: 'utf8' }),
    );
    const files = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).split('\n');
    for (const needed of ['package/README.md', 'package/LICENSE']) {
      if (!files.includes(needed)) fail(`${pkg.name} ships ${needed.slice(8)}`, 'missing from the tarball');
    }
    const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
    const workspaceRanges = Object.entries(ranges).filter(([, range]) =>
      String(range).startsWith('workspace:'),
    );
    if (workspaceRanges.length) fail(`${pkg.name} has no workspace: ranges`, JSON.stringify(workspaceRanges));
    packages.push({ name: manifest.name, manifest, tarball: path });
    pass(`${manifest.name}`, `${tarball}, ${files.length - 1} files`);
  }
  return packages;
}

// ── Fresh projects ────────────────────────────────────────────────────────────────────

function freshProject(dir, packages) {
  mkdirSync(dir, { recursive: true });
  const init = run('npm', ['init', '-y'], dir);
  if (!init.ok) throw new Error(`npm init -y failed in ${dir}\n${init.output}`);
  // The registry's @nightshift packages must never stand in for the tarballs, also where
  // one of them depends on another.
  const pkgPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  // Relative, as npm writes a direct dependency on a tarball: npm refuses an override that
  // differs from the direct dependency's spec.
  pkg.overrides = Object.fromEntries(packages.map((p) => [p.name, `file:${relative(dir, p.tarball)}`]));
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** The compiled better-sqlite3 of the workspace, to skip node-gyp in the fresh projects. */
function workspaceBetterSqlite3() {
  try {
    const req = createRequire(join(root, 'packages', 'store-sqlite', 'package.json'));
    const dir = dirname(realpathSync(req.resolve('better-sqlite3/package.json')));
    const binary = join(dir, 'build', 'Release', 'better_sqlite3.node');
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return existsSync(binary) ? { version, binary } : undefined;
  } catch {
    return undefined;
  }
}

/** Runs one `npm install …` line of the docs in `dir`, with the tarballs for our packages. */
function npmInstall(dir, words, packages) {
  const byName = new Map(packages.map((p) => [p.name, `file:${relative(dir, p.tarball)}`]));
  const prebuilt = workspaceBetterSqlite3();
  let copyBinary = false;
  const rewritten = words.map((word) => {
    if (byName.has(word)) return byName.get(word);
    if (word === 'better-sqlite3' && prebuilt) {
      copyBinary = true;
      return `better-sqlite3@${prebuilt.version}`;
    }
    return word;
  });
  const extra = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  if (copyBinary) extra.push('--ignore-scripts');
  const r = run('npm', [...rewritten, ...extra], dir);
  if (r.ok && copyBinary) {
    const target = join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release');
    mkdirSync(target, { recursive: true });
    copyFileSync(prebuilt.binary, join(target, 'better_sqlite3.node'));
  }
  return r;
}

// ── 3. Each package alone ─────────────────────────────────────────────────────────────

const TS_OPTIONS = { target: 'es2022', strict: true, skipLibCheck: false, noEmit: true, types: [] };

function checkPackage(work, pkg, packages) {
  phase(`3. ${pkg.name} alone in a fresh project`);
  const dir = join(work, `pkg-${pkg.name.split('/')[1]}`);
  freshProject(dir, packages);
  const install = npmInstall(dir, ['install', pkg.name], packages);
  if (!install.ok) return fail(`npm install ${pkg.name}`, install.output);
  const specs = Object.keys(pkg.manifest.exports ?? { '.': null })
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));

  // Types: every entry point, as ESM and as CommonJS under nodenext, and under bundler.
  const imports = specs.map((s, i) => `import * as entry${i} from '${s}';`).join('\n');
  const used = `\nexport const entries = [${specs.map((_, i) => `entry${i}`).join(', ')}];\n`;
  writeFileSync(join(dir, 'esm.mts'), imports + used);
  writeFileSync(join(dir, 'bundler.ts'), imports + used);
  writeFileSync(
    join(dir, 'cjs.cts'),
    `${specs.map((s, i) => `import entry${i} = require('${s}');`).join('\n')}${used}`,
  );
  const configs = {
    nodenext: { module: 'nodenext', moduleResolution: 'nodenext', files: ['esm.mts', 'cjs.cts'] },
    bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['bundler.ts'] },
  };
  for (const [name, { files, ...options }] of Object.entries(configs)) {
    const config = `tsconfig.${name}.json`;
    writeFileSync(
      join(dir, config),
      JSON.stringify({ compilerOptions: { ...TS_OPTIONS, ...options }, files }),
    );
    const r = run(process.execPath, [tsc, '-p', config], dir);
    if (r.ok) pass(`${pkg.name} types, ${name}, skipLibCheck: false`);
    else fail(`${pkg.name} types, ${name}, skipLibCheck: false`, r.output);
  }

  // Run time: require and import each entry point in one process; both give the same names.
  writeFileSync(
    join(dir, 'load.mjs'),
    `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const names = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule' && k !== 'module.exports').sort();
for (const spec of ${JSON.stringify(specs)}) {
  let cjs, esm;
  try { cjs = require(spec); console.log('ok require ' + spec); }
  catch (e) { console.log('FAIL require ' + spec + ': ' + String(e?.message ?? e).split('\\n')[0]); }
  try { esm = await import(spec); console.log('ok import ' + spec); }
  catch (e) { console.log('FAIL import ' + spec + ': ' + String(e?.message ?? e).split('\\n')[0]); }
  if (cjs && esm && typeof cjs === 'object') {
    const a = names(cjs).join(','), b = names(esm).join(',');
    console.log(a === b ? 'ok same-names ' + spec + ' ' + names(cjs).length : 'FAIL same-names ' + spec + ': require has [' + a + '], import has [' + b + ']');
  }
}
`,
  );
  const load = run(process.execPath, ['load.mjs'], dir, { timeoutMs: 60_000 });
  for (const line of load.output.split('\n')) {
    const m = /^(ok|FAIL) (\S+) ([^\s:]+):? ?(.*)$/.exec(line);
    if (!m) continue;
    const key = `${m[2]} ${m[3]}`;
    if (m[1] === 'ok') pass(key, m[4] && m[2] === 'same-names' ? `(${m[4]} exports)` : '');
    else fail(key, m[4]);
  }
  if (!load.ok) fail(`${pkg.name}: node load.mjs`, load.output);

  if (pkg.name === '@nightshift/core') checkDualPackage(dir);
}

/** One app, two copies of core: the ESM build runs the queue, the CommonJS build throws. */
function checkDualPackage(dir) {
  writeFileSync(
    join(dir, 'dual.mjs'),
    `import { createRequire } from 'node:module';
import * as esm from '@nightshift/core';
const cjs = createRequire(import.meta.url)('@nightshift/core');
if (cjs.PermanentError === esm.PermanentError) throw new Error('expected two copies of the package');
const charge = esm.defineJob({ name: 'charge', run: () => { throw new cjs.PermanentError('card declined'); } });
const madeByCjs = cjs.defineJob({ name: 'made-by-cjs', run: () => 'ok' });
const queue = esm.createQueue({ platform: esm.systemPlatform(), jobs: [charge, madeByCjs] });
queue.on('retrying', (job) => { console.log('FAIL: ' + job.name + ' is retried: the other copy\\'s PermanentError was not recognised'); process.exit(1); });
await queue.start();
const a = await queue.waitFor((await queue.enqueue(charge, null)).id);
const b = await queue.waitFor((await queue.enqueue(madeByCjs, null)).id);
await queue.stop();
const checks = {
  'PermanentError from require ends a job run by import': a.state === 'failed' && a.attempts === 1 && a.error?.code === 'PERMANENT',
  'a job type from require runs in a queue from import': b.state === 'succeeded' && b.result === 'ok',
  'instanceof across copies': new cjs.TimeoutError('x') instanceof esm.TimeoutError && !(new cjs.TimeoutError('x') instanceof esm.PermanentError),
  'isNightshiftError across copies': esm.isNightshiftError(new cjs.StoreError('x'), 'STORE'),
};
for (const [name, ok] of Object.entries(checks)) console.log((ok ? 'ok ' : 'FAIL ') + name);
`,
  );
  const r = run(process.execPath, ['dual.mjs'], dir, { timeoutMs: 60_000 });
  for (const line of r.output.split('\n')) {
    if (line.startsWith('ok ')) pass(`dual package: ${line.slice(3)}`);
    else if (line.startsWith('FAIL')) fail(`dual package: ${line.replace(/^FAIL:? /, '')}`, '');
  }
  if (!r.ok) fail('dual package: node dual.mjs', r.output);
}

// ── 4. The docs, followed as written ──────────────────────────────────────────────────

const HEADER = /^\/\/ (\S+) — (?:run it|check) with: (.+)$/;

function followPage(work, page, packages) {
  phase(`4. ${page}, followed in a fresh project`);
  const dir = join(work, `docs-${page.replace(/\W+/g, '-')}`);
  freshProject(dir, packages);
  const text = readFileSync(join(root, page), 'utf8');
  for (const block of text.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    const [, lang, code] = block;
    if (lang === 'sh') {
      const commands = code
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .flatMap((line) => line.replace(/#.*$/, '').split('&&'))
        .map((command) => command.trim().split(/\s+/).filter(Boolean))
        .filter((words) => words.length);
      // Blocks with other commands (a walkthrough of this repository) are for a reader.
      const installs = commands.every(
        (w) => w[0] === 'npm' && ['init', 'pkg', 'install', 'i', 'add'].includes(w[1]),
      );
      if (installs && !code.startsWith('# no-check'))
        for (const words of commands) runShell(dir, words, packages);
      continue;
    }
    const header = HEADER.exec(code.split('\n')[0]);
    if (!header) continue;
    const [, file, command] = header;
    writeFileSync(join(dir, file), code);
    const words = command.trim().split(/\s+/);
    if (words[0] !== 'npx' && words[0] !== 'node') {
      fail(`${page}: ${command}`, 'the script runs only npx and node commands');
      continue;
    }
    const r = run(words[0], words.slice(1), dir, { timeoutMs: 120_000 });
    if (!r.ok) {
      fail(`${page}: ${command}`, r.output);
      continue;
    }
    const missing = expectedOutputs(code).filter((expected) => !expected.test(r.output));
    if (missing.length)
      fail(`${page}: ${command} prints what the comments say`, `missing ${missing.join(', ')}\n${r.output}`);
    else pass(`${page}: ${command}`);
  }
}

function runShell(dir, words, packages) {
  const line = words.join(' ');
  if (words[0] === 'npm' && ['install', 'i', 'add'].includes(words[1])) {
    const r = npmInstall(dir, words.slice(1), packages);
    if (r.ok) pass(line);
    else fail(line, r.output);
  } else if (words[0] === 'npm' && (words[1] === 'init' || words[1] === 'pkg')) {
    const r = run('npm', words.slice(1), dir);
    if (r.ok) pass(line);
    else fail(line, r.output);
  } else {
    fail(
      `unexpected command in a docs sh block: ${line}`,
      'the script runs npm install, npm init and npm pkg',
    );
  }
}

/** `console.log(x); // 'text'` → /text/; `// { a: '…' }` → the inspected form, … any text. */
function expectedOutputs(code) {
  const out = [];
  for (const m of code.matchAll(/^\s*console\.log\(.*\);\s*\/\/ (.+)$/gm)) {
    const comment = m[1].trim();
    let literal;
    if (/^'[^']*'$/.test(comment)) literal = comment.slice(1, -1);
    else if (/^[[{].*[\]}]$/.test(comment)) literal = comment;
    else continue;
    const pattern = literal
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*?');
    out.push(new RegExp(pattern));
  }
  return out;
}

// ── Main ──────────────────────────────────────────────────────────────────────────────

checkInstallLines();
const work = mkdtempSync(join(realpathSync(tmpdir()), 'nightshift-tarballs-'));
try {
  const packages = pack(work);
  for (const pkg of packages) checkPackage(work, pkg, packages);
  for (const page of ['docs/getting-started.md', 'docs/store-sqlite.md', 'docs/testing.md']) {
    followPage(work, page, packages);
  }
} finally {
  if (args.has('--keep')) console.log(`\nkept the projects in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
for (const key of KNOWN_FAILURES.keys()) {
  if (!seenKnown.has(key) && !failures.some((f) => f.startsWith(key))) {
    failures.push(`${key} was not checked: update KNOWN_FAILURES in scripts/check-tarballs.mjs`);
  }
}
const seconds = Math.round((Date.now() - started) / 1000);
if (failures.length) {
  console.error(`\n✗ ${failures.length} problem(s) in what npm users would get (${seconds} s):`);
  for (const f of failures) console.error(`- ${f.split('\n')[0]}`);
  process.exit(1);
}
console.log(`\n✓ the packed packages install, type-check, load and run as the docs say (${seconds} s)`);
