// The web example in headless Chromium: two tabs queue uploads, each reaches the server
// once, and the list survives reloads of either tab.
import type { Server } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Received, startServer } from '../server';

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

let browser: Browser;
let server: Server;
let url: string;
let received: Received[];

beforeAll(async () => {
  ({ server, url, received } = await startServer(0));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
});

const sent = (page: Page, count: number) =>
  page.waitForFunction(
    (count) => document.querySelectorAll('li[data-state=succeeded]').length === count,
    count,
    {
      timeout: 20_000,
    },
  );

describe('examples/web', () => {
  it('uploads from two tabs once each, and keeps the list across reloads', async () => {
    const context = await browser.newContext();
    const a = await context.newPage();
    const b = await context.newPage();
    for (const page of [a, b]) {
      await page.goto(url);
      await page.getByRole('button', { name: 'Queue upload' }).waitFor();
    }
    await a.getByLabel('file name').fill('from-a.txt');
    await a.getByRole('button', { name: 'Queue upload' }).click();
    await b.getByLabel('file name').fill('from-b.txt');
    await b.getByRole('button', { name: 'Queue upload' }).click();
    await sent(a, 2);
    await sent(b, 2);

    for (const page of [b, a]) {
      await page.reload();
      await sent(page, 2);
    }
    expect((await a.locator('li').allTextContents()).sort()).toEqual([
      'from-a.txt: succeeded (sent)',
      'from-b.txt: succeeded (sent)',
    ]);
    expect(received.map((r) => r.name).sort()).toEqual(['from-a.txt', 'from-b.txt']);
    expect(new Set(received.map((r) => r.id)).size).toBe(2);
    await context.close();
  }, 90_000);
});
