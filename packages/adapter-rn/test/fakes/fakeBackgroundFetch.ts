import type { BackgroundFetchHeadlessEventLike, BackgroundFetchLike } from '../../src/index';

// A fake of react-native-background-fetch 4.4.2 that behaves as its SOURCE does, not as its
// README suggests. Sources read (cited below by short name):
//
// - [index.js]: react-native-background-fetch 4.4.2, index.js (the JS layer; npm tarball).
// - [RNModule]: same package, android/src/main/java/com/transistorsoft/rnbackgroundfetch/
//   RNBackgroundFetchModule.java, and [RNHeadless]: HeadlessTask.java next to it.
// - [RNIos]: same package, ios/RNBackgroundFetch/RNBackgroundFetch.mm.
// - [BF.java], [BGTask.java], [FetchJobService.java]: github.com/transistorsoft/
//   transistor-background-fetch, android/tsbackgroundfetch/src/main/java/com/transistorsoft/
//   tsbackgroundfetch/*, commit 351ba84 (tsbackgroundfetch 4.1.1: the `4.1.+` that 4.4.2's
//   android/build.gradle resolves on Maven Central).
// - [TSBF.m], [Subscriber.m]: same repository and commit, ios/TSBackgroundFetch/
//   TSBackgroundFetch/TSBackgroundFetch.m and TSBGAppRefreshSubscriber.m (TSBackgroundFetch 4.1.1).
// - [AppRegistry]: github.com/facebook/react-native, packages/react-native/Libraries/
//   ReactNative/AppRegistryImpl.js, commit 2871ded (startHeadlessTask).
//
// It runs on Hermes as well as Node: no Node built-ins, no test-runner imports.

/** The task id of the periodic fetch ([RNModule] FETCH_TASK_ID, [RNIos] PLUGIN_ID). */
export const FETCH_TASK_ID = 'react-native-background-fetch';

type Config = Record<string, unknown>;

/** A `BGTask` ([BGTask.java]): one run of a JobScheduler job, open until finished. */
export interface NativeTask {
  taskId: string;
  finished: boolean;
  /** Who finished it: `js` (BackgroundFetch.finish), `configure` (BGTask.reschedule) or `stop`. */
  finishedBy?: 'js' | 'configure' | 'stop' | 'native';
}

/** How the fake was set up. */
export interface FakeBackgroundFetchOptions {
  /** Which native module to behave as. @default 'android' */
  os?: 'android' | 'ios';
  /**
   * iOS: `UIApplication.backgroundRefreshStatus` (0 restricted, 1 denied, 2 available).
   * Android always reports 2 ([BF.java] status()).
   * @default 2
   */
  status?: number;
}

/**
 * Builds the fake. `fakeBackgroundFetch(1)` (a status number, the older signature) means
 * iOS with that status when it is not 2, since only iOS reports anything else.
 */
