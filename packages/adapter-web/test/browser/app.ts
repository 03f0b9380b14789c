/** Drives the test app (fixtures/app.ts) in a page from Node. */
import type { JobSnapshot, Queue, WindowReport } from '@nightshift/core';
import type { BrowserContext, Page } from 'playwright-core';
import type { jobs, RunRecord } from './fixtures/jobs';

/** What fixtures/app.ts puts on `window.app`. */
export interface TestApp {
  queue: Queue<typeof jobs>;
  started: Promise<void>;
  runs: RunRecord[];
  context: { id: string; hold: boolean };
  events: Array<{ event: string; id: string; state: string; interruptions: number }>;
  errors: string[];
  writes: number[];
  windows: WindowReport[];
  name: string;
  conditions: string[];
  setVisibility(state: 'visible' | 'hidden'): void;
}

declare global {
  var app: TestApp;
}

/** Opens the test app in a new tab of `context` and waits for its queue to start. */
export async function openApp(context: BrowserContext, origin: string, query = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${origin}/app.html?${query}`);
  await page.evaluate(() => app.started);
  return page;
}

/** Waits until `job` is in one of `states` in that tab's view, and returns it. */
export async function waitForState(
  page: Page,
  id: string,
  states: string[],
  timeout = 20_000,
): Promise<JobSnapshot> {
  const handle = await page.waitForFunction(
    ({ id, states }) => {
      const job = app.queue.get(id);
      return job && states.includes(job.state) ? job : undefined;
    },
    { id, states },
    { timeout, polling: 20 },
  );
  return (await handle.jsonValue()) as JobSnapshot;
}
