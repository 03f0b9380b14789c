/**
 * The IndexedDB store in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): the full lifecycle of many no-op jobs through Nightshift, against raw
 * IndexedDB writing the same records. The page runs the built packages, as an app would.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Figure } from '../lib/runner';

const JOBS = 2_000;
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const here = dirname(fileURLToPath(import.meta.url));

let script: Promise<string> | undefined;
/** The page's bundle, over the packages' built output (`pnpm bench` builds them first). */
function pageScript(): Promise<string> {
  script ??= build({
    entryPoints: [join(here, 'indexeddb', 'page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return script;
}

type Bench = {
  bench: { ours(jobs: number, concurrency: number): Promise<number>; raw(jobs: number): Promise<number> };
};

/** One measurement in a fresh browser: its own profile, so no run inherits another's database. */
async function inChromium(run: (page: import('playwright-core').Page) => Promise<number>): Promise<number> {
  const js = await pageScript();
  const server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return await run(page);
  } finally {
    await browser.close();
    server.close();
  }
}

const ours = (concurrency: number) => () =>
  inChromium((page) =>
    page.evaluate(([jobs, c]) => (globalThis as unknown as Bench).bench.ours(jobs!, c!), [JOBS, concurrency]),
  );
const raw = () =>
  inChromium((page) => page.evaluate((jobs) => (globalThis as unknown as Bench).bench.raw(jobs), JOBS));

export default async function figures(): Promise<Figure[]> {
  const version = existsSync(CHROMIUM)
    ? await chromium.launch({ executablePath: CHROMIUM, args: ARGS }).then(async (b) => {
        const v = b.version();
        await b.close();
        return v;
      })
    : undefined;
  return [
    {
      id: 'indexeddb-lifecycle',
      title: `durable lifecycle, ${JOBS.toLocaleString('en-US')} no-op jobs in IndexedDB (headless Chromium, durability strict): enqueueMany → start → succeed`,
      unit: 'jobs/s',
      better: 'higher',
      baseline: 'raw IndexedDB',
      target: {
        text: 'concurrency 16 ≥ 1.0× raw',
        met: (r) => (r.ratios['nightshift, concurrency 16'] ?? 0) >= 1,
      },
      skip: version ? undefined : `no Chromium at ${CHROMIUM}`,
      subjects: {
        'raw IndexedDB': { measure: raw, label: `one strict transaction per job, Chromium ${version}` },
        'nightshift, concurrency 1': { measure: ours(1) },
        'nightshift, concurrency 16': { measure: ours(16) },
      },
    },
  ];
}
