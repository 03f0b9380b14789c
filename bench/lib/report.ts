import { readFileSync, writeFileSync } from 'node:fs';
import type { FigureResult } from './runner';

const fmt = (x: number) =>
  x >= 100 ? Math.round(x).toLocaleString('en-US') : x >= 1 ? x.toFixed(2) : x.toPrecision(3);

/** The results as a Markdown table: one row per subject, min / median / max and the ratio. */
export function toMarkdown(results: FigureResult[]): string {
  const lines = [
    '| figure | subject | min | median | max | unit | ratio | target |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    if (r.skipped) {
      lines.push(`| ${r.title} | — | — | — | — | ${r.unit} | — | skipped: ${r.skipped} |`);
      continue;
    }
    let first = true;
    for (const [name, s] of Object.entries(r.subjects)) {
      const ratio = r.ratios[name] === undefined ? '' : `${r.ratios[name]!.toFixed(2)}×`;
      const target = first && r.target ? `${r.target} ${r.met ? '✅' : '❌'}` : '';
      lines.push(
        `| ${first ? r.title : ''} | ${name}${s.label ? ` (${s.label})` : ''} | ${fmt(s.min)} | ${fmt(s.median)} | ${fmt(s.max)} | ${r.unit} | ${ratio} | ${target} |`,
      );
      first = false;
    }
  }
  return lines.join('\n');
}

/** Replaces the part of bench/README.md between the result markers. */
export function writeReadmeTable(path: string, header: string, table: string): void {
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const text = readFileSync(path, 'utf8');
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`${path} has no result markers`);
  writeFileSync(path, `${text.slice(0, i + start.length)}\n${header}\n\n${table}\n${text.slice(j)}`);
}
