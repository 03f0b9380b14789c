import { createMemoryPlatform, type MemoryPlatformOptions } from '@nightshift/adapter-memory';
import { createQueue } from '../src/createQueue';
import type { JobType } from '../src/jobType';
import { createMemoryStore } from '../src/memoryStore';
import type { QueueOptions } from '../src/queueTypes';
import type { Store } from '../src/types';

/** A fresh memory platform, store and queue; each test calls it for its own. */
export function setup<const Jobs extends readonly JobType[]>(
  jobs: Jobs,
  options: Partial<Omit<QueueOptions<Jobs>, 'jobs' | 'platform'>> & { platform?: MemoryPlatformOptions } = {},
) {
  const platform = createMemoryPlatform(options.platform ?? {});
  const store: Store = options.store ?? createMemoryStore();
  const { platform: _p, ...rest } = options;
  const queue = createQueue({ ...rest, platform, store, jobs });
  const log: string[] = [];
  for (const event of [
    'enqueued',
    'started',
    'succeeded',
    'retrying',
    'failed',
    'cancelled',
    'interrupted',
  ] as const) {
    queue.on(event, (job: { id: string }) => log.push(`${platform.now()} ${event} ${job.id}`));
  }
  const errors: Error[] = [];
  queue.on('error', (e) => errors.push(e));
  return { platform, store, queue, log, errors };
}

/** Another queue on the same platform and store: the app after a restart. */
export function restart<const Jobs extends readonly JobType[]>(
  platform: ReturnType<typeof createMemoryPlatform>,
  store: Store,
  jobs: Jobs,
  options: Partial<Omit<QueueOptions<Jobs>, 'jobs' | 'platform' | 'store'>> = {},
) {
  const queue = createQueue({ ...options, platform, store, jobs });
  const errors: Error[] = [];
  queue.on('error', (e) => errors.push(e));
  return { queue, errors };
}

/** A memory store that counts its writes. */
export function countingStore() {
  const inner = createMemoryStore();
  const store = {
    writes: 0,
    load: () => inner.load(),
    write: (ops: Parameters<Store['write']>[0]) => {
      store.writes++;
      return inner.write(ops);
    },
  };
  return store;
}
