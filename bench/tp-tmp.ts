import { createMemoryStore, createQueue, defineJob, systemPlatform } from '@nightshift/core';

const N = Number(process.env.N ?? 100_000);
const C = Number(process.env.C ?? 16);
const noop = defineJob({ name: 'noop', run: () => undefined });
const queue = createQueue({
  platform: systemPlatform(),
  store: createMemoryStore(),
  jobs: [noop],
  concurrency: C,
  retention: { succeeded: { maxCount: 100 } },
});
await queue.start();
const t0 = performance.now();
const c0 = process.cpuUsage();
const idle = new Promise<void>((r) => queue.on('idle', r));
for (let i = 0; i < N; i += 10_000)
  await queue.enqueueMany(
    Array.from({ length: Math.min(10_000, N - i) }, () => ({ type: noop, payload: null })),
  );
const t1 = performance.now();
await idle;
const t2 = performance.now();
const cpu = process.cpuUsage(c0);
console.log(
  `cpu ${((cpu.user + cpu.system) / N).toFixed(2)} µs/job; C=${C} enqueue ${(t1 - t0).toFixed(0)} ms, total ${(t2 - t0).toFixed(0)} ms, ${Math.round(N / ((t2 - t0) / 1000))} jobs/s`,
);
await queue.stop();
