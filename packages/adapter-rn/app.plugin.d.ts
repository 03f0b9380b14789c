/** Options of the Nightshift Expo config plugin. */
export interface NightshiftPluginOptions {
  /**
   * More `BGTaskSchedulerPermittedIdentifiers`, such as the task ids of
   * `BackgroundFetch.scheduleTask` (`com.transistorsoft.<name>`). An id without the
   * `com.transistorsoft.` prefix is added too, with a `console.warn`: react-native-background-fetch
   * ignores such ids on iOS since 4.2.2.
   * @default [] (`com.transistorsoft.fetch` is always added)
   */
  taskIdentifiers?: string[];
}

/**
 * Adds `fetch` and `processing` to `UIBackgroundModes` and the task ids to
 * `BGTaskSchedulerPermittedIdentifiers`: in an Expo project, through a `withInfoPlist` mod of
 * the project's own config-plugins (so keys only the native Info.plist has are kept);
 * elsewhere, in `config.ios.infoPlist`. Idempotent.
 *
 * @example
 * // app.json
 * { "expo": { "plugins": [["@nightshift/adapter-rn", { "taskIdentifiers": ["com.transistorsoft.sync"] }]] } }
 */
declare function withNightshift<C extends object>(config: C, options?: NightshiftPluginOptions): C;
export default withNightshift;
