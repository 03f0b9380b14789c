// Extracts every ```ts block of docs/*.md (and the packages' READMEs) into docs/.generated/,
// so CI type-checks them all and runs those that are tests: the docs cannot rot.
// A block that starts with `// no-check` is left out (a fragment that is not a program).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', '.generated');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const sources = [
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(root, 'docs', f)),
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md')),
];

let count = 0;
for (const file of sources) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  const name = file.includes('/packages/') ? `${basename(dirname(file))}-readme` : basename(file, '.md');
  const blocks = [...text.matchAll(/```(ts|tsx|typescript)\n([\s\S]*?)```/g)];
  blocks.forEach((m, i) => {
    const code = m[2];
    if (code.trimStart().startsWith('// no-check')) return;
    const isTest = /from 'vitest'/.test(code) && /\bit\(/.test(code);
    const ext = m[1] === 'tsx' ? 'tsx' : 'ts';
    const target = join(out, `${name}-${i + 1}${isTest ? '.test' : ''}.${ext}`);
    // Each block is its own module, so top-level names never clash.
    writeFileSync(target, `// From ${file.slice(root.length + 1)}, block ${i + 1}\n${code}\nexport {};\n`);
    count++;
  });
}
console.log(`extracted ${count} code blocks into docs/.generated`);
