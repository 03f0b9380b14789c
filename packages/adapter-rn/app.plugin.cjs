'use strict';

// The Expo config plugin of @nightshift/adapter-rn, in CommonJS so that every Expo version
// can `require` it. It needs nothing at runtime: it edits `config.ios.infoPlist` directly,
// which Expo writes into Info.plist on prebuild.

/** The identifier react-native-background-fetch registers its BGAppRefreshTask under. */
const DEFAULT_TASK_IDENTIFIER = 'com.transistorsoft.fetch';
/**
 * TSBackgroundFetch registers only BGProcessingTask ids with this prefix and ignores the
 * others (react-native-background-fetch 4.2.2 CHANGELOG; TSBackgroundFetch.m in
 * transistorsoft/transistor-background-fetch, commit 351ba84, which checks the prefix
 * before registering each permitted identifier).
 */
const TASK_ID_PREFIX = 'com.transistorsoft.';
const BACKGROUND_MODES = ['fetch', 'processing'];

function addUnique(list, values) {
  const out = Array.isArray(list) ? list.slice() : [];
  for (const value of values) if (!out.includes(value)) out.push(value);
  return out;
}

/**
 * Adds `fetch` and `processing` to `UIBackgroundModes` and the task identifiers to
 * `BGTaskSchedulerPermittedIdentifiers`. Idempotent: applying it twice changes nothing more.
 *
 * @param {object} config the Expo config
 * @param {{ taskIdentifiers?: string[] }} [options] extra BGTaskScheduler identifiers, e.g. the
 *   `taskId`s of `BackgroundFetch.scheduleTask` (always `com.transistorsoft.<name>`; an id
 *   without that prefix is added but warned about, as the library ignores it); the
 *   default `com.transistorsoft.fetch` is always added
 * @returns {object} the same config, edited
 * @example
 * // app.json
 * { "expo": { "plugins": [["@nightshift/adapter-rn", { "taskIdentifiers": ["com.transistorsoft.sync"] }]] } }
 */
function withNightshift(config, options) {
  const extra = options?.taskIdentifiers ?? [];
  if (!Array.isArray(extra) || extra.some((id) => typeof id !== 'string' || id.length === 0)) {
    throw new TypeError('@nightshift/adapter-rn: taskIdentifiers must be an array of non-empty strings');
  }
  const ignored = extra.filter((id) => !id.startsWith(TASK_ID_PREFIX));
  if (ignored.length > 0) {
    // Kept in the plist (the app may schedule such ids itself), but background-fetch will not.
    console.warn(
      `@nightshift/adapter-rn: taskIdentifiers ${ignored.join(', ')} lack the ${TASK_ID_PREFIX} prefix; react-native-background-fetch ignores such ids on iOS (since 4.2.2), so BackgroundFetch.scheduleTask cannot use them`,
    );
  }
  const next = config || {};
  next.ios = next.ios || {};
  const plist = (next.ios.infoPlist = next.ios.infoPlist || {});
  plist.UIBackgroundModes = addUnique(plist.UIBackgroundModes, BACKGROUND_MODES);
  plist.BGTaskSchedulerPermittedIdentifiers = addUnique(plist.BGTaskSchedulerPermittedIdentifiers, [
    DEFAULT_TASK_IDENTIFIER,
    ...extra,
  ]);
  return next;
}

module.exports = withNightshift;
module.exports.default = withNightshift;
module.exports.DEFAULT_TASK_IDENTIFIER = DEFAULT_TASK_IDENTIFIER;
module.exports.TASK_ID_PREFIX = TASK_ID_PREFIX;
