import type { ExpoBackgroundTaskLike, ExpoTaskManagerLike } from '../../src/index';

export const BackgroundTaskResult = { Success: 1, Failed: 2 } as const;

/**
 * Behaves as expo-task-manager and expo-background-task: `defineTask` keeps the executor,
 * `registerTaskAsync` is a no-op for a registered task (it checks `isTaskRegisteredAsync`),
 * `unregisterTaskAsync` a no-op for one that is not; the OS runs the executor with a task body.
 */
export function fakeExpoTask(options: { registered?: boolean; expiration?: boolean } = {}) {
  const executors = new Map<string, (body: any) => Promise<any>>();
  const registered = new Map<string, { minimumInterval?: number }>();
  if (options.registered) registered.set('nightshift', { minimumInterval: 60 });
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const expiration = new Set<() => void>();
  let event = 0;
  const TaskManager = {
    defineTask(taskName: string, executor: (body: any) => Promise<any>) {
      calls.push({ method: 'defineTask', args: [taskName] });
      executors.set(taskName, executor);
    },
    isTaskDefined: (taskName: string) => executors.has(taskName),
    isTaskRegisteredAsync: async (taskName: string) => registered.has(taskName),
  };
  const typedTaskManager: ExpoTaskManagerLike = TaskManager;
  const BackgroundTask: ExpoBackgroundTaskLike = {
    BackgroundTaskResult,
    async registerTaskAsync(taskName: string, opts: { minimumInterval?: number } = {}) {
      calls.push({ method: 'registerTaskAsync', args: [taskName, opts] });
      if (!executors.has(taskName)) throw new Error(`Task '${taskName}' is not defined.`);
      if (registered.has(taskName)) return;
      registered.set(taskName, opts);
    },
    async unregisterTaskAsync(taskName: string) {
      calls.push({ method: 'unregisterTaskAsync', args: [taskName] });
      registered.delete(taskName);
    },
  };
  if (options.expiration) {
    BackgroundTask.addExpirationListener = (listener: () => void) => {
      expiration.add(listener);
      return { remove: () => expiration.delete(listener) };
    };
  }
  return {
    BackgroundTask,
    TaskManager: typedTaskManager,
    calls,
    methods: () => calls.map((c) => c.method),
    registered,
    expirationListeners: () => expiration.size,
    /** The OS runs the task; resolves with the executor's result. */
    run(taskName = 'nightshift') {
      const executor = executors.get(taskName);
      if (!executor) throw new Error(`no task ${taskName}`);
      return executor({ data: null, error: null, executionInfo: { eventId: String(++event), taskName } });
    },
    /** iOS ends the background run. */
    expire() {
      for (const l of [...expiration]) l();
    },
  };
}
