import { bundleSize, coreSize } from '../lib/coreSize';
import type { Figure } from '../lib/runner';
import { peerVersion } from '../lib/versions';

const BUDGET = 8 * 1024;

export default async function figures(): Promise<Figure[]> {
  return [
    {
      id: 'size',
      title: 'bundle size, everything imported, min+gzip (esbuild ESM neutral, gzip -9)',
      unit: 'bytes',
      better: 'lower',
      baseline: 'p-queue',
      target: {
        text: '@nightshift/core ≤ 8 KiB',
        met: (r) => (r.subjects['@nightshift/core']?.median ?? Number.POSITIVE_INFINITY) <= BUDGET,
      },
      subjects: {
        '@nightshift/core': {
          measure: async () => (await coreSize()).gzipped,
          label: `with eventemitter3 ${peerVersion('eventemitter3', 'packages/core')}`,
        },
        'p-queue': {
          measure: async () => (await bundleSize('p-queue', true)).gzipped,
          label: `${peerVersion('p-queue')}, with its dependencies`,
        },
      },
    },
  ];
}
