// The web platform in real headless Chromium: the platform conformance suite, the three
// kinds of context, the network going and coming back, and the page hidden and shown.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openApp, waitForState } from './browser/app';
import { bundle, failures, type InPageResult, launchChromium, type Served, serve } from './browser/harness';

let browser: Browser;
let server: Served;
let context: BrowserContext;

beforeAll(async () => {
  const files = await bundle({
    platformConformance: 'platformConformance.ts',
    blankSw: 'blankSw.ts',
    contexts: 'contexts.ts',
    app: 'app.ts',
  });
  server = await serve(files);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
beforeEach(async () => {
  context = await browser.newContext();
});
afterEach(async () => {
  await context?.close();
});

describe('createWebPlatform in headless Chromium', () => {
  it('passes the platform conformance suite in a page', async () => {
    const page = await context.newPage();
    // Installed and paused: time moves only when the suite advances it.
    await page.clock.install({ time: 1_700_000_000_000 });
    await page.clock.pauseAt(1_700_000_001_000);
    await page.exposeFunction('advanceClock', (ms: number) => page.clock.runFor(ms));
    await page.goto(`${server.origin}/platformConformance.html`);
    const results = await page.evaluate(() =>
      (globalThis as unknown as { runTests: () => Promise<InPageResult[]> }).runTests(),
    );
    expect(failures(results)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(12);
  }, 60_000);

  it('reads a page, a dedicated worker and a service worker as each offers, on the real clock', async () => {
    const page = await context.newPage();
    await page.goto(`${server.origin}/contexts.html`);
    type Probe = { conditions: { appState: string; network: string }; timerOnTime: boolean };
    const probes = await page.evaluate(async () => {
      const g = globalThis as unknown as Record<string, () => Promise<Probe>>;
      return {
        page: await g.probePage!(),
        worker: await g.probeWorker!(),
        sw: await g.probeServiceWorker!(),
      };
    });
    expect(probes.page).toMatchObject({
      conditions: { appState: 'active', network: 'unmetered' },
      timerOnTime: true,
    });
    expect(probes.worker).toMatchObject({
      conditions: { appState: 'active', network: 'unmetered' },
      timerOnTime: true,
    });
    // A service worker runs only when the browser wakes it: it is never the foreground.
    expect(probes.sw).toMatchObject({
      conditions: { appState: 'background', network: 'unmetered' },
      timerOnTime: true,
    });
  }, 60_000);

  it('holds jobs that need a network while offline, and runs them once online again', async () => {
    const page = await openApp(context, server.origin, 'queue=offline');
    await context.setOffline(true);
    await page.waitForFunction(() => app.conditions.at(-1) === 'active none');
    const ids = await page.evaluate(async () => {
      const uploads = await Promise.all([1, 2, 3].map((n) => app.queue.enqueue('upload', { n })));
      return uploads.map((job) => job.id);
    });
    // A job without constraints, enqueued after them, runs: the queue is not merely slow.
    const note = await page.evaluate(async () => (await app.queue.enqueue('note', { n: 0 })).id);
    await waitForState(page, note, ['succeeded']);
    expect(await page.evaluate((ids) => ids.map((id) => app.queue.get(id)?.state), ids)).toEqual([
      'enqueued',
      'enqueued',
      'enqueued',
    ]);
    expect(await page.evaluate(() => app.runs.filter((r) => r.name === 'upload').length)).toBe(0);

    await context.setOffline(false);
    for (const id of ids) await waitForState(page, id, ['succeeded']);
    expect(await page.evaluate(() => app.conditions.at(-1))).toBe('active unmetered');
    expect(await page.evaluate(() => app.runs.filter((r) => r.name === 'upload').length)).toBe(3);
  }, 60_000);

  it('turns appState to background when the page is hidden, and back to active when shown', async () => {
    const page = await openApp(context, server.origin, 'queue=visibility');
    await page.evaluate(() => app.setVisibility('hidden'));
    await page.waitForFunction(() => app.conditions.at(-1) === 'background unmetered');
    // In the background the queue starts nothing on its own.
    const id = await page.evaluate(async () => (await app.queue.enqueue('note', { n: 1 })).id);
    const other = await page.evaluate(async () => (await app.queue.enqueue('note', { n: 2 })).id);
    expect(await page.evaluate(() => app.queue.stats().counts.enqueued)).toBe(2);
    await page.evaluate(() => app.setVisibility('visible'));
    await page.waitForFunction(() => app.conditions.at(-1) === 'active unmetered');
    await waitForState(page, id, ['succeeded']);
    await waitForState(page, other, ['succeeded']);
    expect(await page.evaluate(() => app.conditions)).toEqual(['background unmetered', 'active unmetered']);
  }, 60_000);
});
