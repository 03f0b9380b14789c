import { formatDuration } from './formatDuration';
import type { SimulationResult } from './simulate';
import { formatRate } from './spreadOverSeeds';
import type { RunOutcome, Timeline } from './timeline';

/**
 * Options of {@link renderTerminal}.
 *
 * @example
 * console.log(renderTerminal(result, { slotMs: 30 * 60_000, days: 2 }));
 */
export interface TerminalReportOptions {
  /**
   * The time one character stands for in the timeline rows.
   *
   * @default 900_000 (15 min: 96 characters per day)
   */
  slotMs?: number;
  /** How many days of timeline to draw (the summary always covers everything). @default 1 */
  days?: number;
  /** Whether to draw the timeline at all. @default true */
  timeline?: boolean;
}

const DAY = 86_400_000;
const RUN_CHAR: Record<RunOutcome, string> = {
  failed: 'x',
  killed: '!',
  interrupted: '!',
  retrying: 'r',
  cancelled: 'c',
  succeeded: '█',
  unfinished: '>',
};
const RUN_RANK: RunOutcome[] = [
  'failed',
  'killed',
  'interrupted',
  'retrying',
  'cancelled',
  'succeeded',
  'unfinished',
];

/**
 * A compact plain-text report: the summary table, then a timeline per day with one row per
 * lane (app, network, charging, battery, OS windows, each job type) and one character per
 * time slot. Pure.
 *
 * Legend — app: `█` active, `·` background, `-` no process; network: `█` unmetered,
 * `▒` metered, ` ` none; charging: `█`; battery: `▁`…`█`; windows: `r` refresh,
 * `p` processing (capital when it expired); jobs: `█` success, `r` retried, `x` failed,
 * `!` interrupted or killed, `c` cancelled.
 *
 * @param result - what {@link simulate} returned.
 * @param options - slot size and days drawn. @default {}
 * @returns the text, lines joined with `\n`.
 * @example
 * console.log(renderTerminal(result, { days: 1 }));
 */
