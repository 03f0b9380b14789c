import { describe, expect, it } from 'vitest';
import { appStateFrom, batteryReadingFrom, type NetInfoStateLike, networkFrom } from '../src/index';

const net = (
  type: string,
  isConnected: boolean | null,
  isInternetReachable: boolean | null,
  expensive?: boolean,
) =>
  ({
    type,
    isConnected,
    isInternetReachable,
    details: expensive === undefined ? null : { isConnectionExpensive: expensive },
  }) satisfies NetInfoStateLike;

describe('networkFrom (NetInfo → network)', () => {
  it.each([
    ['wifi, cheap, reachable', net('wifi', true, true, false), 'unmetered'],
    ['wifi, reachability unknown', net('wifi', true, null, false), 'unmetered'],
    ['ethernet', net('ethernet', true, true, false), 'unmetered'],
    ['wifi, expensive (hotspot)', net('wifi', true, true, true), 'metered'],
    ['ethernet, expensive', net('ethernet', true, true, true), 'metered'],
    ['cellular', net('cellular', true, true, true), 'metered'],
    ['cellular, not expensive', net('cellular', true, true, false), 'metered'],
    ['vpn', net('vpn', true, true, false), 'metered'],
    ['bluetooth', net('bluetooth', true, null, false), 'metered'],
    ['unknown, nothing known yet', net('unknown', null, null), 'metered'],
    ['none', net('none', false, false), 'none'],
    ['wifi joined, internet unreachable (captive portal)', net('wifi', true, false, false), 'none'],
    ['cellular, internet unreachable', net('cellular', true, false, true), 'none'],
    ['not connected, reachability unknown', net('unknown', false, null), 'none'],
  ] as const)('%s → %s', (_label, state, expected) => {
    expect(networkFrom(state)).toBe(expected);
  });

  it('reads no state at all (before the first fetch) as metered', () => {
    expect(networkFrom(null)).toBe('metered');
    expect(networkFrom(undefined)).toBe('metered');
  });
});

describe('appStateFrom (AppState → appState)', () => {
  it.each([
    ['active', 'active'],
    ['background', 'background'],
    ['inactive', 'background'],
    ['unknown', 'background'],
    ['extension', 'background'],
    [null, 'background'],
    [undefined, 'background'],
  ] as const)('%s → %s', (state, expected) => {
    expect(appStateFrom(state)).toBe(expected);
  });
});

describe('batteryReadingFrom (battery → charging, batteryLow)', () => {
  it.each([
    [
      { level: 0.8, pluggedIn: false, lowPowerMode: false },
      { charging: false, batteryLow: false },
    ],
    [
      { level: 0.16, pluggedIn: false, lowPowerMode: false },
      { charging: false, batteryLow: false },
    ],
    [
      { level: 0.15, pluggedIn: false, lowPowerMode: false },
      { charging: false, batteryLow: true },
    ],
    [
      { level: 0.05, pluggedIn: true, lowPowerMode: false },
      { charging: true, batteryLow: true },
    ],
    [
      { level: 0, pluggedIn: false, lowPowerMode: false },
      { charging: false, batteryLow: true },
    ],
    [
      { level: 0.9, pluggedIn: false, lowPowerMode: true },
      { charging: false, batteryLow: true },
    ],
    [
      { level: 1, pluggedIn: true, lowPowerMode: false },
      { charging: true, batteryLow: false },
    ],
    [
      { level: -1, pluggedIn: false, lowPowerMode: false },
      { charging: false, batteryLow: false },
    ],
    [{}, { charging: false, batteryLow: false }],
  ])('%o → %o', (raw, expected) => {
    expect(batteryReadingFrom(raw)).toEqual(expected);
  });

  it('takes another low threshold', () => {
    expect(batteryReadingFrom({ level: 0.2 }, 0.2).batteryLow).toBe(true);
    expect(batteryReadingFrom({ level: 0.2 }, 0.1).batteryLow).toBe(false);
  });
});
