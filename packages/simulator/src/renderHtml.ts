import { formatClock, formatDuration } from './formatDuration';
import type { SimulationResult } from './simulate';
import { describeSpread, formatRate, type SeedSpread } from './spreadOverSeeds';
import type { RunOutcome, Timeline } from './timeline';

/**
 * Options of {@link renderHtml}.
 *
 * @example
 * await writeFile('report.html', renderHtml(result, { title: 'Uploads, one week', dayWidth: 800 }));
 */
export interface HtmlReportOptions {
  /** The page's title. @default 'Nightshift simulation' */
  title?: string;
  /** Width of the plot area in px for one simulated day; longer runs get wider and scroll. @default 1_100 */
  dayWidth?: number;
  /**
   * Background runs over several seeds, from {@link spreadOverSeeds}: shown first, as
   * "what to expect in the field", one sentence per job type and policy.
   *
   * @default []
   * @example
   * renderHtml([ios, android], { spreads: [spreadOverSeeds(iosSeeds), spreadOverSeeds(androidSeeds)] });
   */
  spreads?: readonly SeedSpread[];
}

const LANE_H = 22;
const GAP = 8;
const LABEL_W = 140;
const COLORS = {
  active: '#3aa757',
  background: '#dfe7df',
  dead: '#8a8a8a',
  unmetered: '#2f6fdb',
  metered: '#f0a030',
  none: '#f3d6d6',
  charging: '#f2c230',
  battery: '#555',
  refresh: '#8e5bd6',
  processing: '#1e9e9e',
};
const RUN_COLORS: Record<RunOutcome, string> = {
  succeeded: '#3aa757',
  retrying: '#f0a030',
  failed: '#d93025',
  interrupted: '#e8710a',
  killed: '#a50e0e',
  cancelled: '#9aa0a6',
  unfinished: '#5f6368',
};

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A self-contained HTML report (inline CSS and SVG, no script, no external asset: it opens
 * offline): per simulation, an SVG timeline with a lane group (`<g class="lane">`) for app
 * state, network, charging, battery, OS windows and each job type, every shape with a
 * `<title>` shown on hover, then the summary table. Pure.
 *
 * @param results - one simulation, or several (say `ios` and `android`) shown one below the other.
 * @param options - title and scale. @default {}
 * @returns the HTML text.
 * @example
 * writeFileSync('out/report.html', renderHtml([ios, android]));
 */
