import { createMemoryStore, createQueue, defineJob, systemPlatform } from '@nightshift/core';
import { longestBlock } from '/work/wt/i16/bench/lib/longestBlock';
const noop = defineJob({ name: 'noop', run: () => undefined });
async function main() {
  for (const n of [10_000, 100_000]) {
    const store = createMemoryStore();
    const q = createQueue({ platform: systemPlatform(), store, jobs: [noop] });
    await q.start();
    const later = Date.now() + 86_400_000;
    const items = Array.from({ length: Math.min(n, 10_000) }, (_, i) => ({ type: noop, payload: { i }, options: { runAt: later, tags: ['t'] } }));
    const em = await longestBlock(() => q.enqueueMany(items));
    for (let i = 10_000; i < n; i += 10_000) await q.enqueueMany(items.map((x) => ({ ...x })));
    const ls = await longestBlock(async () => q.list());
    const ls2 = await longestBlock(async () => q.list({ state: 'running' }));
    await q.stop();
    const q2 = createQueue({ platform: systemPlatform(), store, jobs: [noop] });
    const t0 = performance.now();
    const st = await longestBlock(() => q2.start());
    const total = performance.now() - t0;
    const cw = await longestBlock(() => q2.cancelWhere({ tag: 't' }));
    console.log(n, { enqueueMany10k: em.ms.toFixed(1), list: ls.ms.toFixed(1), listRunning: ls2.ms.toFixed(1), start: st.ms.toFixed(1), startTotal: total.toFixed(0), cancelWhere: cw.ms.toFixed(1) });
    await q2.stop();
  }
}
main();
