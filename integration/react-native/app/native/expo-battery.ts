// What the app imports as 'expo-battery' (metro.config.js maps it here): the adapter's own
// fake (packages/adapter-rn/test/fakes), unplugged at 80 %.
import { fakeExpoBattery } from '../../../../packages/adapter-rn/test/fakes/fakeBattery';

const control = fakeExpoBattery();

export const { BatteryState } = control.Battery;
export const getBatteryLevelAsync = control.Battery.getBatteryLevelAsync;
export const getBatteryStateAsync = control.Battery.getBatteryStateAsync;
export const isLowPowerModeEnabledAsync = control.Battery.isLowPowerModeEnabledAsync;
export const addBatteryLevelListener = control.Battery.addBatteryLevelListener;
export const addBatteryStateListener = control.Battery.addBatteryStateListener;
export const addLowPowerModeListener = control.Battery.addLowPowerModeListener;

/** Drives the fake from the checks: the battery as the OS reports it. */
export const device = control;