export function renderHtml(
  results: SimulationResult | SimulationResult[],
  options: HtmlReportOptions = {},
): string {
  const { title = 'Nightshift simulation', dayWidth = 1_100, spreads = [] } = options;
  const list = Array.isArray(results) ? results : [results];
  const sections = list.map((r) => section(r, dayWidth)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#202124;background:#fff}
h1{font-size:20px;margin:0 0 16px}h2{font-size:17px;margin:28px 0 8px}
.scroll{overflow-x:auto;border:1px solid #e0e0e0;border-radius:6px;padding:8px 0}
svg text{font:12px system-ui,sans-serif;fill:#202124}svg .tick{fill:#5f6368;font-size:11px}
svg rect:hover{stroke:#000;stroke-width:1}
table{border-collapse:collapse;margin:12px 0}th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f6f8fa}
.ok{color:#188038;font-weight:600}.bad{color:#d93025;font-weight:600}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}
</style></head><body>
<h1>${esc(title)}</h1>
${field(spreads)}${legend()}
${sections}
</body></html>
`;
}

function field(spreads: readonly SeedSpread[]): string {
  if (spreads.length === 0) return '';
  const items = spreads.flatMap((sp) => describeSpread(sp)).map((line) => `<li>${esc(line)}</li>`);
  return `<section class="field"><h2>What to expect in the field</h2><ul>${items.join('')}</ul></section>\n`;
}

function legend(): string {
  const item = (color: string, text: string) =>
    `<span><i style="background:${color}"></i>${esc(text)}</span>`;
  return `<p class="legend">${[
    item(COLORS.active, 'app active'),
    item(COLORS.background, 'background'),
    item(COLORS.dead, 'no process'),
    item(COLORS.unmetered, 'wifi'),
    item(COLORS.metered, 'cellular'),
    item(COLORS.none, 'offline'),
    item(COLORS.charging, 'charging'),
    item(COLORS.refresh, 'refresh window'),
    item(COLORS.processing, 'processing window'),
    ...(['succeeded', 'retrying', 'failed', 'interrupted', 'killed'] as const).map((o) =>
      item(RUN_COLORS[o], o),
    ),
  ].join('')}</p>`;
}

function section(r: SimulationResult, dayWidth: number): string {
  const t = r.timeline;
  const days = (t.endAt - t.startAt) / 86_400_000;
  const plotW = Math.max(300, Math.round(dayWidth * days));
  const x = (at: number) => LABEL_W + ((at - t.startAt) / (t.endAt - t.startAt)) * plotW;
  const w = (a: number, b: number) => Math.max(1.5, x(b) - x(a));
  const clock = (at: number) => formatClock(at, t.startAt);
  const lanes: string[] = [];
  let y = 24;
  const lane = (name: string, shapes: string[]) => {
    lanes.push(
      `<g class="lane" data-lane="${esc(name)}" transform="translate(0,${y})"><text class="label" x="8" y="${LANE_H - 6}">${esc(name)}</text><rect x="${LABEL_W}" width="${plotW}" height="${LANE_H}" fill="#fafafa"/>${shapes.join('')}</g>`,
    );
    y += LANE_H + GAP;
  };
  const rect = (a: number, b: number, fill: string, tip: string, extra = '') =>
    `<rect x="${x(a).toFixed(1)}" y="2" width="${w(a, b).toFixed(1)}" height="${LANE_H - 4}" fill="${fill}"${extra}><title>${esc(tip)}</title></rect>`;
  const spans = t.conditions;
  // Battery samples split the spans every 15 min: merge runs of one value per lane.
  const merged = <T>(pick: (c: Timeline['conditions'][number]) => T) => {
    const out: Array<{
      start: number;
      end: number;
      value: T;
      conditions: Timeline['conditions'][number]['conditions'];
    }> = [];
    for (const s of spans) {
      const value = pick(s);
      const last = out[out.length - 1];
      if (last && last.value === value && last.end === s.start) last.end = s.end;
      else out.push({ start: s.start, end: s.end, value, conditions: s.conditions });
    }
    return out;
  };
  lane(
    'app',
    merged((c) => c.conditions.appState)
      .map((s) =>
        rect(
          s.start,
          s.end,
          s.conditions.appState === 'active' ? COLORS.active : COLORS.background,
          `${s.conditions.appState} ${clock(s.start)}–${clock(s.end)}`,
        ),
      )
      .concat(
        t.dead.map((d) =>
          rect(
            d.start,
            d.end,
            COLORS.dead,
            `no process (${d.forced ? 'force-quit' : 'killed by the OS'}) ${clock(d.start)}–${clock(d.end)}`,
            ' opacity="0.8"',
          ),
        ),
      ),
  );
  lane(
    'network',
    merged((c) => c.conditions.network).map((s) =>
      rect(s.start, s.end, COLORS[s.value], `${s.value} ${clock(s.start)}–${clock(s.end)}`),
    ),
  );
  lane(
    'charging',
    merged((c) => `${c.conditions.charging}${c.conditions.deviceIdle}`)
      .filter((s) => s.conditions.charging)
      .map((s) =>
        rect(
          s.start,
          s.end,
          COLORS.charging,
          `charging ${clock(s.start)}–${clock(s.end)}${s.conditions.deviceIdle ? ', device idle' : ''}`,
        ),
      ),
  );
  const points = spans.flatMap((s) =>
    [s.start, s.end].map(
      (at) => `${x(at).toFixed(1)},${(LANE_H - 2 - s.batteryLevel * (LANE_H - 4)).toFixed(1)}`,
    ),
  );
  lane('battery', [
    `<polyline fill="none" stroke="${COLORS.battery}" stroke-width="1.5" points="${points.join(' ')}"><title>battery level</title></polyline>`,
    ...spans
      .filter((s) => s.conditions.batteryLow)
      .map((s) =>
        rect(
          s.start,
          s.end,
          '#d93025',
          `battery low (${Math.round(s.batteryLevel * 100)} %)`,
          ' opacity="0.25"',
        ),
      ),
  ]);
  lane(
    'OS windows',
    t.windows.map((win) =>
      rect(
        win.start,
        Math.max(win.end, win.start),
        COLORS[win.kind],
        `${win.kind} window ${clock(win.start)}, budget ${formatDuration(win.deadline - win.start)}, ${win.outcome}, ran ${win.ran}${win.report ? `, ${win.report.result}, ${win.report.deferred} deferred` : ''}${win.expired ? ', EXPIRED' : ''}`,
        win.expired ? ' stroke="#d93025" stroke-width="2"' : '',
      ),
    ),
  );
  for (const name of t.jobNames) {
    lane(
      name,
      t.runs
        .filter((run) => run.name === name)
        .map((run) =>
          rect(
            run.start,
            run.end,
            RUN_COLORS[run.outcome],
            `${name} ${run.id}: ${run.outcome}${run.reason ? ` (${run.reason})` : ''}, attempt ${run.attempt}, ${clock(run.start)}, ran ${formatDuration(run.end - run.start)}${run.latency !== undefined ? `, latency ${formatDuration(run.latency)}` : ''}`,
          ),
        ),
    );
  }
  const height = y + 4;
  const ticks: string[] = [];
  const stepH = days > 2 ? 6 : 1;
  for (let h = 0; h <= days * 24; h += stepH) {
    const at = t.startAt + h * 3_600_000;
    const px = x(at).toFixed(1);
    ticks.push(`<line x1="${px}" x2="${px}" y1="16" y2="${height}" stroke="#e8e8e8"/>`);
    if (h % (stepH * (days > 2 ? 2 : 3)) === 0)
      ticks.push(
        `<text class="tick" x="${px}" y="12" text-anchor="middle">${esc(h % 24 === 0 && days > 1 ? `d${h / 24 + 1}` : `${String(h % 24).padStart(2, '0')}:00`)}</text>`,
      );
  }
  const svg = `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${LABEL_W + plotW + 16}" height="${height}" role="img" aria-label="timeline ${esc(r.policy)}">${ticks.join('')}${lanes.join('')}</svg>`;
  return `<section data-policy="${esc(r.policy)}"><h2>Policy <code>${esc(r.policy)}</code> · ${Math.round(days * 10) / 10} day(s) · seed ${r.scenario.seed}</h2>
<div class="scroll">${svg}</div>
${summary(r)}</section>`;
}

function summary(r: SimulationResult): string {
  const m = r.metrics;
  const rows = Object.entries(m.byType)
    .map(
      ([name, s]) =>
        `<tr><td>${esc(name)}</td><td>${s.runs}</td><td>${s.completed}</td><td>${s.failed}</td><td>${s.retried}</td><td>${s.interrupted}</td><td>${formatDuration(s.wastedMs)}</td><td>${formatDuration(s.latencyP50)}</td><td>${formatDuration(s.latencyP95)}</td><td>${formatRate(s.background / (m.durationMs / 86_400_000))}</td></tr>`,
    )
    .join('');
  const v = m.violations.length;
  return `<table class="summary"><thead><tr><th>job</th><th>runs</th><th>completed</th><th>failed</th><th>retried</th><th>interrupted</th><th>wasted</th><th>latency p50</th><th>latency p95</th><th>background / day</th></tr></thead><tbody>${rows}</tbody></table>
<p>OS windows: <b>${m.windows.granted}</b> granted (${m.windows.refresh} refresh, ${m.windows.processing} processing), <b>${m.windows.used}</b> used, <b>${m.windows.expired}</b> expired, <b>${m.windows.aborted}</b> ended early by the OS ·
interrupted runs: <b>${m.interrupted}</b>, wasted work ${formatDuration(m.wastedMs)} ·
process: ${m.launches} launches, ${m.kills} kills, ${m.forceQuits} force-quits ·
constraint violations: <span class="${v === 0 ? 'ok' : 'bad'}">${v}</span></p>`;
}
