import { describe, expect, it } from 'vitest';
import { planWake, sameWake } from '../src/planWake';

describe('planWake', () => {
  it('asks for nothing when nothing waits', () => {
    expect(planWake(100, [], undefined)).toBeNull();
  });

  it('asks for now when jobs are due, with flags only if every due job needs them', () => {
    expect(
      planWake(100, [{ network: 'connected', charging: true }, { network: 'unmetered' }], undefined),
    ).toEqual({
      earliestAt: 100,
      network: true,
      charging: false,
    });
  });

  it('never holds back a job that needs neither network nor charging', () => {
    expect(planWake(100, [{ network: 'connected' }, undefined], undefined)).toEqual({
      earliestAt: 100,
      network: false,
      charging: false,
    });
  });

  it('asks for the earliest upcoming instant when nothing is due yet', () => {
    expect(planWake(100, [], { at: 5_000, constraints: [{ network: 'connected', charging: true }] })).toEqual(
      {
        earliestAt: 5_000,
        network: true,
        charging: true,
      },
    );
  });
});

describe('sameWake', () => {
  it('treats two as-soon-as-possible plans as the same, so a busy queue does not re-request', () => {
    expect(
      sameWake(
        { earliestAt: 10, network: false, charging: false },
        { earliestAt: 50, network: false, charging: false },
        60,
      ),
    ).toBe(true);
  });

  it('sees a changed instant, flag or null as a new plan', () => {
    const a = { earliestAt: 1_000, network: false, charging: false };
    expect(sameWake(a, { ...a, earliestAt: 2_000 }, 0)).toBe(false);
    expect(sameWake(a, { ...a, network: true }, 0)).toBe(false);
    expect(sameWake(a, null, 0)).toBe(false);
    expect(sameWake(null, null, 0)).toBe(true);
    expect(sameWake(undefined, null, 0)).toBe(false);
  });
});
