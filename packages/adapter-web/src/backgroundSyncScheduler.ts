import {
  InvalidOptionsError,
  type OsScheduler,
  type WakeRequest,
  type WakeWindow,
  type WindowReport,
} from '@nightshift/core';
import { queueNames } from './names';
import type { TabMessage } from './tabMessages';

/**
 * Options of {@link backgroundSyncScheduler}.
 *
 * @example
 * backgroundSyncScheduler({ serviceWorker: '/sw.js', scope: '/' });
 */
export interface BackgroundSyncSchedulerOptions {
  /**
   * The service worker that runs due jobs while no tab is open: its script URL (the
   * scheduler registers it, once, on the first request), or a registration you made.
   * Its `sync` listener calls `handleSyncEvent`. Required.
   * @example serviceWorker: '/sw.js'
   */
  serviceWorker: string | URL | ServiceWorkerRegistration | Promise<ServiceWorkerRegistration>;
  /**
   * The scope to register the script with.
   * @default the script's directory, as `navigator.serviceWorker.register` does
   * @example scope: '/app/'
   */
  scope?: string;
  /**
   * The queue's name. `createTabQueue` tells it; give it only with `createQueue` in a
   * service worker.
   * @default the name of the `createTabQueue` it is given to
   * @example queueName: 'app'
   */
  queueName?: string;
}

/** The `OsScheduler` of {@link backgroundSyncScheduler}. */
export interface BackgroundSyncScheduler extends OsScheduler {
  /**
   * Tells the scheduler the queue's name, which names its sync tag and channel
   * (`nightshift:<name>`). `createTabQueue` calls it; a `queueName` option wins.
   */
  bindQueueName(name: string): void;
}

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
  periodicSync?: {
    register(tag: string, options: { minInterval: number }): Promise<void>;
    unregister(tag: string): Promise<void>;
  };
}

interface WebGlobals {
  navigator?: {
    onLine?: boolean;
    serviceWorker?: ServiceWorkerContainer;
    permissions?: { query(descriptor: { name: string }): Promise<{ state: string }> };
  };
  document?: { visibilityState: string };
  registration?: ServiceWorkerRegistration;
  SyncManager?: unknown;
  ServiceWorkerGlobalScope?: abstract new () => unknown;
  addEventListener?: (type: string, listener: () => void) => void;
}

/** A wake-up as good as due: within this much of now. */
const DUE_SLACK_MS = 1_000;

/**
 * Wake-ups through a service worker's Background Sync, where the browser has it (Chromium:
 * Chrome, Edge, Opera, Samsung Internet). Elsewhere (Firefox, Safari) it does nothing and
 * jobs run while a tab of the origin is open.
 *
 * - A due wake-up is handed to the service worker by registering a one-off sync
 *   (`nightshift:<queue name>`): when the tab that runs the jobs is offline, or hides or
 *   closes with work due. The browser fires the sync once it is online, also with no tab
 *   open, and the worker's `handleSyncEvent` runs a window. It is not registered while a
 *   visible tab is online: that tab runs the jobs itself.
 * - Where the site may use Periodic Background Sync (an installed web app whose permission
 *   is granted), each request also registers a periodic sync with `minInterval` set to the
 *   time until the wake-up; `null` unregisters it. Browsers space those at 12 hours or more.
 * - When a sync fires while a tab runs the jobs, the service worker hands the window to
 *   that tab over the queue's BroadcastChannel: the queue's wake handler runs it here.
 *
 * @example
 * // page
 * const platform = createWebPlatform({ scheduler: backgroundSyncScheduler({ serviceWorker: '/sw.js' }) });
 * const queue = createTabQueue({ name: 'app', platform, store, jobs });
 * // sw.js
 * self.addEventListener('sync', (event) => handleSyncEvent(event, () => createQueue({ platform: createWebPlatform(), store, jobs })));
 */
