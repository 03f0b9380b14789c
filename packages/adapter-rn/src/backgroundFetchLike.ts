/** The headless event react-native-background-fetch passes on Android after app termination. */
export interface BackgroundFetchHeadlessEventLike {
  /** The task the event is for; pass it to `BackgroundFetch.finish`. */
  taskId: string;
  /** True when this event is the OS's timeout for a task that is still running. */
  timeout: boolean;
}

/**
 * The part of `react-native-background-fetch` the adapter uses: pass its default export
 * (the `BackgroundFetch` class).
 */
export interface BackgroundFetchLike {
  /** `0`: no network constraint. */
  readonly NETWORK_TYPE_NONE: number;
  /** `1`: any connected network. */
  readonly NETWORK_TYPE_ANY: number;
  /** `2`: background fetch is available; `0` restricted and `1` denied are not. */
  readonly STATUS_AVAILABLE: number;
  /**
   * Configures and schedules the periodic fetch; `onEvent` runs on each OS wake-up and
   * `onTimeout` when the OS is about to end one. Android resolves `STATUS_AVAILABLE` always;
   * iOS rejects when Background App Refresh is restricted or denied.
   */
  configure(
    config: Record<string, unknown>,
    onEvent: (taskId: string) => void,
    onTimeout?: (taskId: string) => void,
  ): Promise<number>;
  /**
   * Stops the fetch (or one task, given its id). On Android it also deletes the saved
   * configuration, so only `configure` schedules the fetch again.
   */
  stop(taskId?: string): Promise<boolean>;
  /** Tells the OS the work for `taskId` is done; must be called once per event. */
  finish(taskId: string): void;
  /** The Background App Refresh status (iOS); Android answers `STATUS_AVAILABLE`. */
  status?(): Promise<number>;
  /** Android: registers the function that receives events after the app was terminated. */
  registerHeadlessTask(task: (event: BackgroundFetchHeadlessEventLike) => Promise<void>): void;
}
