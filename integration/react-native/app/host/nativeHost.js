// What React Native's native side installs into the JS runtime before the bundle runs, for
// the Hermes command-line VM: the logging hook that React Native's console polyfill
// (@react-native/js-polyfills/console.js) writes through. The VM itself already has
// setTimeout, clearTimeout and setImmediate, as React Native's bridgeless runtime installs
// them from C++ (Libraries/Core/setUpTimers.js: "In bridgeless mode, timers are host
// functions installed from cpp"). A Metro polyfill: it runs before every module.
/* global print */
((global) => {
  global.nativeLoggingHook = (message) => {
    print(message);
  };
  // The native module registry (NativeModules) the fake 'react-native' module reads.
  global.__nightshiftNativeModules = {};
})(typeof globalThis !== 'undefined' ? globalThis : this);
