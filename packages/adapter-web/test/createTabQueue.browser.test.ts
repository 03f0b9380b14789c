// One queue shared by the tabs of an origin, in real headless Chromium: Web Locks choose
// the tab that runs the jobs, BroadcastChannel carries the rest.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openApp, waitForState } from './browser/app';
import { bundle, launchChromium, type Served, serve } from './browser/harness';

let browser: Browser;
let server: Served;
let context: BrowserContext;

beforeAll(async () => {
  server = await serve(await bundle({ app: 'app.ts', contexts: 'contexts.ts' }));
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

const runsIn = (page: Page) => page.evaluate(() => app.runs.map((r) => ({ ...r })));
const succeeded = (page: Page, count: number) =>
  page.waitForFunction((count) => app.queue.list({ state: 'succeeded' }).length >= count, count, {
    timeout: 30_000,
    polling: 50,
  });

describe('createTabQueue in headless Chromium', () => {
  it('runs each of 200 jobs enqueued from two tabs exactly once', async () => {
    const a = await openApp(context, server.origin, 'queue=two-tabs');
    const b = await openApp(context, server.origin, 'queue=two-tabs');
    const enqueue = (page: Page, from: number) =>
      page.evaluate(async (from) => {
        const jobs = await Promise.all(
          Array.from({ length: 100 }, (_, i) => app.queue.enqueue('note', { n: from + i })),
        );
        return jobs.map((job) => job.id);
      }, from);
    const [fromA, fromB] = await Promise.all([enqueue(a, 0), enqueue(b, 100)]);
    const ids = [...fromA, ...fromB];
    expect(new Set(ids).size).toBe(200);

    await succeeded(a, 200);
    await succeeded(b, 200);
    const runs = [...(await runsIn(a)), ...(await runsIn(b))];
    const perJob = new Map<string, number>();
    for (const run of runs) perJob.set(run.id, (perJob.get(run.id) ?? 0) + 1);
    expect([...perJob.keys()].sort()).toEqual([...ids].sort());
    expect([...perJob.values()].every((n) => n === 1)).toBe(true);
    // One tab ran them all; the other forwarded its jobs and mirrors the same list.
    expect(new Set(runs.map((r) => r.context)).size).toBe(1);
    const view = (page: Page) =>
      page.evaluate(() => app.queue.list().map((job) => [job.id, job.state, job.payload]));
    expect(await view(b)).toEqual(await view(a));
  }, 90_000);

  it('takes over when the running tab closes mid-job: the job runs again, and nothing is lost', async () => {
    const a = await openApp(context, server.origin, 'queue=close');
    await a.evaluate(() => {
      app.context.hold = true;
    });
    const b = await openApp(context, server.origin, 'queue=close');
    const held = await b.evaluate(async () => (await app.queue.enqueue('hold', { n: 1 })).id);
    await waitForState(b, held, ['running']);
    // Acknowledged but not yet due when the tab closes.
    const waiting = await b.evaluate(async () => {
      const jobs = await Promise.all(
        [1, 2, 3].map((n) => app.queue.enqueue('note', { n }, { delayMs: 300 })),
      );
      return jobs.map((job) => job.id);
    });
    expect((await runsIn(a)).map((r) => r.id)).toEqual([held]);

    await a.close();
    const done = await waitForState(b, held, ['succeeded']);
    expect(done.result).toEqual({ n: 1, context: await b.evaluate(() => app.context.id) });
    for (const id of waiting) await waitForState(b, id, ['succeeded']);
    const interrupted = await b.evaluate(
      (id) => app.events.filter((e) => e.event === 'interrupted' && e.id === id),
      held,
    );
    expect(interrupted).toMatchObject([{ state: 'enqueued', interruptions: 1 }]);
    // Interrupted, not failed: the run again is still the first attempt.
    expect((await runsIn(b)).filter((r) => r.id === held)).toMatchObject([{ attempt: 1 }]);
    expect(await b.evaluate(() => app.queue.list().length)).toBe(4);
  }, 90_000);

  it('runs the job again after a reload mid-job, and loses nothing', async () => {
    const page = await openApp(context, server.origin, 'queue=reload');
    await page.evaluate(() => {
      app.context.hold = true;
    });
    const held = await page.evaluate(async () => (await app.queue.enqueue('hold', { n: 7 })).id);
    await waitForState(page, held, ['running']);
    const waiting = await page.evaluate(
      async () => (await app.queue.enqueue('note', { n: 8 }, { delayMs: 60_000 })).id,
    );

    await page.reload();
    await page.evaluate(() => app.started);
    const done = await waitForState(page, held, ['succeeded']);
    expect(done.result).toMatchObject({ n: 7 });
    expect(
      await page.evaluate((id) => app.events.filter((e) => e.event === 'interrupted' && e.id === id), held),
    ).toMatchObject([{ interruptions: 1 }]);
    expect(await runsIn(page)).toMatchObject([{ id: held, attempt: 1 }]);
    expect(await page.evaluate((id) => app.queue.get(id)?.state, waiting)).toBe('enqueued');
  }, 90_000);

  it('makes a call wait while no tab runs the queue, rejects it with QueueUnavailableError past handoverTimeoutMs, and takes the same id again after', async () => {
    const a = await openApp(context, server.origin, 'queue=handover&timeout=1500');
    const b = await openApp(context, server.origin, 'queue=handover&timeout=1500');
    // Another context takes the lock from the running tab, which then goes away: no one runs the queue.
    const blocker = await context.newPage();
    await blocker.goto(`${server.origin}/contexts.html`);
    await blocker.evaluate(
      () =>
        new Promise<void>((held) => {
          navigator.locks.request('nightshift:handover', { steal: true }, () => {
            held();
            return new Promise<void>((release) => Object.assign(globalThis, { release }));
          });
        }),
    );
    await a.close();

    const refused = await b.evaluate(() =>
      app.queue.enqueue('note', { n: 1 }, { id: 'chosen-1' }).then(
        () => 'resolved',
        (error) => `${error.name} ${error.code}`,
      ),
    );
    expect(refused).toBe('QueueUnavailableError UNAVAILABLE');

    // A call made mid-handover waits, and succeeds once a tab runs the queue again.
    await b.evaluate(() => {
      Object.assign(globalThis, { pending: app.queue.enqueue('note', { n: 2 }) });
    });
    await blocker.evaluate(() => (globalThis as unknown as { release: () => void }).release());
    const second = await b.evaluate(
      () => (globalThis as unknown as { pending: Promise<{ id: string }> }).pending,
    );
    await waitForState(b, second.id, ['succeeded']);

    const retried = await b.evaluate(
      async () => (await app.queue.enqueue('note', { n: 1 }, { id: 'chosen-1' })).id,
    );
    expect(retried).toBe('chosen-1');
    await waitForState(b, 'chosen-1', ['succeeded']);
    expect(
      await b.evaluate(() =>
        app.queue
          .list()
          .map((job) => job.id)
          .filter((id) => id === 'chosen-1'),
      ),
    ).toEqual(['chosen-1']);
  }, 90_000);

  it('refuses a payload that is not JSON with InvalidPayloadError before IndexedDB sees it, in either tab', async () => {
    const a = await openApp(context, server.origin, 'queue=bad-input');
    const b = await openApp(context, server.origin, 'queue=bad-input');
    const writesBefore = await a.evaluate(() => app.writes.length);
    const attempts = async (page: Page) =>
      page.evaluate(async () => {
        class Point {
          x = 1;
        }
        const bad: unknown[] = [
          { big: 1n },
          { f: () => 1 },
          new Point(),
          { when: new Date(0) },
          { n: Number.NaN },
        ];
        const outcomes: string[] = [];
        for (const payload of bad) {
          outcomes.push(
            await app.queue.enqueue('note', payload as never).then(
              () => 'resolved',
              (error) => `${error.name} ${error.code}`,
            ),
          );
        }
        return outcomes;
      });
    expect(await attempts(a)).toEqual(Array(5).fill('InvalidPayloadError INVALID_PAYLOAD'));
    expect(await attempts(b)).toEqual(Array(5).fill('InvalidPayloadError INVALID_PAYLOAD'));
    expect(await a.evaluate(() => app.writes.length)).toBe(writesBefore);
    expect(await b.evaluate(() => app.writes.length)).toBe(0);
    expect(await a.evaluate(() => app.queue.list().length)).toBe(0);
  }, 60_000);

  it('refuses a store written by a newer schema version, naming both versions', async () => {
    const setup = await context.newPage();
    await setup.goto(`${server.origin}/contexts.html`);
    await setup.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('newer-jobs', 2);
          request.onupgradeneeded = () => request.result.createObjectStore('jobs');
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
          request.onerror = () => reject(request.error);
        }),
    );
    const page = await context.newPage();
    await page.goto(`${server.origin}/app.html?queue=newer`);
    const error = await page.evaluate(() =>
      app.started.then(
        () => undefined,
        (e) => ({ name: e.name, code: e.code, message: e.message }),
      ),
    );
    expect(error).toMatchObject({ name: 'StoreError', code: 'STORE' });
    expect(error!.message).toMatch('schema version 2');
    expect(error!.message).toMatch('knows up to version 1');
  }, 60_000);

  it('runs jobs in a hidden tab while another tab is visible, and holds them once every tab is hidden', async () => {
    const a = await openApp(context, server.origin, 'queue=presence');
    const b = await openApp(context, server.origin, 'queue=presence');
    await a.evaluate(() => app.setVisibility('hidden'));
    const first = await b.evaluate(async () => (await app.queue.enqueue('note', { n: 1 })).id);
    await waitForState(b, first, ['succeeded']);
    expect((await runsIn(a)).map((r) => r.id)).toEqual([first]);

    // B says it is hidden before it forwards the enqueue: one sender, so A hears it first.
    await b.evaluate(() => app.setVisibility('hidden'));
    const second = await b.evaluate(async () => (await app.queue.enqueue('note', { n: 2 })).id);
    const third = await a.evaluate(async () => (await app.queue.enqueue('note', { n: 3 })).id);
    expect(await a.evaluate((ids) => ids.map((id) => app.queue.get(id)?.state), [second, third])).toEqual([
      'enqueued',
      'enqueued',
    ]);
    await b.evaluate(() => app.setVisibility('visible'));
    await waitForState(b, second, ['succeeded']);
    await waitForState(b, third, ['succeeded']);
  }, 60_000);

  it('gives a tab that opens the whole state of a large queue, sent in pages', async () => {
    const a = await openApp(context, server.origin, 'queue=large');
    await a.evaluate(() =>
      app.queue.enqueueMany(
        Array.from({ length: 2_500 }, (_, n) => ({
          type: 'note',
          payload: { n },
          options: { delayMs: 3_600_000 },
        })),
      ),
    );
    const b = await openApp(context, server.origin, 'queue=large');
    const view = (page: Page) => page.evaluate(() => app.queue.list().map((job) => job.id));
    expect(await view(b)).toHaveLength(2_500);
    expect(await view(b)).toEqual(await view(a));
    expect(await b.evaluate(() => app.queue.stats().counts.enqueued)).toBe(2_500);
  }, 60_000);
});
