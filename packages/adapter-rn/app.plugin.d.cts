/** Options of the Nightshift Expo config plugin. */
interface NightshiftPluginOptions {
  /**
   * More `BGTaskSchedulerPermittedIdentifiers`. An id without the `com.transistorsoft.` prefix
   * is added with a `console.warn`: react-native-background-fetch ignores it on iOS.
   * @default [] (`com.transistorsoft.fetch` is always added)
   */
  taskIdentifiers?: string[];
}

/**
 * Adds `fetch` and `processing` to `UIBackgroundModes` and the task ids to
 * `BGTaskSchedulerPermittedIdentifiers`: in an Expo project, through a `withInfoPlist` mod of
 * the project's own config-plugins (so keys only the native Info.plist has are kept);
 * elsewhere, in `config.ios.infoPlist`. Idempotent.
 */
declare function withNightshift<C extends object>(config: C, options?: NightshiftPluginOptions): C;
declare namespace withNightshift {
  export { NightshiftPluginOptions };
  export const DEFAULT_TASK_IDENTIFIER: 'com.transistorsoft.fetch';
  export const TASK_ID_PREFIX: 'com.transistorsoft.';
}
export = withNightshift;
