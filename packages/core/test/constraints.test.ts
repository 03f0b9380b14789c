import { describe, expect, it } from 'vitest';
import { constraintsMet, DEFAULT_CONDITIONS } from '../src/constraints';
import type { Conditions } from '../src/types';

const c = (over: Partial<Conditions>): Conditions => ({ ...DEFAULT_CONDITIONS, ...over });

describe('constraintsMet', () => {
  it('lets a job with no constraints run offline, on battery, in the background', () => {
    expect(constraintsMet(undefined, c({ network: 'none', charging: false, appState: 'background' }))).toBe(
      true,
    );
  });

  it('needs any network for connected and wifi-like for unmetered', () => {
    expect(constraintsMet({ network: 'connected' }, c({ network: 'none' }))).toBe(false);
    expect(constraintsMet({ network: 'connected' }, c({ network: 'metered' }))).toBe(true);
    expect(constraintsMet({ network: 'unmetered' }, c({ network: 'metered' }))).toBe(false);
    expect(constraintsMet({ network: 'unmetered' }, c({ network: 'unmetered' }))).toBe(true);
  });

  it('checks charging, battery, idle and storage', () => {
    expect(constraintsMet({ charging: true }, c({ charging: false }))).toBe(false);
    expect(constraintsMet({ batteryNotLow: true }, c({ batteryLow: true }))).toBe(false);
    expect(constraintsMet({ deviceIdle: true }, c({ deviceIdle: false }))).toBe(false);
    expect(constraintsMet({ storageNotLow: true }, c({ storageLow: true }))).toBe(false);
    expect(
      constraintsMet(
        { charging: true, batteryNotLow: true, deviceIdle: true, storageNotLow: true },
        c({ charging: true, deviceIdle: true }),
      ),
    ).toBe(true);
  });

  it('treats a false constraint as no constraint', () => {
    expect(constraintsMet({ charging: false }, c({ charging: false }))).toBe(true);
  });

  it('starts from online, charging and active by default', () => {
    expect(DEFAULT_CONDITIONS).toEqual({
      network: 'unmetered',
      charging: true,
      batteryLow: false,
      deviceIdle: false,
      storageLow: false,
      appState: 'active',
    });
  });
});
