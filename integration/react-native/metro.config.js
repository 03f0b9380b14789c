// Metro as a React Native 0.81 app configures it (@react-native/metro-config), with the
// monorepo as a watch folder, and the native side swapped for fakes: 'react-native' and the
// native libraries resolve to small JS modules in app/native, and the runtime set-up that
// React Native's InitializeCore does (which needs the native bridge) is app/host.
const path = require('node:path');
const { getDefaultConfig, mergeConfig } = require('@react-native/metro-config');

const root = path.resolve(__dirname, '../..');
const native = path.join(__dirname, 'app/native');

/** Packages whose JS needs a device; the app gets these fakes instead. */
const fakes = {
  'react-native': path.join(native, 'react-native.ts'),
  '@react-native-community/netinfo': path.join(native, 'netinfo.ts'),
  'react-native-background-fetch': path.join(native, 'background-fetch.ts'),
  'expo-battery': path.join(native, 'expo-battery.ts'),
};

const defaults = getDefaultConfig(__dirname);

module.exports = mergeConfig(defaults, {
  projectRoot: __dirname,
  watchFolders: [root],
  // No cache across runs, so a broken transform or export condition shows on the next run;
  // scripts/run.mjs gives each run a fresh cache folder that its builds share.
  cacheStores: process.env.NIGHTSHIFT_METRO_CACHE
    ? [new (require('metro-cache').FileStore)({ root: process.env.NIGHTSHIFT_METRO_CACHE })]
    : [],
  resolver: {
    // As in an app's flat node_modules: the packages' files find the app's @babel/runtime and react.
    nodeModulesPaths: [path.join(__dirname, 'node_modules')],
    blockList: [/\/\.git\//, /\/docs\/api\//, /\/bench\/results\//, /\/coverage\//],
    resolveRequest(context, moduleName, platform) {
      const fake = fakes[moduleName];
      if (fake) return { type: 'sourceFile', filePath: fake };
      return context.resolveRequest(context, moduleName, platform);
    },
  },
  serializer: {
    // React Native's console polyfill (a Metro polyfill) needs the native logging hook first.
    getPolyfills: (options) => [
      path.join(__dirname, 'app/host/nativeHost.js'),
      ...defaults.serializer.getPolyfills(options),
    ],
    getModulesRunBeforeMainModule: () => [path.join(__dirname, 'app/host/initializeCore.ts')],
  },
});
