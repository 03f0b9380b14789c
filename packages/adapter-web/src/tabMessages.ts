import type { JobSnapshot, QueueStats, SerializedError, WindowReport } from '@nightshift/core';

/** The methods a tab that does not run the jobs forwards to the one that does. */
export type ForwardedMethod = 'enqueue' | 'enqueueMany' | 'cancel' | 'cancelWhere' | 'runWindow' | 'has';

/** One event of the running context, as `[name, ...args]` with errors serialized and signals left out. */
export type WireEvent = [string, ...unknown[]];

/**
 * Everything that goes over a queue's BroadcastChannel. `leader` is the id of a running
 * context's term (a new one each time a context takes over), `from` / `to` a tab's id.
 */
export type TabMessage =
  /** A tab asks the running context for its state (it just started). */
  | { t: 'hello'; from: string }
  /**
   * One page of the running context's whole state: to every tab when it takes over, to one
   * tab after `hello`. A state of many jobs goes in several pages (`part` of `parts`, one
   * `stream`), so that no message is one long structured clone.
   */
  | {
      t: 'state';
      leader: string;
      to?: string;
      stream: string;
      part: number;
      parts: number;
      jobs: JobSnapshot[];
      stats: QueueStats;
    }
  /** What changed since the last message: the events in order, then the jobs as they are now. */
  | {
      t: 'batch';
      leader: string;
      events: WireEvent[];
      jobs: JobSnapshot[];
      removed: string[];
      stats: QueueStats;
    }
  /** A forwarded call, to the running context's current term. */
  | {
      t: 'call';
      from: string;
      to: string;
      call: number;
      /** 1 for the first send; more when it is sent again to a new running context. */
      attempt: number;
      method: ForwardedMethod;
      args: unknown[];
      /** Which job ids the forwarding tab made (not the caller), per job: a made id names one job only. */
      madeIds: boolean[];
    }
  /** The running context has the call: it is being served. */
  | { t: 'ack'; leader: string; to: string; call: number }
  /** The call's outcome. */
  | { t: 'reply'; leader: string; to: string; call: number; value?: unknown; error?: SerializedError }
  /** A tab's own app state, so the running context stays `active` while any tab is visible. */
  | { t: 'presence'; from: string; active: boolean }
  /** A tab detaches (stop or page hide). */
  | { t: 'bye'; from: string }
  /** A service worker's sync event, handed to the running context as a window. */
  | { t: 'wake'; wake: string; deadline: number }
  /** The running context took the `wake` and runs its window. */
  | { t: 'waking'; wake: string }
  /** The window the running context ran for a `wake`. */
  | { t: 'woken'; wake: string; report: WindowReport };
