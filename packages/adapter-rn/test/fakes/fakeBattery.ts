import type { DeviceInfoPowerStateLike, ExpoBatteryLike, PowerStateEmitterLike } from '../../src/index';

/** expo-battery's BatteryState enum. */
export const BatteryState = { UNKNOWN: 0, UNPLUGGED: 1, CHARGING: 2, FULL: 3, NOT_CHARGING: 4 } as const;

/** Behaves as expo-battery: async getters, listeners returning subscriptions with `remove()`. */
export function fakeExpoBattery(
  initial = { level: 0.8, state: BatteryState.UNPLUGGED as number, lowPower: false },
) {
  const values = { ...initial };
  const level = new Set<(e: { batteryLevel: number }) => void>();
  const state = new Set<(e: { batteryState: number }) => void>();
  const power = new Set<(e: { lowPowerMode: boolean }) => void>();
  let reads = 0;
  let hold: Array<() => void> | undefined;
  const read = <T>(get: () => T) =>
    new Promise<T>((resolve) => {
      reads++;
      if (hold) hold.push(() => resolve(get()));
      else resolve(get());
    });
  const Battery = {
    BatteryState,
    getBatteryLevelAsync: () => read(() => values.level),
    getBatteryStateAsync: () => read(() => values.state),
    isLowPowerModeEnabledAsync: () => read(() => values.lowPower),
    addBatteryLevelListener(l: (e: { batteryLevel: number }) => void) {
      level.add(l);
      return { remove: () => level.delete(l) };
    },
    addBatteryStateListener(l: (e: { batteryState: number }) => void) {
      state.add(l);
      return { remove: () => state.delete(l) };
    },
    addLowPowerModeListener(l: (e: { lowPowerMode: boolean }) => void) {
      power.add(l);
      return { remove: () => power.delete(l) };
    },
  } satisfies ExpoBatteryLike;
  return {
    Battery,
    values,
    reads: () => reads,
    listenerCount: () => level.size + state.size + power.size,
    holdReads() {
      hold = [];
    },
    releaseReads() {
      const h = hold ?? [];
      hold = undefined;
      for (const r of h) r();
    },
    setLevel(v: number) {
      values.level = v;
      for (const l of [...level]) l({ batteryLevel: v });
    },
    setState(v: number) {
      values.state = v;
      for (const l of [...state]) l({ batteryState: v });
    },
    setLowPower(v: boolean) {
      values.lowPower = v;
      for (const l of [...power]) l({ lowPowerMode: v });
    },
  };
}

/** Behaves as react-native-device-info's getPowerState, plus a NativeEventEmitter on its module. */
export function fakeDeviceInfo(
  initial: DeviceInfoPowerStateLike = { batteryLevel: 0.8, batteryState: 'unplugged', lowPowerMode: false },
) {
  let power: DeviceInfoPowerStateLike = { ...initial };
  let calls = 0;
  const listeners = new Map<string, Set<(s: DeviceInfoPowerStateLike) => void>>();
  const DeviceInfo = {
    getPowerState: async () => {
      calls++;
      return { ...power };
    },
  };
  const emitter: PowerStateEmitterLike = {
    addListener(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return { remove: () => set.delete(listener) };
    },
  };
  return {
    DeviceInfo,
    emitter,
    calls: () => calls,
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    /** Changes the state without an event (what polling finds). */
    set(next: DeviceInfoPowerStateLike) {
      power = { ...next };
    },
    /** Changes the state and emits RNDeviceInfo_powerStateDidChange. */
    emit(next: DeviceInfoPowerStateLike) {
      power = { ...next };
      for (const l of [...(listeners.get('RNDeviceInfo_powerStateDidChange') ?? [])]) l({ ...next });
    },
  };
}
