// @vitest-environment happy-dom
import type { ListFilter, Queue } from '@nightshift/core';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { filterKey, useJob, useJobs, useQueueStats } from '../src/index';
import { fakeQueue } from './fakeQueue';
import { act, cleanup, render, textOf } from './render';

afterEach(cleanup);

/** Records every render and every value a hook returned. */
function probe() {
  return { renders: 0, seen: [] as unknown[] };
}
type Probe = ReturnType<typeof probe>;

function JobView({ queue, id, p }: { queue: Queue; id: string | undefined; p: Probe }) {
  p.renders++;
  const job = useJob(queue, id);
  p.seen.push(job);
  return <p data-testid="state">{job?.state ?? 'none'}</p>;
}

function JobsView({ queue, filter, p, n }: { queue: Queue; filter?: ListFilter; p: Probe; n?: number }) {
  p.renders++;
  const jobs = useJobs(queue, filter);
  p.seen.push(jobs);
  return (
    <p data-testid="ids" data-n={n}>
      {jobs.map((j) => j.id).join(',')}
    </p>
  );
}

/** Passes a new filter object on every render, as inline JSX does. */
function InlineFailed({ queue, p }: { queue: Queue; p: Probe }) {
  return <JobsView queue={queue} filter={{ state: ['failed', 'cancelled'] }} p={p} />;
}

function StatsView({ queue, p }: { queue: Queue; p: Probe }) {
  p.renders++;
  const stats = useQueueStats(queue);
  p.seen.push(stats);
  return <p data-testid="n">{stats.counts.enqueued}</p>;
}

function AllHooks({ queue }: { queue: Queue }) {
  useJob(queue, 'a');
  useJobs(queue);
  useQueueStats(queue);
  return null;
}

describe('useJob', () => {
  it('shows the job, updates after each change and keeps the snapshot identity in between', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' });
    const p = probe();
    render(<JobView queue={q.queue} id="a" p={p} />);
    expect(textOf('state')).toBe('enqueued');
    const afterMount = p.renders;
    act(() => q.set({ id: 'a', state: 'running' }));
    expect(textOf('state')).toBe('running');
    expect(p.renders).toBe(afterMount + 1);
    act(() => q.set({ id: 'a', state: 'succeeded' }));
    expect(textOf('state')).toBe('succeeded');
    expect(p.renders).toBe(afterMount + 2);
    expect(p.seen.at(-1)).toBe(q.queue.get('a'));
  });

  it('does not re-render when other jobs change', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' }, { id: 'b', state: 'enqueued' });
    const p = probe();
    render(<JobView queue={q.queue} id="a" p={p} />);
    const afterMount = p.renders;
    act(() => q.set({ id: 'b', state: 'running' }));
    act(() => q.set({ id: 'c', state: 'enqueued' }));
    act(() => q.touch());
    expect(p.renders).toBe(afterMount);
  });

  it('gives undefined for a missing or unknown id, then the job once it appears', () => {
    const q = fakeQueue();
    const p = probe();
    const { rerender } = render(<JobView queue={q.queue} id={undefined} p={p} />);
    expect(textOf('state')).toBe('none');
    rerender(<JobView queue={q.queue} id="x" p={p} />);
    expect(textOf('state')).toBe('none');
    act(() => q.set({ id: 'x', state: 'blocked' }));
    expect(textOf('state')).toBe('blocked');
  });

  it('shares one queue subscription among hooks and drops it after the last unmount', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' });
    const { unmount } = render(
      <>
        <AllHooks queue={q.queue} />
        <AllHooks queue={q.queue} />
      </>,
    );
    expect(q.listenerCount()).toBe(1);
    unmount();
    expect(q.listenerCount()).toBe(0);
  });
});

