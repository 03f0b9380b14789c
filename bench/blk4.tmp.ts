import { createMemoryStore, createQueue, defineJob, systemPlatform } from '@nightshift/core';
const noop = defineJob({ name: 'noop', run: () => undefined });
async function main() {
  const store = createMemoryStore();
  const q = createQueue({ platform: systemPlatform(), store, jobs: [noop] });
  await q.start();
  const later = Date.now() + 86_400_000;
  const op = process.argv[2];
  const mk = () => Array.from({ length: 10_000 }, (_, i) => ({ type: noop, payload: { i }, options: { runAt: later, tags: ['t'] } }));
  if (op === 'enqueue') { for (let i = 0; i < 5; i++) await q.enqueueMany(mk()); }
  if (op === 'cancel') { for (let i = 0; i < 5; i++) { await q.enqueueMany(mk()); await q.cancelWhere({ tag: 't' }); } }
  if (op === 'list') { for (let i = 0; i < 10; i++) await q.enqueueMany(mk()); for (let i = 0; i < 5; i++) { q.list(); await new Promise((r) => setImmediate(r)); } }
  if (op === 'start') { for (let i = 0; i < 10; i++) await q.enqueueMany(mk()); await q.stop(); for (let i = 0; i < 3; i++) { const q2 = createQueue({ platform: systemPlatform(), store, jobs: [noop] }); await q2.start(); await q2.stop(); } }
  await q.stop();
}
main();