export function renderTerminal(result: SimulationResult, options: TerminalReportOptions = {}): string {
  const { slotMs = 900_000, days = 1, timeline: draw = true } = options;
  const m = result.metrics;
  const t = result.timeline;
  const lines: string[] = [];
  const span = m.durationMs / DAY;
  lines.push(
    `Nightshift simulation · policy ${result.policy} · ${formatDays(span)} · seed ${result.scenario.seed}`,
  );
  const head = ['job', 'runs', 'done', 'failed', 'retried', 'interr.', 'wasted', 'p50', 'p95'];
  const rows = Object.entries(m.byType).map(([name, s]) => [
    name,
    String(s.runs),
    String(s.completed),
    String(s.failed),
    String(s.retried),
    String(s.interrupted),
    formatDuration(s.wastedMs),
    formatDuration(s.latencyP50),
    formatDuration(s.latencyP95),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(head), ...rows.map(fmt));
  const w = m.windows;
  lines.push(
    `windows: ${w.granted} granted (${w.refresh} refresh, ${w.processing} processing), ${w.used} used, ${w.expired} expired, ${w.aborted} ended early by the OS`,
    `in the background, per day: ${
      Object.entries(m.byType)
        .map(([name, s]) => `${name} ${formatRate(s.background / span)}`)
        .join(', ') || 'no job'
    }`,
    `interrupted runs: ${m.interrupted}, wasted work: ${formatDuration(m.wastedMs)} · process: ${m.launches} launches, ${m.kills} kills, ${m.forceQuits} force-quits`,
    `constraint violations: ${m.violations.length}${m.violations.length === 0 ? ' ✓' : ' ✗'}`,
  );
  if (draw) {
    for (let d = 0; d < Math.min(days, Math.ceil(span)); d++) {
      const from = t.startAt + d * DAY;
      lines.push('', ...drawDay(t, from, Math.min(from + DAY, t.endAt), slotMs, d + 1));
    }
  }
  return lines.join('\n');
}

function formatDays(days: number): string {
  return days === 1 ? '1 day' : `${Math.round(days * 10) / 10} days`;
}

function drawDay(t: Timeline, from: number, to: number, slotMs: number, day: number): string[] {
  const slots = Math.ceil((to - from) / slotMs);
  const label = (s: string) => s.padEnd(16).slice(0, 16);
  const slotStart = (i: number) => from + i * slotMs;
  // The condition in force for most of each slot.
  const mostly = <T>(pick: (span: Timeline['conditions'][number]) => T): T[] =>
    Array.from({ length: slots }, (_, i) => {
      const s = slotStart(i);
      const e = Math.min(s + slotMs, to);
      const weight = new Map<T, number>();
      for (const span of t.conditions) {
        const o = Math.min(span.end, e) - Math.max(span.start, s);
        if (o > 0) weight.set(pick(span), (weight.get(pick(span)) ?? 0) + o);
      }
      let best: T | undefined;
      let bestWeight = -1;
      for (const [k, v] of weight) if (v > bestWeight) [best, bestWeight] = [k, v];
      return best as T;
    });
  const deadIn = (i: number) =>
    t.dead.some((d) => Math.min(d.end, slotStart(i) + slotMs) - Math.max(d.start, slotStart(i)) > slotMs / 2);
  let ruler = '';
  for (let i = 0; i < slots; i += Math.round(3_600_000 / slotMs) * 3) {
    const hour = Math.round((i * slotMs) / 3_600_000);
    ruler += String(hour)
      .padStart(2, '0')
      .padEnd(Math.round(3_600_000 / slotMs) * 3);
  }
  const out = [`${label(`day ${day}`)}${ruler.slice(0, slots)}`];
  // Sessions are short: a slot with any foreground time shows it.
  const activeIn = (i: number) =>
    t.conditions.some(
      (c) =>
        c.conditions.appState === 'active' &&
        Math.min(c.end, slotStart(i) + slotMs) - Math.max(c.start, slotStart(i)) > 0,
    );
  const app = Array.from({ length: slots }, (_, i) => (activeIn(i) ? '█' : deadIn(i) ? '-' : '·'));
  out.push(label('app') + app.join(''));
  const net = { unmetered: '█', metered: '▒', none: ' ' };
  out.push(
    label('network') +
      mostly((c) => c.conditions.network)
        .map((n) => net[n] ?? '?')
        .join(''),
  );
  out.push(
    label('charging') +
      mostly((c) => c.conditions.charging)
        .map((c) => (c ? '█' : ' '))
        .join(''),
  );
  const bars = '▁▂▃▄▅▆▇█';
  out.push(
    label('battery') +
      mostly((c) => Math.round(c.batteryLevel * 7))
        .map((b) => bars[Math.max(0, Math.min(7, b ?? 0))])
        .join(''),
  );
  const windows = Array.from({ length: slots }, () => ' ');
  for (const w of t.windows) {
    const i = Math.floor((w.start - from) / slotMs);
    if (i < 0 || i >= slots) continue;
    const c = w.kind === 'processing' ? 'p' : 'r';
    if (windows[i] === ' ' || w.expired) windows[i] = w.expired ? c.toUpperCase() : c;
  }
  out.push(label('OS windows') + windows.join(''));
  for (const name of t.jobNames) {
    const row: Array<RunOutcome | undefined> = Array.from({ length: slots }, () => undefined);
    for (const run of t.runs) {
      if (run.name !== name || run.end < from || run.start >= to) continue;
      const first = Math.max(0, Math.floor((run.start - from) / slotMs));
      const last = Math.min(slots - 1, Math.floor((Math.max(run.end - 1, run.start) - from) / slotMs));
      for (let i = first; i <= last; i++) {
        const cur = row[i];
        if (cur === undefined || RUN_RANK.indexOf(run.outcome) < RUN_RANK.indexOf(cur)) row[i] = run.outcome;
      }
    }
    out.push(label(name) + row.map((o) => (o ? RUN_CHAR[o] : '·')).join(''));
  }
  return out;
}
