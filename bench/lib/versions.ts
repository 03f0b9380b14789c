import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The installed version of a package (`9.3.5`), for the table label: the exact one
 * measured. `from` is the workspace folder (relative to the repository) whose
 * node_modules holds it. @default 'bench'
 */
export function peerVersion(name: string, from = 'bench'): string {
  try {
    const pkg = JSON.parse(
      readFileSync(join(bench, '..', from, 'node_modules', name, 'package.json'), 'utf8'),
    );
    return String(pkg.version);
  } catch {
    return 'unknown version';
  }
}
