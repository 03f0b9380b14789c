// Runs the pinned pnpm, so `npm test` and `npm run demo` work on a machine with only Node and npm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pinned = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).packageManager.split('@')[1];
const args = process.argv.slice(2);
const local = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
const useLocal = local.status === 0 && local.stdout.trim() === pinned;
const [cmd, cmdArgs] = useLocal ? ['pnpm', args] : ['npx', ['--yes', `pnpm@${pinned}`, ...args]];
const run = spawnSync(cmd, cmdArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