export function fakeBackgroundFetch(options: number | FakeBackgroundFetchOptions = {}) {
  const opts: FakeBackgroundFetchOptions =
    typeof options === 'number' ? { status: options, os: options === 2 ? 'android' : 'ios' } : options;
  const os = opts.os ?? 'android';
  let iosStatus = opts.status ?? 2;

  /** Every call the JS side made, in order. */
  const calls: Array<{ method: string; args: unknown[] }> = [];
  /** Task ids passed to `BackgroundFetch.finish` from JS. */
  const finished: string[] = [];
  /** The native library's log lines that matter (TSBackgroundFetch / RN warnings). */
  const log: string[] = [];
  /** Every native task the OS opened, in order, with how it ended. */
  const tasks: NativeTask[] = [];
  const finishWaiters: Array<(taskId: string) => void> = [];
  let failNextConfigure = false;

  // --- What survives the process: SharedPreferences and JobScheduler (Android) ---
  const saved = new Map<string, Config>(); // BackgroundFetchConfig.save / destroy
  const jobs = new Map<string, Config>(); // JobScheduler jobs (BGTask.schedule / cancel)

  // --- One process: the BackgroundFetch singleton and LifecycleManager (Android) ---
  let mConfig = new Map<string, Config>();
  let fetchCallback = false; // BackgroundFetch.mFetchCallback is set
  let open = new Map<string, NativeTask>(); // BGTask.mTasks
  let headlessProcess = false; // LifecycleManager.isHeadless()

  // --- iOS: TSBackgroundFetch state ---
  let subscriber: { executed: boolean; finished: boolean } | undefined; // TSBGAppRefreshSubscriber
  let refreshScheduled = false; // a BGAppRefreshTaskRequest is submitted
  let iosTask: NativeTask | undefined; // bgAppRefreshTask

  // --- One JS context: the module object, the emitter listener, AppRegistry ---
  let jsLoaded = true;
  let listener: ((event: BackgroundFetchHeadlessEventLike) => void) | undefined;
  let headlessTask: ((event: BackgroundFetchHeadlessEventLike) => Promise<void>) | undefined;
  const heldHeadless: BackgroundFetchHeadlessEventLike[] = [];

  const finishNative = (task: NativeTask | undefined, by: NativeTask['finishedBy']) => {
    // [BGTask.java] finish(): once only; calls jobFinished and the headless completion handler.
    if (!task || task.finished) return;
    task.finished = true;
    task.finishedBy = by;
    open.delete(task.taskId);
  };

  /** [RNHeadless] + [AppRegistry] startHeadlessTask: what a headless event does in JS. */
  const deliverHeadless = (event: BackgroundFetchHeadlessEventLike) => {
    if (!jsLoaded) {
      // [RNHeadless] createReactContextAndScheduleTask: the event waits for the bundle.
      heldHeadless.push(event);
      return;
    }
    if (!headlessTask) {
      log.push('No task registered for key BackgroundFetch');
      return;
    }
    void headlessTask(event);
  };

  /** [RNModule] configure's Callback: sends the event through the emitter. */
  const emit = (event: BackgroundFetchHeadlessEventLike) => listener?.(event);

  // ---------------------------------------------------------------------------------------
  // Android native: [BF.java]
  // ---------------------------------------------------------------------------------------
  const android = {
    configure(config: Config) {
      fetchCallback = true;
      const taskId = FETCH_TASK_ID;
      if (mConfig.has(taskId)) {
        // "Re-configured existing task": BGTask.reschedule finishes the running task of that
        // id, cancels the job and schedules the new one ([BGTask.java] reschedule).
        log.push('Re-configured existing task');
        finishNative(open.get(taskId), 'configure');
        jobs.set(taskId, config);
        saved.set(taskId, config);
        mConfig.set(taskId, config);
        return;
      }
      mConfig.set(taskId, config);
      android.start(taskId);
    },
    start(taskId: string) {
      if (open.has(taskId)) {
        log.push(`[TSBackgroundFetch start] Task ${taskId} already registered`);
        return;
      }
      // registerTask: only a config still in memory can be scheduled.
      const config = mConfig.get(taskId);
      if (!config) {
        log.push(`- registerTask failed to find BackgroundFetchConfig for taskId ${taskId}`);
        return;
      }
      saved.set(taskId, config);
      jobs.set(taskId, config);
    },
    stop(taskId: string) {
      // stop(taskId): finishes that task if it runs, cancels its job, deletes its saved config
      // and forgets it, so a later start() finds nothing to schedule.
      finishNative(open.get(taskId), 'stop');
      if (mConfig.has(taskId)) {
        jobs.delete(taskId);
        saved.delete(taskId);
        mConfig.delete(taskId);
      }
    },
    /** FetchJobService.onStartJob → BackgroundFetch.onFetch → doFetch. */
    runJob(taskId: string): boolean {
      if (!jobs.has(taskId)) return false;
      const task: NativeTask = { taskId, finished: false };
      tasks.push(task);
      open.set(taskId, task);
      if (mConfig.size === 0) for (const [id, c] of saved) mConfig.set(id, c);
      const config = mConfig.get(taskId);
      if (!config) {
        jobs.delete(taskId);
        return true;
      }
      if (!headlessProcess) {
        if (fetchCallback) emit({ taskId, timeout: false });
      } else if (config.stopOnTerminate !== false) {
        // BackgroundFetchConfig's default is stopOnTerminate: true.
        android.stop(taskId);
      } else if (config.enableHeadless === true) {
        deliverHeadless({ taskId, timeout: false });
      } else {
        log.push('BackgroundFetch event has occurred while app is terminated but there is no jobService');
        finishNative(task, 'native');
        android.stop(taskId);
      }
      return true;
    },
    /** [BGTask.java] onTimeout (MAX_TIME or FetchJobService.onStopJob). */
    timeout(taskId: string) {
      const task = open.get(taskId);
      if (!task || task.finished) return;
      if (!headlessProcess) {
        if (fetchCallback) emit({ taskId, timeout: true });
        return;
      }
      const config = mConfig.get(taskId);
      if (config?.enableHeadless === true) deliverHeadless({ taskId, timeout: true });
      else finishNative(task, 'native');
    },
  };

  // ---------------------------------------------------------------------------------------
  // iOS native: [RNIos] over [TSBF.m] / [Subscriber.m]
  // ---------------------------------------------------------------------------------------
  const ios = {
    /** addListener: a fetch that arrived before any listener runs now ([TSBF.m] addListener). */
    addListener() {
      subscriber ??= { executed: false, finished: false };
      if (iosTask && !iosTask.finished) ios.execute();
    },
    execute() {
      if (!subscriber || subscriber.executed || !listener) return;
      subscriber.executed = true;
      subscriber.finished = false;
      emit({ taskId: FETCH_TASK_ID, timeout: false });
    },
    runTask(): boolean {
      if (!refreshScheduled) return false;
      const task: NativeTask = { taskId: FETCH_TASK_ID, finished: false };
      tasks.push(task);
      iosTask = task;
      ios.execute();
      return true;
    },
    timeout() {
      if (!iosTask || iosTask.finished) return;
      // expirationHandler: with no subscriber the task is completed (unsuccessfully) at once.
      if (!subscriber) {
        finishNative(iosTask, 'native');
        return;
      }
      if (!subscriber.finished) emit({ taskId: FETCH_TASK_ID, timeout: true });
    },
    finish(taskId: string) {
      if (!iosTask || iosTask.finished) {
        log.push(`[TSBackgroundFetch finish] ${taskId} Called without a task to finish.  Ignoring.`);
        return;
      }
      if (!subscriber) {
        log.push(`[TSBackgroundFetch finish] Failed to find Fetch subscriber ${taskId}`);
        return;
      }
      subscriber.finished = true;
      subscriber.executed = false;
      finishNative(iosTask, 'js');
    },
  };

  const rejectStatus = (method: string, status: number) => {
    // RN turns reject(code, message, nil) into an Error with `code` and `message`.
    const error = new Error(String(status)) as Error & { code: string };
    error.code = method;
    return error;
  };

  const makeModule = () => {
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
      ): Promise<number> {
        calls.push({ method: 'configure', args: [config] });
        // [index.js]: removeAllListeners('fetch'), then one listener that routes on `timeout`.
        listener = (event) => (event.timeout ? onTimeout?.(event.taskId) : onEvent(event.taskId));
        if (failNextConfigure) {
          failNextConfigure = false;
          throw new Error('configure failed');
        }
        if (os === 'ios') {
          // [RNIos] configure: adds the listener first, then rejects unless available.
          ios.addListener();
          if (iosStatus !== 2) throw rejectStatus('configure', iosStatus);
          refreshScheduled = true;
          return iosStatus;
        }
        android.configure(config);
        // [RNModule] configure resolves STATUS_AVAILABLE, always.
        return 2;
      },
      async start(): Promise<number> {
        calls.push({ method: 'start', args: [] });
        if (os === 'ios') {
          if (iosStatus !== 2) throw rejectStatus('start', iosStatus);
          ios.addListener();
          refreshScheduled = true;
          return iosStatus;
        }
        android.start(FETCH_TASK_ID);
        return 2;
      },
      async stop(taskId?: string): Promise<boolean> {
        calls.push({ method: 'stop', args: [taskId] });
        if (os === 'ios') {
          // [RNIos] stop with no id removes the listener; with none left the refresh is cancelled.
          if (!taskId) {
            subscriber = undefined;
            refreshScheduled = false;
          }
          return true;
        }
        // [index.js] passes `taskId || null`; [RNModule] stop maps null to FETCH_TASK_ID.
        android.stop(taskId ?? FETCH_TASK_ID);
        return true;
      },
      finish(taskId: string): void {
        calls.push({ method: 'finish', args: [taskId] });
        finished.push(taskId);
        if (os === 'ios') ios.finish(taskId);
        else finishNative(open.get(taskId), 'js');
        for (const w of finishWaiters.splice(0)) w(taskId);
      },
      async status(): Promise<number> {
        calls.push({ method: 'status', args: [] });
        return os === 'ios' ? iosStatus : 2;
      },
      registerHeadlessTask(task: (event: BackgroundFetchHeadlessEventLike) => Promise<void>): void {
        calls.push({ method: 'registerHeadlessTask', args: [] });
        // [AppRegistry] registerHeadlessTask warns when the key is taken, then replaces it.
        if (headlessTask)
          log.push(
            "registerHeadlessTask or registerCancellableHeadlessTask called multiple times for same key 'BackgroundFetch'",
          );
        headlessTask = task;
      },
    };
    const typed: BackgroundFetchLike = BackgroundFetch;
    return typed;
  };
  let module = makeModule();

  return {
    os,
    /** The module of the current JS context; a new object after `terminate()`. */
    get BackgroundFetch(): BackgroundFetchLike {
      return module;
    },
    calls,
    finished,
    log,
    tasks,
    /** The JS calls that reach the native side, in order (not `finish` or `status`). */
    methods: () =>
      calls
        .map((c) => c.method)
        .filter((m) => m !== 'finish' && m !== 'status' && m !== 'registerHeadlessTask'),
    lastConfig: () =>
      [...calls].reverse().find((c) => c.method === 'configure')?.args[0] as Record<string, unknown>,
    /** Whether the OS will run the fetch: a scheduled job (Android) or refresh request (iOS). */
    enabled: () => (os === 'ios' ? refreshScheduled : jobs.has(FETCH_TASK_ID)),
    /** Android: the config saved on disk, which `stop()` deletes. */
    savedConfig: () => saved.get(FETCH_TASK_ID),
    /** The native tasks still open (the OS waits for them). */
    openTasks: () => tasks.filter((t) => !t.finished),
    failNextConfigure() {
      failNextConfigure = true;
    },
    /** iOS: the user turns Background App Refresh on or off. */
    setStatus(status: number) {
      iosStatus = status;
    },
    /**
     * The OS runs the fetch: a JobScheduler job (Android) or a BGAppRefreshTask (iOS). Returns
     * false when nothing is scheduled, as the OS then runs nothing.
     */
    event(taskId = FETCH_TASK_ID): boolean {
      return os === 'ios' ? ios.runTask() : android.runJob(taskId);
    },
    /** The OS is ending the run of `taskId` (Android onStopJob / 60 s; iOS expiration). */
    timeout(taskId = FETCH_TASK_ID) {
      if (os === 'ios') ios.timeout();
      else android.timeout(taskId);
    },
    /** The native emitter sends a raw event to JS (whatever the native state). */
    emit(event: BackgroundFetchHeadlessEventLike) {
      emit(event);
    },
    /** Android delivers a raw event to the registered headless task. */
    headless(event: BackgroundFetchHeadlessEventLike) {
      if (!headlessTask) throw new Error('no headless task registered');
      return headlessTask(event);
    },
    hasHeadless: () => headlessTask !== undefined,
    /**
     * Android: the user swipes the app away. The process and its JS context end; saved
     * configs and scheduled jobs stay. The next `event()` launches a headless process whose
     * bundle has not run yet: call `bundleLoaded()` once the test's module scope ran.
     */
    terminate() {
      mConfig = new Map();
      fetchCallback = false;
      for (const t of open.values()) t.finished = true;
      open = new Map();
      headlessProcess = true;
      jsLoaded = false;
      listener = undefined;
      headlessTask = undefined;
      module = makeModule();
    },
    /** The JS bundle finished evaluating: held headless events now reach JS ([RNHeadless]). */
    bundleLoaded() {
      jsLoaded = true;
      for (const event of heldHeadless.splice(0)) deliverHeadless(event);
    },
    /** The user opens the app: LifecycleManager is no longer headless. */
    openApp() {
      headlessProcess = false;
      jsLoaded = true;
    },
    /** Resolves at the next `finish` call. */
    nextFinish: () => new Promise<string>((resolve) => finishWaiters.push(resolve)),
  };
}
