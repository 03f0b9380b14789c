// Builds every publishable package, then checks what npm would receive with publint --strict
// and @arethetypeswrong/cli --pack, and the core's size against its budget with size-limit
// (.size-limit.cjs). Any problem fails the run.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`✗ ${cmd} ${args.join(' ')} failed in ${cwd}`);
    process.exit(r.status ?? 1);
  }
};

run('pnpm', ['build'], root);
console.log('\n── size-limit');
run('pnpm', ['exec', 'size-limit'], root);
for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  console.log(`\n── ${pkg.name}`);
  run('pnpm', ['exec', 'publint', '--strict'], dir);
  run('pnpm', ['exec', 'attw', '--pack', '.', '--format', 'table-flipped'], dir);
}
