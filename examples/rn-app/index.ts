// The app's entry (index.js in a bare React Native app, "main" in package.json with Expo).
import { backgroundFetchHeadlessTask } from '@nightshift/adapter-rn';
import { AppRegistry } from 'react-native';
import BackgroundFetch from 'react-native-background-fetch';
import { App } from './src/App';
import { queue } from './src/nightshift';

// Android, after the user swiped the app away: background-fetch starts a JS context without
// UI and delivers its events here. Must be registered at module scope, never in a component.
backgroundFetchHeadlessTask(BackgroundFetch, { createQueue: () => queue, budgetMs: 25_000 });

AppRegistry.registerComponent('NightshiftExample', () => App);
