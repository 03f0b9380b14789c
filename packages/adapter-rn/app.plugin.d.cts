/** Options of the Nightshift Expo config plugin. */
interface NightshiftPluginOptions {
  /** More `BGTaskSchedulerPermittedIdentifiers`. @default [] (`com.transistorsoft.fetch` is always added) */
  taskIdentifiers?: string[];
}

/**
 * Adds `fetch` and `processing` to `UIBackgroundModes` and the task ids to
 * `BGTaskSchedulerPermittedIdentifiers` in `config.ios.infoPlist`. Idempotent.
 */
declare function withNightshift<C extends object>(config: C, options?: NightshiftPluginOptions): C;
declare namespace withNightshift {
  export { NightshiftPluginOptions };
  export const DEFAULT_TASK_IDENTIFIER: 'com.transistorsoft.fetch';
}
export = withNightshift;
