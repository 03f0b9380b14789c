import { type Conditions, InvalidOptionsError } from '@nightshift/core';
import { describe, expect, it, vi } from 'vitest';
import {
  backgroundFetchScheduler,
  createReactNativePlatform,
  expoBatterySource,
  OS_MIN_PERIOD_MS,
} from '../src/index';
import { fakeBackgroundFetch } from './fakes/fakeBackgroundFetch';
import { BatteryState, fakeExpoBattery } from './fakes/fakeBattery';
import { fakeClock, flush } from './fakes/fakeClock';
import { cellular, fakeAppState, fakeNetInfo, offline, wifi } from './fakes/fakeReactNative';
import { reportFor } from './fakes/report';

function setup(options: { battery?: boolean; appState?: string } = {}) {
  const app = fakeAppState(options.appState ?? 'active');
  const net = fakeNetInfo(wifi);
  const bat = fakeExpoBattery();
  const platform = createReactNativePlatform({
    appState: app.appState,
    netInfo: net.netInfo,
    ...(options.battery ? { battery: expoBatterySource(bat.Battery) } : {}),
    clock: fakeClock(),
  });
  return { app, net, bat, platform, conditions: platform.conditions! };
}

describe('createReactNativePlatform', () => {
  it('yields to the host through a 0 ms timer, never setImmediate (flushed before React Native returns to native)', async () => {
    const { platform } = setup();
    // The package compiles without Node's types: the host's timers, as React Native has them.
    const host = globalThis as unknown as {
      setTimeout: typeof setTimeout;
      setImmediate: (cb: () => void) => unknown;
    };
    const timeout = vi.spyOn(host, 'setTimeout');
    const immediate = vi.spyOn(host, 'setImmediate');
    try {
      await platform.yieldToHost!();
      expect(timeout).toHaveBeenCalledWith(expect.any(Function), 0);
      expect(immediate).not.toHaveBeenCalled();
    } finally {
      timeout.mockRestore();
      immediate.mockRestore();
    }
  });

  it('builds a Platform with the given clock, Math.random, a 15-minute minimum period and no scheduler', () => {
    const clock = fakeClock(42);
    const app = fakeAppState();
    const net = fakeNetInfo();
    const platform = createReactNativePlatform({ appState: app.appState, netInfo: net.netInfo, clock });
    expect(platform.clock).toBe(clock);
    expect(platform.random).toBe(Math.random);
    expect(platform.minPeriodMs).toBe(OS_MIN_PERIOD_MS);
    expect(OS_MIN_PERIOD_MS).toBe(900_000);
    expect(platform.scheduler).toBeUndefined();
  });

  it('passes the scheduler, random and minPeriodMs through', async () => {
    const bf = fakeBackgroundFetch();
    const scheduler = backgroundFetchScheduler(bf.BackgroundFetch);
    const random = () => 0.5;
    const platform = createReactNativePlatform({
      appState: fakeAppState().appState,
      netInfo: fakeNetInfo().netInfo,
      scheduler,
      random,
      minPeriodMs: 0,
    });
    await platform.scheduler!.request({ earliestAt: 0, network: true, charging: false });
    expect(bf.lastConfig()).toMatchObject({ requiredNetworkType: 1 });
    expect(platform.random).toBe(random);
    expect(platform.minPeriodMs).toBe(0);
  });

  it('refreshes the network at the start of each wake-up, before the window admits jobs', async () => {
    // iOS sends no NetInfo event while the app is suspended: the network came back unseen.
    const clock = fakeClock();
    const app = fakeAppState('background');
    const net = fakeNetInfo(wifi);
    const bf = fakeBackgroundFetch();
    const platform = createReactNativePlatform({
      appState: app.appState,
      netInfo: net.netInfo,
      scheduler: backgroundFetchScheduler(bf.BackgroundFetch, { clock }),
      clock,
    });
    const conditions = platform.conditions!;
    conditions.subscribe(() => {});
    net.emit(offline);
    await flush();
    expect(conditions.get().network).toBe('none');
    net.suspend();
    net.emit(wifi);
    await platform.scheduler!.request({ earliestAt: 0, network: true, charging: false });
    const seen: string[] = [];
    platform.scheduler!.onWake(async (w) => {
      seen.push(conditions.get().network);
      return reportFor(w);
    });
    bf.event();
    await clock.advance(1_000);
    expect(seen).toEqual(['unmetered']);
  });

  it('throws InvalidOptionsError for missing modules or a bad minPeriodMs', () => {
    const appState = fakeAppState().appState;
    const netInfo = fakeNetInfo().netInfo;
    expect(() => createReactNativePlatform(undefined as never)).toThrow(InvalidOptionsError);
    expect(() => createReactNativePlatform({ netInfo } as never)).toThrow(InvalidOptionsError);
    expect(() => createReactNativePlatform({ appState } as never)).toThrow(InvalidOptionsError);
    expect(() => createReactNativePlatform({ appState, netInfo, minPeriodMs: -1 })).toThrow(
      InvalidOptionsError,
    );
    expect(() => createReactNativePlatform({ appState, netInfo, minPeriodMs: Number.NaN })).toThrow(
      InvalidOptionsError,
    );
    expect(() => createReactNativePlatform({ appState, netInfo, scheduler: {} as never })).toThrow(
      InvalidOptionsError,
    );
  });
});

