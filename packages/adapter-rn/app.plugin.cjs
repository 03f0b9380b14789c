'use strict';

// The Expo config plugin of @nightshift/adapter-rn, in CommonJS so that every Expo version
// can `require` it. It edits Info.plist through the `withInfoPlist` mod of the app's own
// config-plugins (`expo/config-plugins`, else `@expo/config-plugins`, resolved from the
// project root), so it adds to the Info.plist that prebuild read, keys a native-only file
// has included. Where neither resolves (no Expo project), it edits `config.ios.infoPlist`.

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

/** Adds the background modes and task ids to an Info.plist object, in place. */
function editInfoPlist(plist, taskIds) {
  plist.UIBackgroundModes = addUnique(plist.UIBackgroundModes, BACKGROUND_MODES);
  plist.BGTaskSchedulerPermittedIdentifiers = addUnique(plist.BGTaskSchedulerPermittedIdentifiers, taskIds);
  return plist;
}

/**
 * The app's own `withInfoPlist`: the copy prebuild runs with, found from the project root
 * that @expo/config's getConfig records before it runs plugins. Undefined outside Expo.
 */
function appWithInfoPlist(config) {
  const root = config?._internal?.projectRoot;
  if (typeof root !== 'string') return undefined;
  for (const name of ['expo/config-plugins', '@expo/config-plugins']) {
    try {
      const found = require(require.resolve(name, { paths: [root] })).withInfoPlist;
      if (typeof found === 'function') return found;
    } catch {
      // Not installed under this name: try the next.
    }
  }
  return undefined;
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
  const taskIds = [DEFAULT_TASK_IDENTIFIER, ...extra];
  const next = config || {};
  const withInfoPlist = appWithInfoPlist(next);
  if (withInfoPlist) {
    // A mod edits the Info.plist prebuild read (the native file with app.json's keys over
    // it), so a background mode only the native file lists is kept. A static
    // `ios.infoPlist.UIBackgroundModes` would replace that list.
    return withInfoPlist(next, (c) => {
      editInfoPlist(c.modResults, taskIds);
      return c;
    });
  }
  next.ios = next.ios || {};
  next.ios.infoPlist = editInfoPlist(next.ios.infoPlist || {}, taskIds);
  return next;
}

module.exports = withNightshift;
module.exports.default = withNightshift;
module.exports.DEFAULT_TASK_IDENTIFIER = DEFAULT_TASK_IDENTIFIER;
module.exports.TASK_ID_PREFIX = TASK_ID_PREFIX;
