import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceDayApp } from '../../../examples/device-day/app';
import { androidPolicy } from '../src/androidPolicy';
import { createScenario } from '../src/createScenario';
import { iosPolicy } from '../src/iosPolicy';
import { renderHtml } from '../src/renderHtml';
import { type SimulationResult, simulate } from '../src/simulate';
import { describeSpread, spreadOverSeeds } from '../src/spreadOverSeeds';

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

describe('renderHtml in headless Chromium', () => {
  let results: SimulationResult[];
  let browser: Awaited<ReturnType<typeof chromium.launch>>;

  beforeAll(async () => {
    const scenario = createScenario({ seed: 7 });
    results = [
      await simulate({ scenario, policy: iosPolicy(), app: deviceDayApp }),
      await simulate({ scenario, policy: androidPolicy(), app: deviceDayApp }),
    ];
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is self-contained: no external asset, no network request', () => {
    const html = renderHtml(results);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('draws a lane group per condition, the OS windows and each job type, with hover titles', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.setContent(renderHtml(results));
    const sections = page.locator('section');
    expect(await sections.count()).toBe(2);
    for (const [i, r] of results.entries()) {
      const section = sections.nth(i);
      expect(await section.getAttribute('data-policy')).toBe(r.policy);
      const labels = await section.locator('g.lane > text.label').allTextContents();
      expect(labels).toEqual(['app', 'network', 'charging', 'battery', 'OS windows', ...r.timeline.jobNames]);
      const windows = section.locator('g.lane[data-lane="OS windows"] rect[fill]:not([fill="#fafafa"])');
      expect(await windows.count()).toBe(r.timeline.windows.length);
      for (const name of r.timeline.jobNames) {
        const runs = section.locator(`g.lane[data-lane="${name}"] rect title`);
        expect(await runs.count()).toBe(r.timeline.runs.filter((run) => run.name === name).length);
      }
      const firstRun = await section
        .locator('g.lane[data-lane="sync-inbox"] rect title')
        .first()
        .textContent();
      expect(firstRun).toMatch(/^sync-inbox [\w-]+: succeeded/);
      // Drawn, not just present: the lanes have a real size on the page.
      const box = await section.locator('svg.timeline').boundingBox();
      expect(box!.width).toBeGreaterThan(1_000);
      expect(box!.height).toBeGreaterThan(200);
      expect(await section.locator('table.summary tbody tr').count()).toBe(r.timeline.jobNames.length);
    }
    expect(requests).toEqual([]);
    await page.close();
  });

  it('opens with what to expect in the field when given the spread over seeds', async () => {
    const spreads = results.map((r) => spreadOverSeeds([r]));
    const page = await browser.newPage();
    await page.setContent(renderHtml(results, { spreads }));
    const field = page.locator('section.field');
    expect(await field.locator('h2').textContent()).toBe('What to expect in the field');
    expect(await field.locator('li').allTextContents()).toEqual(spreads.flatMap((s) => describeSpread(s)));
    // It comes before the timelines, and the summaries gain a background-per-day column.
    expect(await page.locator('section').first().getAttribute('class')).toBe('field');
    expect(await page.locator('table.summary th').last().textContent()).toBe('background / day');
    await page.close();
  });
});
