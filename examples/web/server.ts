// `pnpm --filter @nightshift/example-web start`: builds the page and the service worker
// with esbuild and serves them on http://localhost:5173 (a secure context, as Web Locks and
// service workers need), with the upload endpoint the jobs call.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Nightshift uploads</title>
<style>body { font: 16px system-ui; margin: 2rem; } li[data-state=succeeded] { color: green; } li[data-state=failed] { color: crimson; }</style>
<div id="root"></div>
<script src="/app.js"></script>`;

/** What the server received: each upload by job id, in order. */
export interface Received {
  id: string;
  name: string;
}

export async function startServer(
  port = 5173,
): Promise<{ server: Server; url: string; received: Received[] }> {
  const built = await build({
    entryPoints: { app: join(here, 'app.tsx'), sw: join(here, 'sw.ts') },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outdir: '/out',
    conditions: ['@nightshift/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
    logLevel: 'warning',
  });
  const scripts = new Map(built.outputFiles.map((f) => [`/${f.path.split('/').pop()}`, f.text]));
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/upload') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const { name } = JSON.parse(body) as { name: string };
      received.push({ id: url.searchParams.get('id') ?? '', name });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ stored: received.length }));
      return;
    }
    if (url.pathname === '/uploads') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    const script = scripts.get(url.pathname);
    if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(script);
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://localhost:${bound}`, received };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startServer(Number(process.env.PORT ?? 5173));
  console.log(`Nightshift web example on ${url} — open it in two tabs, queue uploads, reload.`);
}