describe('useJobs', () => {
  it('takes an inline filter without looping, and updates when the list changes', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' }, { id: 'b', state: 'failed' });
    const p = probe();
    render(
      <StrictMode>
        <InlineFailed queue={q.queue} p={p} />
      </StrictMode>,
    );
    expect(textOf('ids')).toBe('b');
    const afterMount = p.renders;
    expect(afterMount).toBeLessThanOrEqual(4);
    act(() => q.set({ id: 'a', state: 'failed' }));
    expect(textOf('ids')).toBe('a,b');
    act(() => q.set({ id: 'c', state: 'enqueued' }));
    act(() => q.touch());
    expect(textOf('ids')).toBe('a,b');
    // StrictMode renders twice per update: one real change, two that leave the list as it is.
    expect(p.renders).toBeLessThanOrEqual(afterMount + 2);
  });

  it('returns the same array while the list is unchanged', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' });
    const p = probe();
    const { rerender } = render(<JobsView queue={q.queue} filter={{ name: 'sync' }} p={p} n={1} />);
    rerender(<JobsView queue={q.queue} filter={{ name: 'sync' }} p={p} n={2} />);
    act(() => q.touch());
    rerender(<JobsView queue={q.queue} filter={{ name: 'sync' }} p={p} n={3} />);
    expect(p.seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(p.seen).size).toBe(1);
  });

  it('reads the queue once per change batch, not once per render', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' });
    const p = probe();
    const { rerender } = render(<JobsView queue={q.queue} p={p} n={0} />);
    const lists = q.calls.list;
    rerender(<JobsView queue={q.queue} p={p} n={1} />);
    rerender(<JobsView queue={q.queue} p={p} n={2} />);
    expect(q.calls.list).toBe(lists);
    act(() => q.set({ id: 'b', state: 'enqueued' }));
    expect(q.calls.list).toBe(lists + 1);
    expect(textOf('ids')).toBe('a,b');
  });

  it('follows a filter that changes by value', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' }, { id: 'b', state: 'failed' });
    const p = probe();
    const { rerender } = render(<JobsView queue={q.queue} filter={{ state: 'enqueued' }} p={p} />);
    expect(textOf('ids')).toBe('a');
    rerender(<JobsView queue={q.queue} filter={{ state: 'failed' }} p={p} />);
    expect(textOf('ids')).toBe('b');
  });

  it('keys filters by value', () => {
    expect(filterKey({ state: ['failed', 'cancelled'] })).toBe(filterKey({ state: ['cancelled', 'failed'] }));
    expect(filterKey({ state: 'failed' })).toBe(filterKey({ state: ['failed'] }));
    expect(filterKey({ name: 'a' })).not.toBe(filterKey({ tag: 'a' }));
    expect(filterKey(undefined)).toBe(filterKey({}));
  });
});

describe('useQueueStats', () => {
  it('shows counts, updates after changes, and keeps the object while they hold', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' });
    const p = probe();
    render(<StatsView queue={q.queue} p={p} />);
    expect(textOf('n')).toBe('1');
    const before = p.renders;
    act(() => q.touch());
    expect(p.renders).toBe(before);
    act(() => q.set({ id: 'b', state: 'enqueued' }));
    expect(textOf('n')).toBe('2');
    expect(p.renders).toBe(before + 1);
    expect(new Set(p.seen).size).toBe(2);
  });
});

describe('changes between render and subscription', () => {
  it('are not lost', () => {
    const q = fakeQueue();
    q.set({ id: 'a', state: 'enqueued' });
    const p = probe();
    // The change lands between the first read (render) and the subscription (commit).
    const original = q.queue.subscribe.bind(q.queue);
    let changed = false;
    (q.queue as { subscribe: Queue['subscribe'] }).subscribe = (listener) => {
      if (!changed) {
        changed = true;
        q.set({ id: 'a', state: 'running' });
      }
      return original(listener);
    };
    render(<JobView queue={q.queue} id="a" p={p} />);
    expect(textOf('state')).toBe('running');
  });
});
