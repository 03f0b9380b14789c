/**
 * Runs Nightshift in real headless Chromium: bundles fixture entries with esbuild (from the
 * packages' sources, through the `@nightshift/source` condition), serves them from a local
 * HTTP server on 127.0.0.1 (a secure context, as Web Locks and service workers need), and
 * launches Debian's Chromium through playwright-core with the project's flags.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Bundles each entry (a path under fixtures/, or absolute) into one classic script, for a
 * page, a worker or a service worker alike.
 */
export async function bundle(entries: Record<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const result = await build({
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, file]) => [
        name,
        file.startsWith('/') ? file : join(here, 'fixtures', file),
      ]),
    ),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outdir: '/bundle',
    conditions: ['@nightshift/source'],
    logLevel: 'silent',
  });
  for (const file of result.outputFiles) out.set(`/${file.path.split('/').pop()}`, file.text);
  return out;
}

export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => boolean | Promise<boolean>;

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the bundles: `/<entry>.js` as built, `/<entry>.html` as a page that loads it, the
 * query string ignored. `routes` answer first (an upload endpoint, say).
 */
export async function serve(files: Map<string, string>, routes: Route[] = []): Promise<Served> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    for (const route of routes) if (await route(req, res, body)) return;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const script = files.get(path);
    if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      res.end(script);
      return;
    }
    const page = path.endsWith('.html') ? files.get(path.replace(/\.html$/, '.js')) : undefined;
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      res.end(
        `<!doctype html><meta charset="utf-8"><title>nightshift</title><script src="${path.replace(/\.html$/, '.js')}"></script>`,
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the in-page runner reports per test. */
export interface InPageResult {
  name: string;
  ok: boolean;
  error?: string;
}

/** A readable list of the failures, for an assertion message. */
export function failures(results: InPageResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`);
}
