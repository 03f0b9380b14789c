/**
 * What the scheduler and the headless task of one react-native-background-fetch module share
 * within one JS context: the OS events open right now, and whether a headless task was
 * registered. Keyed by the module object, which is one per JS context.
 */
export interface BackgroundFetchContext {
  /** OS events received and not yet finished, foreground and headless together. */
  readonly open: number;
  /** Whether {@link backgroundFetchHeadlessTask} was set up with this module. */
  headlessRegistered: boolean;
  /** Counts an event as open; the returned function ends it (once). */
  openEvent(): () => void;
  /** Calls `listener` each time the last open event ends; returns the unsubscribe function. */
  onIdle(listener: () => void): () => void;
}

const contexts = new WeakMap<object, BackgroundFetchContext>();

/** The context of `module`, made on first use. Internal to the adapter. */
export function backgroundFetchContext(module: object): BackgroundFetchContext {
  let context = contexts.get(module);
  if (context) return context;
  let open = 0;
  const idle = new Set<() => void>();
  context = {
    get open() {
      return open;
    },
    headlessRegistered: false,
    openEvent() {
      open++;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        open--;
        if (open === 0) for (const listener of [...idle]) listener();
      };
    },
    onIdle(listener) {
      idle.add(listener);
      return () => {
        idle.delete(listener);
      };
    },
  };
  contexts.set(module, context);
  return context;
}
