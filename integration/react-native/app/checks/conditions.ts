import { createQueue, defineJob } from '@nightshift/core';
import { device as netDevice } from '@react-native-community/netinfo';
import { device as batteryDevice } from 'expo-battery';
import { device as appDevice } from 'react-native';
import { BatteryState } from '../../../../packages/adapter-rn/test/fakes/fakeBattery';
import { cellular, wifi } from '../../../../packages/adapter-rn/test/fakes/fakeReactNative';
import { type Check, equal } from '../harness';
import { reactNativePlatform } from './support';

export const conditions: Check = {
  name: 'conditions from NetInfo, AppState and expo-battery: a job waits for wifi, the foreground, a charger',
  async run() {
    const { clock, platform } = reactNativePlatform();
    const ran: string[] = [];
    const upload = defineJob({
      name: 'upload',
      constraints: { network: 'unmetered' },
      run: (payload: { file: string }) => {
        ran.push(payload.file);
      },
    });
    const ping = defineJob({
      name: 'ping',
      run: () => {
        ran.push('ping');
      },
    });
    const backup = defineJob({
      name: 'backup',
      constraints: { charging: true },
      run: () => {
        ran.push('backup');
      },
    });
    const queue = createQueue({ platform, jobs: [upload, ping, backup] });
    try {
      netDevice.emit(cellular);
      await queue.start();
      const big = await queue.enqueue(upload, { file: 'video.mp4' });
      await clock.advance(60_000);
      equal(queue.get(big.id)?.state, 'enqueued', 'upload on cellular');
      netDevice.emit(wifi);
      await clock.advance(1_000);
      equal(queue.get(big.id)?.state, 'succeeded', 'upload once on wifi');

      appDevice.appState.set('background');
      const p = await queue.enqueue(ping, {});
      await clock.advance(60_000);
      equal(queue.get(p.id)?.state, 'enqueued', 'due job while the app is in the background');
      appDevice.appState.set('active');
      await clock.advance(1_000);
      equal(queue.get(p.id)?.state, 'succeeded', 'due job once the app is active');

      const b = await queue.enqueue(backup, {});
      await clock.advance(60_000);
      equal(queue.get(b.id)?.state, 'enqueued', 'a job that needs a charger, unplugged');
      batteryDevice.setState(BatteryState.CHARGING);
      await clock.advance(1_000);
      equal(queue.get(b.id)?.state, 'succeeded', 'the same job once plugged in');
      equal(ran, ['video.mp4', 'ping', 'backup'], 'runs');
    } finally {
      netDevice.emit(wifi);
      batteryDevice.setState(BatteryState.UNPLUGGED);
      appDevice.appState.set('active');
      await queue.stop();
    }
  },
};