export function backgroundSyncScheduler(options: BackgroundSyncSchedulerOptions): BackgroundSyncScheduler {
  const { serviceWorker, scope } = options ?? ({} as BackgroundSyncSchedulerOptions);
  if (
    typeof serviceWorker !== 'string' &&
    !(typeof URL !== 'undefined' && serviceWorker instanceof URL) &&
    (typeof serviceWorker !== 'object' || serviceWorker === null)
  ) {
    throw new InvalidOptionsError(
      'backgroundSyncScheduler needs { serviceWorker }: the script URL or a ServiceWorkerRegistration',
    );
  }
  const g = globalThis as WebGlobals;
  const inServiceWorker =
    typeof g.ServiceWorkerGlobalScope === 'function' && globalThis instanceof g.ServiceWorkerGlobalScope;
  const supported = typeof g.SyncManager !== 'undefined';
  let queueName = options.queueName;
  let last: WakeRequest | null = null;
  let registration: Promise<ServiceWorkerRegistration & SyncRegistration> | undefined;
  let hooked = false;
  const handlers = new Set<(window: WakeWindow) => Promise<WindowReport>>();
  let channel: BroadcastChannel | undefined;

  const tag = () => {
    if (queueName === undefined) {
      throw new InvalidOptionsError(
        'backgroundSyncScheduler needs the queue name: give it to createTabQueue, or pass { queueName }',
      );
    }
    return queueNames(queueName).syncTag;
  };

  function worker(): Promise<ServiceWorkerRegistration & SyncRegistration> {
    registration ??= (async () => {
      if (inServiceWorker) return g.registration as ServiceWorkerRegistration & SyncRegistration;
      const reg =
        typeof serviceWorker === 'string' || serviceWorker instanceof URL
          ? await g.navigator!.serviceWorker!.register(
              serviceWorker,
              scope === undefined ? undefined : { scope },
            )
          : await serviceWorker;
      await activated(reg);
      return reg as ServiceWorkerRegistration & SyncRegistration;
    })();
    registration.catch(() => {
      registration = undefined;
    });
    return registration;
  }

  const due = (wake: WakeRequest | null) => wake !== null && wake.earliestAt <= Date.now() + DUE_SLACK_MS;
  const away = () => g.navigator?.onLine === false || g.document?.visibilityState === 'hidden';

  async function registerSync(): Promise<void> {
    const reg = await worker();
    await reg.sync?.register(tag());
  }

  async function periodic(wake: WakeRequest | null): Promise<void> {
    const reg = await worker();
    if (!reg.periodicSync) return;
    if (wake === null) return reg.periodicSync.unregister(tag());
    const permission = await g.navigator?.permissions
      ?.query({ name: 'periodic-background-sync' })
      .catch(() => undefined);
    if (permission?.state !== 'granted') return;
    await reg.periodicSync.register(tag(), { minInterval: Math.max(0, wake.earliestAt - Date.now()) });
  }

  // The moments a tab stops running jobs on its own: it went offline, or it is hidden or leaving.
  function hook(): void {
    if (hooked || inServiceWorker || !g.addEventListener) return;
    hooked = true;
    const handOver = () => {
      if (due(last) && away()) registerSync().catch(() => {});
    };
    g.addEventListener('offline', handOver);
    g.addEventListener('pagehide', handOver);
    g.addEventListener('visibilitychange', handOver);
  }

  function listen(): void {
    if (channel || queueName === undefined || typeof BroadcastChannel === 'undefined') return;
    const open = new BroadcastChannel(queueNames(queueName).channel);
    open.onmessage = (event: MessageEvent<TabMessage>) => {
      const message = event.data;
      const [handler] = handlers;
      if (message.t !== 'wake' || !handler) return;
      open.postMessage({ t: 'waking', wake: message.wake } satisfies TabMessage);
      handler({ deadline: message.deadline, kind: 'refresh' }).then((report) =>
        open.postMessage({ t: 'woken', wake: message.wake, report } satisfies TabMessage),
      );
    };
    channel = open;
  }

  return {
    bindQueueName(name) {
      queueName ??= name;
      if (handlers.size > 0) listen();
    },
    async request(wake) {
      last = wake;
      if (!supported) return;
      tag();
      hook();
      // In the service worker, a sync left undone is retried by failing the event (handleSyncEvent).
      if (!inServiceWorker && due(wake) && away()) await registerSync();
      await periodic(wake);
    },
    onWake(handler) {
      handlers.add(handler);
      listen();
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0) {
          channel?.close();
          channel = undefined;
        }
      };
    },
  };
}

/** Resolves once the registration has an active worker: a sync can be registered only then. */
function activated(reg: ServiceWorkerRegistration): Promise<void> {
  if (reg.active) return Promise.resolve();
  const pending = reg.installing ?? reg.waiting;
  if (!pending) return Promise.resolve();
  return new Promise((resolve, reject) => {
    pending.addEventListener('statechange', () => {
      if (pending.state === 'activated') resolve();
      else if (pending.state === 'redundant') reject(new Error('the service worker failed to install'));
    });
  });
}
