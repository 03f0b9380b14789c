import type { JobSnapshot } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { Mirror } from '../src/mirror';
import { mirrorWaitFor } from '../src/mirrorWaitFor';
import { snapshot } from './snapshot';

const job = (id: string, state: JobSnapshot['state']) => snapshot(id, { state, payload: null });

describe('mirrorWaitFor', () => {
  it('resolves once the mirrored job becomes final, asking the running context nothing', async () => {
    const mirror = new Mirror();
    mirror.put(job('a', 'running'));
    let asked = 0;
    const waiting = mirrorWaitFor(mirror, 'a', undefined, async () => {
      asked++;
      return true;
    });
    mirror.put(job('a', 'succeeded'));
    await expect(waiting).resolves.toMatchObject({ id: 'a', state: 'succeeded' });
    expect(asked).toBe(0);
  });

  it('waits for a job the mirror has not seen yet when the running context knows it', async () => {
    const mirror = new Mirror();
    const waiting = mirrorWaitFor(mirror, 'b', undefined, async () => true);
    await Promise.resolve();
    mirror.put(job('b', 'enqueued'));
    mirror.put(job('b', 'cancelled'));
    await expect(waiting).resolves.toMatchObject({ state: 'cancelled' });
  });

  it('rejects with UnknownJobError for an id the running context never had', async () => {
    await expect(mirrorWaitFor(new Mirror(), 'nope', undefined, async () => false)).rejects.toMatchObject({
      code: 'UNKNOWN_JOB',
    });
  });

  it('rejects with the signal’s reason when it aborts, and no later completion resolves it', async () => {
    const mirror = new Mirror();
    mirror.put(job('c', 'running'));
    const abort = new AbortController();
    const waiting = mirrorWaitFor(mirror, 'c', abort.signal, async () => true);
    abort.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    mirror.put(job('c', 'succeeded'));
  });
});
