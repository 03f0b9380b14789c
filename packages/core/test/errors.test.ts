import { describe, expect, it, vi } from 'vitest';
import { defineJob, isJobType } from '../src/defineJob';
import {
  InvalidPayloadError,
  isNightshiftError,
  NightshiftError,
  PermanentError,
  RetryLaterError,
  StoreError,
  TimeoutError,
} from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import type { Store } from '../src/types';
import { setup } from './helpers';

/**
 * A second, independent copy of the error classes and of `defineJob`: what an app gets when
 * it `require`s the CommonJS build while the queue came from the ESM build, or when two
 * versions of the package are installed.
 */
async function otherCopy() {
  vi.resetModules();
  const errors = await import('../src/errors');
  const { defineJob } = await import('../src/defineJob');
  expect(errors.PermanentError).not.toBe(PermanentError);
  return { ...errors, defineJob };
}

describe('errors from another copy of the package', () => {
  it('fail the job at once when a handler throws the other copy’s PermanentError', async () => {
    const other = await otherCopy();
    const job = defineJob({
      name: 'charge',
      run: () => {
        throw new other.PermanentError('card declined');
      },
    });
    const { queue, platform, log } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(queue.get(snap.id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: { code: 'PERMANENT', message: 'card declined' },
    });
    expect(log.filter((l) => l.includes('retrying'))).toEqual([]);
  });

  it('retry after exactly the delay of the other copy’s RetryLaterError', async () => {
    const other = await otherCopy();
    let calls = 0;
    const job = defineJob({
      name: 'poll',
      retry: { backoff: { kind: 'fixed', initialDelayMs: 1_000, jitter: 0 } },
      run: () => {
        if (++calls === 1) throw new other.RetryLaterError(60_000);
        return 'done';
      },
    });
    const { queue, platform } = setup([job]);
    const retries: number[] = [];
    queue.on('retrying', (_job, _error, nextRunAt) => retries.push(nextRunAt));
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(retries).toEqual([60_000]);
    expect(queue.get(snap.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
  });

  it('pass a store’s StoreError from the other copy through as it is, not wrapped twice', async () => {
    const other = await otherCopy();
    const failure = new other.StoreError('disk full');
    const inner = createMemoryStore();
    const store: Store = { load: () => inner.load(), write: () => Promise.reject(failure) };
    const job = defineJob({ name: 'noop', run: () => undefined });
    const { queue } = setup([job], { store });
    await queue.start();
    await expect(queue.enqueue(job, null)).rejects.toBe(failure);
  });

  it('keep the validator’s InvalidPayloadError from the other copy as the rejection', async () => {
    const other = await otherCopy();
    const refusal = new other.InvalidPayloadError('email is missing');
    const job = defineJob({
      name: 'welcome',
      validate: (input: unknown): { email: string } => {
        if (!(input as { email?: unknown })?.email) throw refusal;
        return input as { email: string };
      },
      run: (_p: { email: string }) => undefined,
    });
    const { queue } = setup([job]);
    await queue.start();
    await expect(queue.enqueue(job, { email: '' })).rejects.toBe(refusal);
  });

  it('match instanceof by kind: the other copy’s TimeoutError is a TimeoutError and a NightshiftError', async () => {
    const other = await otherCopy();
    const error: unknown = new other.TimeoutError('too slow');
    expect(error instanceof TimeoutError).toBe(true);
    expect(error instanceof NightshiftError).toBe(true);
    expect(error instanceof Error).toBe(true);
    expect(error instanceof PermanentError).toBe(false);
    expect(new other.RetryLaterError(5) instanceof RetryLaterError).toBe(true);
    expect(new other.RetryLaterError(5) instanceof StoreError).toBe(false);
    // TypeScript still narrows on instanceof.
    const retry: unknown = new other.RetryLaterError(5);
    if (retry instanceof RetryLaterError) expect(retry.delayMs).toBe(5);
    else expect.unreachable();
  });

  it('accept the other copy’s job types in createQueue', async () => {
    const other = await otherCopy();
    const job = other.defineJob({ name: 'elsewhere', run: () => 'ok' });
    expect(isJobType(job)).toBe(true);
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(queue.get(snap.id)).toMatchObject({ state: 'succeeded', result: 'ok' });
  });
});

describe('isNightshiftError', () => {
  it('recognises Nightshift errors, by code when one is given', () => {
    const error = new InvalidPayloadError('bad');
    expect(isNightshiftError(error)).toBe(true);
    expect(isNightshiftError(error, 'INVALID_PAYLOAD')).toBe(true);
    expect(isNightshiftError(error, 'STORE')).toBe(false);
  });

  it('refuses look-alikes: a plain Error with a code, or an object without the brand', () => {
    expect(isNightshiftError(Object.assign(new Error('x'), { code: 'PERMANENT' }), 'PERMANENT')).toBe(false);
    expect(isNightshiftError({ name: 'PermanentError', code: 'PERMANENT', message: 'x' })).toBe(false);
    expect(isNightshiftError(null)).toBe(false);
    expect(isNightshiftError('PERMANENT')).toBe(false);
  });

  it('leaves a user’s own subclass to plain instanceof', () => {
    class CardDeclinedError extends PermanentError {}
    expect(new CardDeclinedError('no') instanceof CardDeclinedError).toBe(true);
    expect(new CardDeclinedError('no') instanceof PermanentError).toBe(true);
    expect(new PermanentError('no') instanceof CardDeclinedError).toBe(false);
    expect(isNightshiftError(new CardDeclinedError('no'), 'PERMANENT')).toBe(true);
  });
});

describe('isJobType', () => {
  it('accepts what defineJob made and refuses look-alikes', () => {
    expect(isJobType(defineJob({ name: 'a', run: () => undefined }))).toBe(true);
    expect(isJobType({ name: 'a', run: () => undefined })).toBe(false);
    expect(isJobType({ kind: 'nightshift.job', name: 'a' })).toBe(false);
    expect(isJobType(null)).toBe(false);
  });
});
