import { describe, expect, it } from 'vitest';
import { batteryFrom, networkFrom } from '../src/index';

describe('networkFrom', () => {
  it('reads none while the browser is offline, whatever the connection says', () => {
    expect(networkFrom(false, { type: 'wifi' })).toBe('none');
    expect(networkFrom(false, undefined)).toBe('none');
  });

  it('reads none for a connection of type none (Android, ChromeOS)', () => {
    expect(networkFrom(true, { type: 'none' })).toBe('none');
  });

  it('reads metered for a cellular connection or when the user saves data', () => {
    expect(networkFrom(true, { type: 'cellular' })).toBe('metered');
    expect(networkFrom(true, { type: 'wifi', saveData: true })).toBe('metered');
    expect(networkFrom(true, { saveData: true })).toBe('metered');
  });

  it('reads unmetered otherwise, also where the Network Information API is missing', () => {
    expect(networkFrom(true, { type: 'wifi', saveData: false })).toBe('unmetered');
    expect(networkFrom(true, { type: 'ethernet' })).toBe('unmetered');
    expect(networkFrom(true, {})).toBe('unmetered');
    expect(networkFrom(true, undefined)).toBe('unmetered');
  });
});

describe('batteryFrom', () => {
  it('reads the charging flag, and a level of 15 % or less as low', () => {
    expect(batteryFrom({ charging: false, level: 0.15 })).toEqual({ charging: false, batteryLow: true });
    expect(batteryFrom({ charging: true, level: 0.1 })).toEqual({ charging: true, batteryLow: true });
    expect(batteryFrom({ charging: false, level: 0.16 })).toEqual({ charging: false, batteryLow: false });
  });

  it('reads as satisfied without a battery reading', () => {
    expect(batteryFrom(undefined)).toEqual({ charging: true, batteryLow: false });
  });
});
