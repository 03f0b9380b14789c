import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The installed version of a peer (`9.3.5`), for the table label: the exact one measured. */
export function peerVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(bench, 'node_modules', name, 'package.json'), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown version';
  }
}
