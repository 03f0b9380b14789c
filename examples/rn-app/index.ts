// The app's entry (index.js in a bare React Native app, "main" in package.json with Expo).
import { backgroundFetchHeadlessTask } from '@nightshift/adapter-rn';
import { AppRegistry, Platform } from 'react-native';
import BackgroundFetch from 'react-native-background-fetch';
import { App } from './src/App';
import { queue } from './src/nightshift';

// Android, after the user swiped the app away: background-fetch starts a JS context without
// UI and delivers its events here. Registered at module scope, never in a component, and on
// Android only: the scheduler then configures nothing from such a headless context.
// `createQueue` returns the app's own queue, never a second one on the same store.
if (Platform.OS === 'android') {
  backgroundFetchHeadlessTask(BackgroundFetch, { createQueue: () => queue, budgetMs: 25_000 });
}

AppRegistry.registerComponent('NightshiftExample', () => App);
