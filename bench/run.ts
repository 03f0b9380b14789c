/**
 * `pnpm bench [figure-id …]`: runs every figure (or the named ones) side by side with its
 * peers, then writes bench/results/latest.json and the table in bench/README.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toMarkdown, writeReadmeTable } from './lib/report';
import { type Figure, type FigureResult, machine, runFigure } from './lib/runner';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = new Set(process.argv.slice(2));
const resultsPath = join(here, 'results', 'latest.json');

const figures: Figure[] = [];
for (const file of readdirSync(join(here, 'figures'))
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const mod = (await import(pathToFileURL(join(here, 'figures', file)).href)) as {
    default: () => Promise<Figure[]>;
  };
  for (const figure of await mod.default())
    if (wanted.size === 0 || wanted.has(figure.id)) figures.push(figure);
}
if (figures.length === 0) throw new Error(`no figure matches ${[...wanted].join(', ')}`);

const fresh = new Map<string, FigureResult>();
for (const figure of figures) fresh.set(figure.id, await runFigure(figure));
// Read the earlier results only now, so a run in parallel does not lose this one's figures.
const previous: { results?: FigureResult[] } = existsSync(resultsPath)
  ? JSON.parse(readFileSync(resultsPath, 'utf8'))
  : {};
const results = new Map((previous.results ?? []).map((r) => [r.id, r]));
for (const [id, result] of fresh) results.set(id, result);

const peers = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).devDependencies ?? {};
const all = [...results.values()];
const env = { ...machine(), peers };
mkdirSync(dirname(resultsPath), { recursive: true });
writeFileSync(resultsPath, `${JSON.stringify({ machine: env, results: all }, null, 2)}\n`);
const header = `Measured ${env.date.slice(0, 10)} on ${env.cpu} (${env.cores} cores, ${env.memoryGiB} GiB), Node ${env.node}. Peers: ${Object.entries(
  peers,
)
  .map(([name, version]) => `${name} ${version}`)
  .join(', ')}.`;
writeReadmeTable(join(here, 'README.md'), header, toMarkdown(all));
console.log(toMarkdown(all));
