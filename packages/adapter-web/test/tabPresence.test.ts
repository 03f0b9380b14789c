import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTabPresence } from '../src/tabPresence';

/**
 * A Web Locks manager as the spec has it, for one origin: requests for a name are granted
 * in the order they reach it, one holder at a time; `query()` lists the waiting ones.
 */
function fakeLocks() {
  const queues = new Map<string, Array<{ grant: () => void }>>();
  const held = new Set<string>();
  const next = (name: string) => {
    if (held.has(name)) return;
    const waiting = queues.get(name)?.shift();
    if (waiting) waiting.grant();
  };
  return {
    request(name: string, _options: { signal?: AbortSignal }, callback: () => Promise<void>) {
      return new Promise<void>((resolve) => {
        const list = queues.get(name) ?? [];
        queues.set(name, list);
        list.push({
          grant: () => {
            held.add(name);
            callback().finally(() => {
              held.delete(name);
              resolve();
              next(name);
            });
          },
        });
        next(name);
      });
    },
    // A round trip to the browser: requests made meanwhile are seen.
    async query() {
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { pending: [...queues].flatMap(([name, list]) => list.map(() => ({ name }))) };
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createTabPresence', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps a tab whose own lock request reached the browser after the watch did, and forgets it once it is gone', async () => {
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks });
    const presence = createTabPresence();
    const conditions = presence.conditions({
      get: () => ({
        network: 'unmetered',
        charging: true,
        batteryLow: false,
        deviceIdle: false,
        storageLow: false,
        appState: 'background',
      }),
      subscribe: () => () => {},
    });
    const signal = new AbortController().signal;
    // The running tab's watch gets there first and is granted at once...
    presence.set('b', true, 'tab-b', signal);
    // ...then tab B's own request, which waits behind it.
    let releaseB!: () => void;
    void locks.request('tab-b', {}, () => new Promise<void>((resolve) => (releaseB = resolve)));
    await settle();
    expect(conditions.get().appState).toBe('active');
    // B closes: its lock is free, and the watch queued behind it is granted.
    releaseB();
    await settle();
    await settle();
    expect(conditions.get().appState).toBe('background');
  });
});
