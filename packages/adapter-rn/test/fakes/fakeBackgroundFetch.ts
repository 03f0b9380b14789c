import type { BackgroundFetchHeadlessEventLike, BackgroundFetchLike } from '../../src/index';

/**
 * Behaves as react-native-background-fetch's JS layer: `configure` replaces the event
 * listener (it calls `removeAllListeners('fetch')` first) and starts; native events carry
 * `{ taskId, timeout }` and go to `onTimeout` when `timeout` is true, else to `onEvent`;
 * `registerHeadlessTask` keeps the task for Android headless events.
 */
export function fakeBackgroundFetch(status = 2) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const finished: string[] = [];
  let listener: ((event: BackgroundFetchHeadlessEventLike) => void) | undefined;
  let headless: ((event: BackgroundFetchHeadlessEventLike) => Promise<void>) | undefined;
  let failNextConfigure = false;
  let enabled = false;
  const finishWaiters: Array<(taskId: string) => void> = [];
  const BackgroundFetch = {
    STATUS_RESTRICTED: 0,
    STATUS_DENIED: 1,
    STATUS_AVAILABLE: 2,
    NETWORK_TYPE_NONE: 0,
    NETWORK_TYPE_ANY: 1,
    NETWORK_TYPE_UNMETERED: 2,
    async configure(
      config: Record<string, unknown>,
      onEvent: (taskId: string) => void,
      onTimeout?: (taskId: string) => void,
    ) {
      calls.push({ method: 'configure', args: [config] });
      listener = (event) => (event.timeout ? onTimeout?.(event.taskId) : onEvent(event.taskId));
      if (failNextConfigure) {
        failNextConfigure = false;
        throw new Error('configure failed');
      }
      enabled = true;
      return status;
    },
    async start() {
      calls.push({ method: 'start', args: [] });
      enabled = true;
      return status;
    },
    async stop(taskId?: string) {
      calls.push({ method: 'stop', args: [taskId] });
      enabled = false;
      return true;
    },
    finish(taskId: string) {
      finished.push(taskId);
      for (const w of finishWaiters.splice(0)) w(taskId);
    },
    registerHeadlessTask(task: (event: BackgroundFetchHeadlessEventLike) => Promise<void>) {
      headless = task;
    },
  };
  const typed: BackgroundFetchLike = BackgroundFetch;
  return {
    BackgroundFetch: typed,
    calls,
    finished,
    methods: () => calls.map((c) => c.method),
    lastConfig: () =>
      [...calls].reverse().find((c) => c.method === 'configure')?.args[0] as Record<string, unknown>,
    enabled: () => enabled,
    failNextConfigure() {
      failNextConfigure = true;
    },
    /** The OS starts a fetch event. */
    event(taskId = 'react-native-background-fetch') {
      listener?.({ taskId, timeout: false });
    },
    /** The OS says the time of `taskId` is up. */
    timeout(taskId = 'react-native-background-fetch') {
      listener?.({ taskId, timeout: true });
    },
    /** Android delivers an event to the headless task after termination. */
    headless(event: BackgroundFetchHeadlessEventLike) {
      if (!headless) throw new Error('no headless task registered');
      return headless(event);
    },
    hasHeadless: () => headless !== undefined,
    /** Resolves at the next `finish` call. */
    nextFinish: () => new Promise<string>((resolve) => finishWaiters.push(resolve)),
  };
}
