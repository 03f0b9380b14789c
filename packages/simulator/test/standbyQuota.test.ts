import { describe, expect, it } from 'vitest';
import { IN_QUOTA_BUFFER_MS, quotaAt, STANDBY_QUOTAS } from '../src/standbyQuota';
import type { PastWindow } from '../src/wakePolicy';
import { HOUR, MIN } from './policyState';

const window = (at: number, ms: number): PastWindow => ({ at, end: at + ms, kind: 'refresh' });

describe('quotaAt', () => {
  it('keeps the AOSP defaults: 10 minutes per 2 h, 8 h, 24 h; sessions 10, 8, 3, 1', () => {
    expect(STANDBY_QUOTAS['working-set']).toEqual({
      windowMs: 2 * HOUR,
      allowedMs: 10 * MIN,
      maxSessions: 10,
    });
    expect(STANDBY_QUOTAS.frequent).toEqual({ windowMs: 8 * HOUR, allowedMs: 10 * MIN, maxSessions: 8 });
    expect(STANDBY_QUOTAS.rare).toEqual({ windowMs: 24 * HOUR, allowedMs: 10 * MIN, maxSessions: 3 });
    expect(STANDBY_QUOTAS.restricted).toEqual({ windowMs: 24 * HOUR, allowedMs: 10 * MIN, maxSessions: 1 });
  });

  it('lets a job start at once with the quota left', () => {
    expect(quotaAt([window(0, 2 * MIN)], HOUR, STANDBY_QUOTAS['working-set'])).toEqual({
      allowedAt: HOUR,
      remainingMs: 8 * MIN,
    });
  });

  it('waits until spent time slides out of the rolling window, with 30 s to spare', () => {
    const spent = [window(0, 6 * MIN), window(HOUR, 4 * MIN)];
    const q = quotaAt(spent, HOUR + 10 * MIN, STANDBY_QUOTAS['working-set']);
    // The first window has slid out whole at 2 h 6 min; then 6 of 10 minutes are free.
    expect(q.allowedAt).toBe(2 * HOUR + 6 * MIN);
    expect(q.remainingMs).toBe(6 * MIN);
    // A window that leaves less than the buffer is not enough to get back in.
    const almost = quotaAt(
      [window(0, 10 * MIN - IN_QUOTA_BUFFER_MS + 1)],
      20 * MIN,
      STANDBY_QUOTAS['working-set'],
    );
    expect(almost.allowedAt).toBeGreaterThan(20 * MIN);
  });

  it('counts sessions: the fourth in 24 h waits for the first to slide out, in the rare bucket', () => {
    const three = [window(0, 10_000), window(HOUR, 10_000), window(2 * HOUR, 10_000)];
    expect(quotaAt(three, 3 * HOUR, STANDBY_QUOTAS.rare).allowedAt).toBe(24 * HOUR + 10_000);
    expect(quotaAt(three, 3 * HOUR, STANDBY_QUOTAS.frequent).allowedAt).toBe(3 * HOUR);
  });
});