describe('React Native conditions', () => {
  it('reads satisfied battery, no idle device and enough storage without sources', async () => {
    const { conditions } = setup();
    conditions.subscribe(() => {});
    await flush();
    expect(conditions.get()).toEqual({
      network: 'unmetered',
      charging: true,
      batteryLow: false,
      deviceIdle: false,
      storageLow: false,
      appState: 'active',
    });
  });

  it('reads the network as metered until NetInfo.fetch() answers, then refines it', async () => {
    const { conditions, net } = setup();
    net.holdFetches();
    const heard: Conditions[] = [];
    conditions.subscribe((c) => heard.push(c));
    expect(net.fetchCount()).toBe(1);
    expect(conditions.get().network).toBe('metered');
    net.resolveFetches(wifi);
    await flush();
    expect(conditions.get().network).toBe('unmetered');
    expect(heard.map((c) => c.network)).toEqual(['unmetered']);
  });

  it('lets a NetInfo event win over an older fetch() answer', async () => {
    const { conditions, net } = setup();
    // NetInfo already knows a state (the app read it), so fetch() answers from its cache, a
    // microtask later: an event in between is newer.
    await net.netInfo.fetch();
    conditions.subscribe(() => {});
    net.emit(offline);
    expect(conditions.get().network).toBe('none');
    await flush();
    expect(conditions.get().network).toBe('none');
  });

  it('starts listening on the first subscribe and stops with the last unsubscribe', async () => {
    const { conditions, app, net, bat } = setup({ battery: true });
    expect([app.listenerCount(), net.listenerCount(), bat.listenerCount()]).toEqual([0, 0, 0]);
    const off1 = conditions.subscribe(() => {});
    const off2 = conditions.subscribe(() => {});
    expect([app.listenerCount(), net.listenerCount(), bat.listenerCount()]).toEqual([1, 1, 3]);
    off1();
    off1();
    expect([app.listenerCount(), net.listenerCount(), bat.listenerCount()]).toEqual([1, 1, 3]);
    off2();
    expect([app.listenerCount(), net.listenerCount(), bat.listenerCount()]).toEqual([0, 0, 0]);
    conditions.subscribe(() => {});
    expect([app.listenerCount(), net.listenerCount(), bat.listenerCount()]).toEqual([1, 1, 3]);
  });

  it('notifies each real change once, with the complete conditions', async () => {
    const { conditions, app, net } = setup();
    const heard: Conditions[] = [];
    conditions.subscribe((c) => heard.push(c));
    await flush();
    heard.length = 0;
    app.set('inactive');
    app.set('background');
    net.emit(cellular);
    net.emit(cellular);
    app.set('active');
    expect(heard.map((c) => [c.appState, c.network])).toEqual([
      ['background', 'unmetered'],
      ['background', 'metered'],
      ['active', 'metered'],
    ]);
    expect(heard.at(-1)).toEqual(conditions.get());
  });

  it('maps the battery source into charging and batteryLow', async () => {
    const { conditions, bat } = setup({ battery: true });
    conditions.subscribe(() => {});
    // Before the battery answered: neither charging nor low.
    expect(conditions.get()).toMatchObject({ charging: false, batteryLow: false });
    await flush();
    expect(conditions.get()).toMatchObject({ charging: false, batteryLow: false });
    bat.setState(BatteryState.CHARGING);
    expect(conditions.get()).toMatchObject({ charging: true, batteryLow: false });
    bat.setLevel(0.1);
    expect(conditions.get()).toMatchObject({ charging: true, batteryLow: true });
    bat.setState(BatteryState.FULL);
    bat.setLevel(1);
    expect(conditions.get()).toMatchObject({ charging: true, batteryLow: false });
    bat.setLowPower(true);
    expect(conditions.get()).toMatchObject({ batteryLow: true });
  });

  it('reads deviceIdle and storageLow from the given flag sources', () => {
    let idle = false;
    const listeners = new Set<(v: boolean) => void>();
    const platform = createReactNativePlatform({
      appState: fakeAppState().appState,
      netInfo: fakeNetInfo().netInfo,
      deviceIdle: {
        get: () => idle,
        subscribe: (l) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
      },
      storageLow: { get: () => true, subscribe: () => () => {} },
    });
    const heard: Conditions[] = [];
    platform.conditions!.subscribe((c) => heard.push(c));
    expect(platform.conditions!.get()).toMatchObject({ deviceIdle: false, storageLow: true });
    idle = true;
    for (const l of listeners) l(true);
    expect(heard.at(-1)).toMatchObject({ deviceIdle: true });
  });

  it('answers get() without subscribers from AppState.currentState', () => {
    const { conditions, app } = setup({ appState: 'background' });
    expect(conditions.get().appState).toBe('background');
    app.set('active');
    expect(conditions.get().appState).toBe('active');
  });
});
