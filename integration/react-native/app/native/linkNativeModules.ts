// The native modules this build "links": what autolinking would register on a device.
// react-native-background-fetch's module (RNBackgroundFetch) is left out on purpose: the app
// imports the library's JS layer as a fake (./background-fetch.ts), and the missing-module
// check builds the library's real JS layer over these NativeModules to see the adapter's error.
import { NativeModules } from 'react-native';
import { OPSQLiteModule } from './opSqliteNative';

NativeModules.OPSQLite = OPSQLiteModule;
