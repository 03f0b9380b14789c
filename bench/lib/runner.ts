/**
 * The one timing loop every figure uses. A figure names its subjects (ours and its peers);
 * the runner measures them interleaved, run after run, so a noisy neighbour on this shared
 * machine hits all of them alike, and reports min, median and max of each plus the ratio
 * of medians against the figure's baseline.
 */
import { arch, cpus, totalmem } from 'node:os';

export interface Subject {
  /** Measures once and returns the figure's value (jobs/s, ms, bytes…). */
  measure: () => Promise<number>;
  /** Shown in the table, e.g. the peer's version. */
  label?: string;
}

export interface Figure {
  id: string;
  title: string;
  unit: string;
  /** Whether larger values are better (throughput) or smaller (latency, size). */
  better: 'higher' | 'lower';
  /** Runs per subject. @default 5 */
  runs?: number;
  /** The subject the others are compared with. */
  baseline?: string;
  /** The target as text, and a check of the ratio or value against it. */
  target?: { text: string; met: (result: FigureResult) => boolean };
  subjects: Record<string, Subject>;
  /** Why a figure could not run here (a peer not installed): it is reported, not measured. */
  skip?: string;
}

export interface Stat {
  min: number;
  median: number;
  max: number;
  samples: number[];
  label?: string;
}

export interface FigureResult {
  id: string;
  title: string;
  unit: string;
  better: 'higher' | 'lower';
  baseline?: string;
  subjects: Record<string, Stat>;
  /** Median of each subject divided by the baseline's median. */
  ratios: Record<string, number>;
  target?: string;
  met?: boolean;
  skipped?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
  else process.stderr.write(`${text}\n`);
}

export async function runFigure(figure: Figure): Promise<FigureResult> {
  const base = {
    id: figure.id,
    title: figure.title,
    unit: figure.unit,
    better: figure.better,
    baseline: figure.baseline,
  };
  if (figure.skip) {
    progress(`${figure.id}: skipped (${figure.skip})`);
    return { ...base, subjects: {}, ratios: {}, target: figure.target?.text, skipped: figure.skip };
  }
  const runs = figure.runs ?? 5;
  const names = Object.keys(figure.subjects);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 0; run < runs; run++) {
    // Interleaved, and in a different order each run, so drift and warm-up spread evenly.
    const order = run % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      progress(`${figure.id}: ${name} run ${run + 1}/${runs}`);
      (globalThis as { gc?: () => void }).gc?.();
      samples[name]!.push(await figure.subjects[name]!.measure());
    }
  }
  const subjects: Record<string, Stat> = {};
  for (const name of names) {
    const xs = samples[name]!;
    subjects[name] = { min: Math.min(...xs), median: median(xs), max: Math.max(...xs), samples: xs };
    const label = figure.subjects[name]!.label;
    if (label) subjects[name]!.label = label;
  }
  const ratios: Record<string, number> = {};
  if (figure.baseline && subjects[figure.baseline]) {
    for (const name of names) ratios[name] = subjects[name]!.median / subjects[figure.baseline]!.median;
  }
  const result: FigureResult = { ...base, subjects, ratios };
  if (figure.target) {
    result.target = figure.target.text;
    result.met = figure.target.met(result);
  }
  progress(
    `${figure.id}: done${result.met === undefined ? '' : result.met ? ' (target met)' : ' (target MISSED)'}`,
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  return result;
}

export function machine() {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    arch: arch(),
    date: new Date().toISOString(),
  };
}

/** Measures how long `fn` takes, in ms, with the high-resolution clock. */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
