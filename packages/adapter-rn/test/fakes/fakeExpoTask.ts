import type { ExpoBackgroundTaskLike, ExpoTaskManagerLike } from '../../src/index';

// A fake of expo-background-task 57.0.21 and expo-task-manager that behaves as their SOURCE
// does. Sources read (npm tarball of expo-background-task 57.0.21), cited by short name:
//
// - [BackgroundTask.ts]: src/BackgroundTask.ts (the JS layer);
// - [Module.swift]: ios/BackgroundTaskModule.swift; [AppDelegate.swift]:
//   ios/BackgroundTaskAppDelegate.swift; [Scheduler.swift]: ios/BackgroundTaskScheduler.swift;
// - [Scheduler.kt]: android/src/main/java/expo/modules/backgroundtask/BackgroundTaskScheduler.kt
//   and [Work.kt]: BackgroundTaskWork.kt next to it.
//
// It runs on Hermes as well as Node: no Node built-ins, no test-runner imports.

export const BackgroundTaskResult = { Success: 1, Failed: 2 } as const;
export const BackgroundTaskStatus = { Restricted: 1, Available: 2 } as const;

/** How the fake was set up. */
export interface FakeExpoTaskOptions {
  /** A task `nightshift` registered by an earlier launch (interval 60 min). @default false */
  registered?: boolean;
  /** Which native module to behave as. @default 'android' */
  os?: 'android' | 'ios';
  /**
   * Where the app runs: a device, the iOS Simulator (no BGTaskScheduler), or Expo Go.
   * @default 'device'
   */
  environment?: 'device' | 'simulator' | 'expo-go';
}

/** One run of the task by the OS, and how it ended. */
export interface ExpoTaskRun {
  /**
   * `executor`: the JS executor resolved with this result; `cancelled`: Android's worker was
   * cancelled by `unregisterTaskAsync` while it ran ([Scheduler.kt] stopWorker).
   */
  endedBy?: 'executor' | 'cancelled';
  result?: unknown;
}

export function fakeExpoTask(options: FakeExpoTaskOptions = {}) {
  const os = options.os ?? 'android';
  const environment = options.environment ?? 'device';
  const executors = new Map<string, (body: any) => Promise<any>>();
  const registered = new Map<string, { minimumInterval?: number }>();
  if (options.registered) registered.set('nightshift', { minimumInterval: 60 });
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const warnings: string[] = [];
  const runs: ExpoTaskRun[] = [];
  const expiration = new Set<() => void>();
  let event = 0;
  let warnedRestricted = false;
  let warnedExpoGo = false;

  // [Scheduler.swift] supportsBackgroundTasks() is false on the simulator; Android's module
  // answers 2 always ([Module.kt] getStatusAsync). Expo Go answers Restricted from JS.
  const nativeStatus = () =>
    environment === 'simulator' && os === 'ios'
      ? BackgroundTaskStatus.Restricted
      : BackgroundTaskStatus.Available;

  const TaskManager = {
    defineTask(taskName: string, executor: (body: any) => Promise<any>) {
      calls.push({ method: 'defineTask', args: [taskName] });
      executors.set(taskName, executor);
    },
    isTaskDefined: (taskName: string) => executors.has(taskName),
    isTaskRegisteredAsync: async (taskName: string) => registered.has(taskName),
  };
  const typedTaskManager: ExpoTaskManagerLike = TaskManager;

  const validate = () => {
    // [BackgroundTask.ts] _validate: Expo Go only warns, once.
    if (environment === 'expo-go' && !warnedExpoGo) {
      warnedExpoGo = true;
      warnings.push('`Background Task` functionality is not available in Expo Go');
    }
  };

  const BackgroundTask = {
    BackgroundTaskResult,
    BackgroundTaskStatus,
    async getStatusAsync(): Promise<number> {
      calls.push({ method: 'getStatusAsync', args: [] });
      return environment === 'expo-go' ? BackgroundTaskStatus.Restricted : nativeStatus();
    },
    async registerTaskAsync(taskName: string, opts: { minimumInterval?: number } = {}) {
      calls.push({ method: 'registerTaskAsync', args: [taskName, opts] });
      if (!executors.has(taskName)) throw new Error(`Task '${taskName}' is not defined.`);
      // [BackgroundTask.ts]: on a restricted environment it warns once and returns without
      // registering anything, so the call resolves as if it worked.
      if (nativeStatus() === BackgroundTaskStatus.Restricted) {
        if (!warnedRestricted) {
          warnedRestricted = true;
          warnings.push(
            `Background tasks are not supported on iOS simulators. Skipped registering task: ${taskName}.`,
          );
        }
        return;
      }
      validate();
      if (registered.has(taskName)) return;
      registered.set(taskName, opts);
    },
    async unregisterTaskAsync(taskName: string) {
      calls.push({ method: 'unregisterTaskAsync', args: [taskName] });
      validate();
      if (!registered.has(taskName)) return;
      registered.delete(taskName);
      // [Scheduler.kt] unregisterTask → stopWorker: cancelUniqueWork cancels a RUNNING worker
      // too; its coroutine ends with CancellationException while the JS executor goes on.
      // [Scheduler.swift] stopWorker only cancels the pending request on iOS.
      if (os === 'android' && registered.size === 0)
        for (const run of runs) if (!run.endedBy) run.endedBy = 'cancelled';
    },
    // [BackgroundTask.ts] addExpirationListener → ExpoBackgroundTaskModule.addListener, which
    // every expo NativeModule has (it is an EventEmitter), on both platforms.
    addExpirationListener(listener: () => void) {
      expiration.add(listener);
      return { remove: () => expiration.delete(listener) };
    },
  };
  const typedBackgroundTask: ExpoBackgroundTaskLike = BackgroundTask;

  return {
    os,
    BackgroundTask: typedBackgroundTask,
    TaskManager: typedTaskManager,
    calls,
    warnings,
    runs,
    methods: () => calls.map((c) => c.method).filter((m) => m !== 'getStatusAsync'),
    registered,
    expirationListeners: () => expiration.size,
    /**
     * The OS runs the task; resolves with the executor's result. The OS runs only a task that
     * is registered ([Scheduler.kt] runTasks over the registered consumers; [Scheduler.swift]
     * schedules only with registered tasks), and never in Expo Go or on the simulator.
     */
    run(taskName = 'nightshift') {
      const executor = executors.get(taskName);
      if (!executor) throw new Error(`no task ${taskName}`);
      if (!registered.has(taskName))
        throw new Error(`task ${taskName} is not registered: the OS runs nothing`);
      if (environment !== 'device') throw new Error(`the OS runs no background task in ${environment}`);
      const run: ExpoTaskRun = {};
      runs.push(run);
      return executor({
        data: null,
        error: null,
        executionInfo: { eventId: String(++event), taskName },
      }).then((result: unknown) => {
        if (!run.endedBy) {
          run.endedBy = 'executor';
          run.result = result;
        }
        return result;
      });
    },
    /**
     * The system ends the background run. iOS: the expiration handler posts
     * `onTasksExpired` with `userInfo: [:]` ([AppDelegate.swift]), and the module forwards it
     * to JS only when the notification carries a `url` ([Module.swift]
     * handleTasksExpiredNotification), so no JS listener hears it. Android never posts it.
     */
    expire() {
      // Nothing reaches JS: the listeners stay registered and are not called.
    },
  };
}
