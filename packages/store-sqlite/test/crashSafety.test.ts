/**
 * Crash safety on a real file database: a child process runs a queue and is killed with
 * SIGKILL at seeded random moments, then restarted, until every job is final. No timing is
 * asserted; only what survived and what ran.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createQueue, defineJob, systemPlatform } from '@nightshift/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { betterSqlite3, createSqliteStore } from '../src';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/crashChild.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'nightshift-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const JOBS = 3_000;
const KILLS = 24;

/** mulberry32: a small seeded PRNG, so a failing sequence of kill moments can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Child {
  process: ChildProcess;
  /** Resolves with each stdout line as it arrives, through `onLine`. */
  onLine(listener: (line: string) => void): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function spawnChild(args: string[]): Child {
  // cwd is the package, so `--import tsx` resolves from the workspace's node_modules.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@nightshift/source', childScript, ...args],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const listeners: Array<(line: string) => void> = [];
  let buffered = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      for (const listener of listeners) listener(line);
      nl = buffered.indexOf('\n');
    }
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { process: child, onLine: (listener) => listeners.push(listener), exited };
}

interface Line {
  generation: number;
  kind: 'start' | 'end' | 'done';
  id: string;
}

function readLog(path: string): Line[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(\d+) (start|end|done) (\S+)$/.exec(line);
      if (!match) throw new Error(`malformed log line: ${JSON.stringify(line)}`);
      return { generation: Number(match[1]), kind: match[2] as Line['kind'], id: match[3]! };
    });
}

function readRows(dbPath: string): Array<{ id: string; state: string; record: string }> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT id, state, record FROM nightshift_jobs ORDER BY id').all() as Array<{
      id: string;
      state: string;
      record: string;
    }>;
  } finally {
    db.close();
  }
}

describe('store-sqlite crash safety (SIGKILL)', () => {
  it(`loses no job and repeats only runs a kill cut short, over ${KILLS} kills`, {
    timeout: 120_000,
  }, async () => {
    const dbPath = join(dir, 'work.db');
    const logPath = join(dir, 'work.log');
    const random = prng(0x5eed);
    const killed = new Set<number>();
    let generation = 0;
    for (;;) {
      generation++;
      const child = spawnChild(['work', dbPath, logPath, String(generation), String(JOBS)]);
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (killed.size < KILLS) {
        // Most kills land while jobs run; some while the queue is still loading and recovering.
        const duringStart = random() < 0.2;
        const delayMs = duringStart ? random() * 15 : random() * 50;
        child.onLine((line) => {
          if (timer === undefined && line === (duringStart ? 'loading' : 'ready')) {
            timer = setTimeout(() => {
              if (child.process.kill('SIGKILL')) killed.add(generation);
            }, delayMs);
          }
        });
      }
      const { code, signal, stderr } = await child.exited;
      clearTimeout(timer);
      if (signal === 'SIGKILL') continue;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      break;
    }
    expect(killed.size).toBeGreaterThanOrEqual(20);

    // No job lost, none stuck running: every row is there and succeeded, with its result.
    const rows = readRows(dbPath);
    expect(rows.map((r) => r.id)).toEqual(
      Array.from({ length: JOBS }, (_, n) => `job-${String(n).padStart(5, '0')}`),
    );
    expect(rows.filter((r) => r.state !== 'succeeded')).toEqual([]);
    for (const row of rows) {
      const record = JSON.parse(row.record);
      expect(record.state).toBe('succeeded');
      expect(record.result).toEqual(record.payload);
    }

    // Every side effect happened at least once; repeats come only from runs a kill cut short.
    const lines = readLog(logPath);
    const byJob = new Map<string, Line[]>();
    for (const line of lines) {
      let list = byJob.get(line.id);
      if (!list) byJob.set(line.id, (list = []));
      list.push(line);
    }
    let repeated = 0;
    let cutShort = 0;
    for (const row of rows) {
      const history = byJob.get(row.id) ?? [];
      expect(
        history.some((l) => l.kind === 'end'),
        `${row.id} never ran to its end`,
      ).toBe(true);
      const runs = history.filter((l) => l.kind === 'start');
      const gens = runs.map((l) => l.generation);
      // Within one process a job never runs twice (no failure, no stop, no window here).
      expect(new Set(gens).size, `${row.id} ran twice in one generation: ${gens}`).toBe(gens.length);
      // Every run but the last was in a killed generation, and its success had not been
      // acknowledged there (no `done`): a durably succeeded job never runs again.
      for (const gen of gens.slice(0, -1)) {
        expect(killed.has(gen), `${row.id} ran again after generation ${gen}, which was not killed`).toBe(
          true,
        );
        expect(
          history.some((l) => l.generation === gen && l.kind === 'done'),
          `${row.id} ran again although generation ${gen} saw it succeed`,
        ).toBe(false);
      }
      const done = history.filter((l) => l.kind === 'done');
      expect(done.length, `${row.id} succeeded more than once`).toBeLessThanOrEqual(1);
      if (done[0]) expect(done[0].generation).toBe(gens.at(-1));
      if (runs.length > 1) repeated++;
      for (const gen of gens) {
        if (!history.some((l) => l.generation === gen && l.kind === 'end')) cutShort++;
      }
    }
    // The kills did land mid-run: some runs were cut short and repeated.
    expect(cutShort).toBeGreaterThan(0);
    expect(repeated).toBeGreaterThan(0);
  });

  it('keeps a job whose enqueue resolved, through a SIGKILL right after', { timeout: 60_000 }, async () => {
    const dbPath = join(dir, 'ack.db');
    const logPath = join(dir, 'ack.log');
    const acked: string[] = [];
    for (let generation = 1; generation <= 5; generation++) {
      const child = spawnChild(['ack', dbPath, logPath, String(generation)]);
      child.onLine((line) => {
        if (!line.startsWith('acked ')) return;
        // Kill on the very line: the write behind it must already be durable.
        child.process.kill('SIGKILL');
        acked.push(line.slice('acked '.length));
      });
      const { signal, stderr } = await child.exited;
      expect(stderr).toBe('');
      expect(signal).toBe('SIGKILL');

      // Restart on the same file: every acknowledged job is there.
      const db = new Database(dbPath);
      const work = defineJob({ name: 'work', run: () => undefined });
      const queue = createQueue({
        platform: systemPlatform(),
        store: createSqliteStore({ driver: betterSqlite3(db) }),
        jobs: [work],
        retention: { succeeded: { maxCount: 1_000_000 } },
      });
      // Checked right after start(): nothing runs before the clock's next turn.
      await queue.start();
      for (const id of acked) expect(queue.get(id), `acknowledged job ${id} was lost`).toBeDefined();
      await queue.stop({ timeoutMs: 0 });
      db.close();
    }
    expect(acked.length).toBeGreaterThanOrEqual(5);
  });
});
