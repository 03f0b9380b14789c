import { createMemoryStore, createQueue, defineJob, systemPlatform } from '@nightshift/core';
const noop = defineJob({ name: 'noop', run: () => undefined });
async function main() {
  const q = createQueue({ platform: systemPlatform(), store: createMemoryStore(), jobs: [noop] });
  await q.start();
  const later = Date.now() + 86_400_000;
  const items = Array.from({ length: 10_000 }, (_, i) => ({ type: noop, payload: { i }, options: { runAt: later, tags: ['t'] } }));
  for (let k = 0; k < 3; k++) {
  const { performance: p } = globalThis;
  const marks: Record<string, number> = {};
  const orig = (q as any);
  const t0 = p.now();
  await q.enqueueMany(items.map(x => ({...x})));
  console.log('enqueueMany total', (p.now() - t0).toFixed(1));
  }
  await q.stop();
}
main();
