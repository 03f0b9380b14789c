import { InvalidOptionsError } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { type BatteryReading, deviceInfoBatterySource, expoBatterySource } from '../src/index';
import { BatteryState, fakeDeviceInfo, fakeExpoBattery } from './fakes/fakeBattery';
import { fakeClock, flush } from './fakes/fakeClock';

describe('expoBatterySource', () => {
  it.each([
    [
      { level: 0.5, state: BatteryState.UNPLUGGED, lowPower: false },
      { charging: false, batteryLow: false },
    ],
    [
      { level: 0.5, state: BatteryState.CHARGING, lowPower: false },
      { charging: true, batteryLow: false },
    ],
    [
      { level: 1, state: BatteryState.FULL, lowPower: false },
      { charging: true, batteryLow: false },
    ],
    [
      { level: 0.5, state: BatteryState.NOT_CHARGING, lowPower: false },
      { charging: false, batteryLow: false },
    ],
    [
      { level: 0.5, state: BatteryState.UNKNOWN, lowPower: false },
      { charging: false, batteryLow: false },
    ],
    [
      { level: 0.15, state: BatteryState.UNPLUGGED, lowPower: false },
      { charging: false, batteryLow: true },
    ],
    [
      { level: 0.9, state: BatteryState.UNPLUGGED, lowPower: true },
      { charging: false, batteryLow: true },
    ],
    [
      { level: -1, state: BatteryState.UNKNOWN, lowPower: false },
      { charging: false, batteryLow: false },
    ],
  ])('reads %o as %o', async (values, expected) => {
    const bat = fakeExpoBattery(values);
    const source = expoBatterySource(bat.Battery);
    expect(source.get()).toBeUndefined();
    source.subscribe(() => {});
    await flush();
    expect(source.get()).toEqual(expected);
  });

  it('reads once per subscription session and follows the three listeners', async () => {
    const bat = fakeExpoBattery();
    const source = expoBatterySource(bat.Battery);
    const heard: BatteryReading[] = [];
    const off = source.subscribe((r) => heard.push(r));
    await flush();
    expect(bat.reads()).toBe(3);
    bat.setLevel(0.1);
    bat.setLevel(0.09);
    bat.setState(BatteryState.CHARGING);
    expect(heard).toEqual([
      { charging: false, batteryLow: false },
      { charging: false, batteryLow: true },
      { charging: true, batteryLow: true },
    ]);
    off();
    expect(bat.listenerCount()).toBe(0);
  });

  it('does not let the first read overwrite a newer event', async () => {
    const bat = fakeExpoBattery({ level: 0.8, state: BatteryState.UNPLUGGED, lowPower: false });
    bat.holdReads();
    const source = expoBatterySource(bat.Battery);
    source.subscribe(() => {});
    bat.setState(BatteryState.CHARGING);
    bat.values.state = BatteryState.UNPLUGGED; // the read was answered before the event
    bat.releaseReads();
    await flush();
    expect(source.get()).toEqual({ charging: true, batteryLow: false });
  });

  it('refuses a missing module or a bad threshold', () => {
    expect(() => expoBatterySource(undefined as never)).toThrow(InvalidOptionsError);
    expect(() => expoBatterySource(fakeExpoBattery().Battery, { lowLevel: 2 })).toThrow(InvalidOptionsError);
  });
});

describe('deviceInfoBatterySource', () => {
  it.each([
    [
      { batteryLevel: 0.5, batteryState: 'unplugged', lowPowerMode: false },
      { charging: false, batteryLow: false },
    ],
    [
      { batteryLevel: 0.5, batteryState: 'charging', lowPowerMode: false },
      { charging: true, batteryLow: false },
    ],
    [
      { batteryLevel: 1, batteryState: 'full', lowPowerMode: false },
      { charging: true, batteryLow: false },
    ],
    [
      { batteryLevel: 0.1, batteryState: 'unplugged', lowPowerMode: false },
      { charging: false, batteryLow: true },
    ],
    [
      { batteryLevel: 0.8, batteryState: 'unknown', lowPowerMode: true },
      { charging: false, batteryLow: true },
    ],
    [{}, { charging: false, batteryLow: false }],
  ])('reads %o as %o', async (power, expected) => {
    const di = fakeDeviceInfo(power);
    const source = deviceInfoBatterySource(di.DeviceInfo, { clock: fakeClock() });
    source.subscribe(() => {});
    await flush();
    expect(source.get()).toEqual(expected);
  });

  it('polls while subscribed, and stops polling after the last unsubscribe', async () => {
    const clock = fakeClock();
    const di = fakeDeviceInfo();
    const source = deviceInfoBatterySource(di.DeviceInfo, { clock, pollIntervalMs: 60_000 });
    const heard: BatteryReading[] = [];
    const off = source.subscribe((r) => heard.push(r));
    await flush();
    expect(di.calls()).toBe(1);
    di.set({ batteryLevel: 0.8, batteryState: 'charging', lowPowerMode: false });
    await clock.advance(59_999);
    expect(heard.at(-1)).toEqual({ charging: false, batteryLow: false });
    await clock.advance(1);
    expect(di.calls()).toBe(2);
    expect(heard.at(-1)).toEqual({ charging: true, batteryLow: false });
    off();
    expect(clock.pending()).toBe(0);
    await clock.advance(600_000);
    expect(di.calls()).toBe(2);
  });

  it('follows RNDeviceInfo_powerStateDidChange through the given emitter', async () => {
    const clock = fakeClock();
    const di = fakeDeviceInfo();
    const source = deviceInfoBatterySource(di.DeviceInfo, { clock, emitter: di.emitter, pollIntervalMs: 0 });
    const off = source.subscribe(() => {});
    await flush();
    expect(di.listenerCount()).toBe(1);
    expect(clock.pending()).toBe(0);
    di.emit({ batteryLevel: 0.05, batteryState: 'unplugged', lowPowerMode: false });
    expect(source.get()).toEqual({ charging: false, batteryLow: true });
    off();
    expect(di.listenerCount()).toBe(0);
  });

  it('refuses a missing module or bad options', () => {
    const di = fakeDeviceInfo();
    expect(() => deviceInfoBatterySource({} as never)).toThrow(InvalidOptionsError);
    expect(() => deviceInfoBatterySource(di.DeviceInfo, { pollIntervalMs: -5 })).toThrow(InvalidOptionsError);
    expect(() => deviceInfoBatterySource(di.DeviceInfo, { lowLevel: Number.NaN })).toThrow(
      InvalidOptionsError,
    );
  });
});
