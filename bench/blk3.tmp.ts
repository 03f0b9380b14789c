import { createMemoryStore, createQueue, defineJob, systemPlatform } from '@nightshift/core';
const noop = defineJob({ name: 'noop', run: () => undefined });
async function main() {
  const q = createQueue({ platform: systemPlatform(), store: createMemoryStore(), jobs: [noop] });
  await q.start();
  const later = Date.now() + 86_400_000;
  for (let i = 0; i < 4; i++) await q.enqueueMany(Array.from({ length: 10_000 }, (_, i) => ({ type: noop, payload: { i }, options: { runAt: later, tags: ['t'] } })));
  const t0 = performance.now();
  await q.cancelWhere({ tag: 't' });
  console.log('cancelWhere 40k', (performance.now() - t0).toFixed(0));
  await q.stop();
}
main();
