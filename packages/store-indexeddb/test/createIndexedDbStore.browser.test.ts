// The IndexedDB store in real headless Chromium: the conformance suite in a page and in a
// dedicated worker, a database of a newer schema, and a full quota.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundle,
  failures,
  type InPageResult,
  launchChromium,
  type Served,
  serve,
} from '../../adapter-web/test/browser/harness';

let browser: Browser;
let server: Served;

beforeAll(async () => {
  const files = await bundle({
    storeConformance: 'storeConformance.ts',
    storeInWorker: 'storeInWorker.ts',
  });
  server = await serve(files);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function run(page: string): Promise<InPageResult[]> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${server.origin}/${page}.html`);
    return await tab.evaluate(() =>
      (globalThis as unknown as { runTests: () => Promise<InPageResult[]> }).runTests(),
    );
  } finally {
    await context.close();
  }
}

describe('createIndexedDbStore in headless Chromium', () => {
  it('passes the store conformance suite in a page', async () => {
    const results = await run('storeConformance');
    expect(failures(results)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(17);
  }, 60_000);

  it('passes the store conformance suite in a dedicated worker', async () => {
    const results = await run('storeInWorker');
    expect(failures(results)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(17);
  }, 60_000);
});
