import type { OsScheduler, WakeRequest } from '@nightshift/core';
import { InvalidOptionsError } from '@nightshift/core';
import { backgroundFetchContext } from './backgroundFetchContext';
import type { BackgroundFetchLike } from './backgroundFetchLike';
import { type BackgroundFetchSchedulerOptions, MIN_FETCH_INTERVAL_MINUTES } from './backgroundFetchOptions';
import { checkBudget } from './checkBudget';
import { linkedBackgroundFetch } from './linkedBackgroundFetch';
import { realClock } from './realClock';
import { createRequestApplier } from './requestApplier';
import { acceptAppState } from './schedulerAppState';
import { createWakeDispatcher, type WakeHandle, type WakeOutcome } from './wakeDispatcher';

type Target = WakeRequest | null | 'listen';
type Applied =
  | { kind: 'none' | 'stopped' | 'failed' }
  | { kind: 'configured' | 'denied'; config: Record<string, unknown> };

const LISTEN: WakeRequest = { earliestAt: 0, network: false, charging: false };

/**
 * An {@link OsScheduler} over `react-native-background-fetch`.
 *
 * - `request(wake)` calls `configure` with `minimumFetchInterval: 15` (minutes) and the
 *   requested flags (`requiredNetworkType: NETWORK_TYPE_ANY` when `wake.network`,
 *   `requiresCharging` when `wake.charging`; both are enforced on Android only). It calls
 *   `configure` again only when the configuration changes. `null` calls `stop()`; the next
 *   request calls `configure` again, because on Android `stop()` deletes the saved
 *   configuration and a `start()` would schedule nothing. The fetch is periodic:
 *   `earliestAt` cannot be expressed, so a wake-up with nothing due yet ends at once and
 *   reports `no-data`.
 * - No `stop` or `configure` reaches the library while an OS event is open, headless ones
 *   included: on Android both finish the running task at once, and the OS would end the
 *   window under the running jobs. Requests made meanwhile wait, and only the latest is
 *   applied once every open event was finished.
 * - With a headless task registered for the same module (Android), nothing is configured
 *   or stopped until the app has been active in this JS context: a headless launch keeps
 *   the configuration the app left, as the library's authors advise (configure in the app,
 *   not next to `registerHeadlessTask`). This needs `appState` (createReactNativePlatform
 *   passes its own).
 * - On iOS, `configure` rejects when Background App Refresh is restricted or denied. The
 *   scheduler then warns once through `logger.warn`, naming the setting, resolves the
 *   request, and asks `BackgroundFetch.status()` on later requests (and when the app comes
 *   back to the foreground) instead of configuring each time; once available, it configures.
 * - On an OS event, every wake handler runs with `deadline = now + budgetMs` and an
 *   `AbortSignal`; then `BackgroundFetch.finish(taskId)` is called exactly once, also when a
 *   handler threw.
 * - On the library's timeout callback, the window's signal aborts (`WindowExpiredError`) and
 *   `finish(taskId)` is called at once, exactly once; for a task it no longer runs it still
 *   calls `finish`, unless it already finished that event.
 * - An event that arrives before any wake handler is registered (the queue is still
 *   loading its store) is held until one registers, and finished once the budget is spent
 *   if none does.
 * - A window still open at its deadline is aborted and finished then, so a hanging handler
 *   cannot make the OS penalise the app.
 *
 * Registering a wake handler calls `configure` (no flags) if no request did yet: the library
 * delivers events to JS only after `configure`, and a wake-up granted before the queue's first
 * request must still be received and finished. Requests made in the same tick replace it.
 *
 * A failed `configure` rejects the requests it covered (the queue reports it) and is retried
 * by the next one.
 *
 * For Android after termination, also set up {@link backgroundFetchHeadlessTask}.
 *
 * @throws InvalidOptionsError for a missing module, a `budgetMs` that is not a positive
 * finite number, or an interval below 15 minutes.
 *
 * @example
 * import BackgroundFetch from 'react-native-background-fetch';
 * const scheduler = backgroundFetchScheduler(BackgroundFetch, { budgetMs: 25_000 });
 * const platform = createReactNativePlatform({ appState: AppState, netInfo: NetInfo, scheduler });
 */
export function backgroundFetchScheduler(
  BackgroundFetch: BackgroundFetchLike,
  options: BackgroundFetchSchedulerOptions = {},
): OsScheduler {
  if (!BackgroundFetch || typeof BackgroundFetch.configure !== 'function') {
    throw new InvalidOptionsError(
      'backgroundFetchScheduler needs the react-native-background-fetch default export',
    );
  }
  // The context is the module's, shared with the headless task, which sees the module itself.
  const context = backgroundFetchContext(BackgroundFetch);
  BackgroundFetch = linkedBackgroundFetch(BackgroundFetch);
  const budgetMs = checkBudget('backgroundFetchScheduler', options.budgetMs);
  const interval = options.minimumFetchIntervalMinutes ?? MIN_FETCH_INTERVAL_MINUTES;
  if (!Number.isInteger(interval) || interval < MIN_FETCH_INTERVAL_MINUTES) {
    throw new InvalidOptionsError(
      `minimumFetchInterval must be an integer >= ${MIN_FETCH_INTERVAL_MINUTES}, got ${String(interval)}`,
    );
  }
  const { logger } = options;
  const clock = options.clock ?? realClock();

  const dispatcher = createWakeDispatcher({
    clock,
    budgetMs,
    kind: 'refresh',
    onCompleteError: (error) => logger?.error('BackgroundFetch.finish threw', { error }),
  });
  // The latest event per task id; task ids repeat (the fetch task always has the same one).
  const events = new Map<string, WakeHandle>();

  const onEvent = (taskId: string) => {
    // A new event for a task id still open means the OS moved on; finish the old one first.
    events.get(taskId)?.expire();
    const end = context.openEvent();
    events.set(
      taskId,
      dispatcher.dispatch((outcome: WakeOutcome) => {
        try {
          if (outcome.error !== undefined)
            logger?.error('background window failed', { taskId, error: outcome.error });
          else if (outcome.cut === 'no-handler')
            logger?.warn('background fetch event with no wake handler', { taskId });
          BackgroundFetch.finish(taskId);
        } finally {
          // After finish: a held stop or configure must reach the library after it.
          end();
        }
      }),
    );
  };
  const onTimeout = (taskId: string) => {
    const event = events.get(taskId);
    if (event) {
      event.expire();
      return;
    }
    // An event this scheduler never ran (delivered before it was configured): the OS still waits.
    try {
      BackgroundFetch.finish(taskId);
    } catch (error) {
      logger?.error('BackgroundFetch.finish threw', { error });
    }
  };

  // --- app state: is this JS context one the app has been active in? ---
  let appState = options.appState;
  let seenActive = false;
  let appStateSub: { remove(): void } | undefined;
  const isActive = () => {
    if (!seenActive && appState?.currentState === 'active') seenActive = true;
    return seenActive;
  };

  let applied: Applied = { kind: 'none' };
  let warnedDenied = false;

  const configFor = (wake: WakeRequest) => {
    const enableHeadless = options.enableHeadless ?? context.headlessRegistered;
    return {
      minimumFetchInterval: interval,
      stopOnTerminate: options.stopOnTerminate ?? !enableHeadless,
      startOnBoot: options.startOnBoot ?? true,
      enableHeadless,
      forceAlarmManager: options.forceAlarmManager ?? false,
      requiredNetworkType: wake.network
        ? BackgroundFetch.NETWORK_TYPE_ANY
        : BackgroundFetch.NETWORK_TYPE_NONE,
      requiresCharging: wake.charging,
    };
  };
  const status = async (): Promise<number | undefined> => {
    if (typeof BackgroundFetch.status !== 'function') return undefined;
    try {
      return await BackgroundFetch.status();
    } catch {
      return undefined;
    }
  };

  const apply = async (target: Target): Promise<void> => {
    if (target === null) {
      if (applied.kind === 'stopped') return;
      // Nothing sent from this JS context yet: a fetch an earlier launch scheduled may still
      // be there (a headless run that emptied the queue cannot stop it) and would wake the app
      // for nothing, forever with stopOnTerminate: false. Stopped once the user has had the
      // app open; never from a background launch, whose own task may not have reached JS yet.
      if (applied.kind === 'none') {
        if (!isActive()) {
          watchAppState();
          return;
        }
        // stop() cancels only a fetch this process configured ([BF.java] stop looks the task
        // up in its in-memory configs, empty in a new process), so configure it first.
        await apply('listen');
        if ((applied as Applied).kind !== 'configured') return; // denied (iOS): the OS runs nothing
      }
      await BackgroundFetch.stop();
      applied = { kind: 'stopped' };
      return;
    }
    if (target === 'listen' && applied.kind !== 'none') return;
    const config = configFor(target === 'listen' ? LISTEN : target);
    if (applied.kind === 'configured' && sameConfig(applied.config, config)) return;
    if (applied.kind === 'denied') {
      const now = await status();
      if (now !== undefined && now !== BackgroundFetch.STATUS_AVAILABLE) {
        applied = { kind: 'denied', config };
        return;
      }
    }
    try {
      await BackgroundFetch.configure(config, onEvent, onTimeout);
    } catch (error) {
      // iOS rejects configure when Background App Refresh is off, rather than resolving
      // with the status (RNBackgroundFetch.mm); status() tells that apart from a failure.
      const now = await status();
      if (now === undefined || now === BackgroundFetch.STATUS_AVAILABLE) {
        applied = { kind: 'failed' };
        throw error;
      }
      applied = { kind: 'denied', config };
      if (!warnedDenied) {
        warnedDenied = true;
        logger?.warn(
          'Background App Refresh is off for this app (iOS Settings → General → Background App Refresh, for the device or this app; Low Power Mode and Screen Time can turn it off too): the OS will not wake it, and jobs run only while it is open',
          { status: now },
        );
      }
      watchAppState();
      return;
    }
    applied = { kind: 'configured', config };
    warnedDenied = false;
    watchAppState();
  };

  const headlessHold = () => {
    if (!context.headlessRegistered || appState === undefined || isActive()) return false;
    watchAppState(); // to hear when the app becomes active
    return true;
  };
  const applier = createRequestApplier<Target>({
    apply,
    held: () => context.open > 0 || headlessHold(),
  });
  context.onIdle(() => applier.resume());
  let lastTarget: Target | undefined;
  const set = (target: Target) => {
    lastTarget = target;
    return applier.set(target);
  };

  // Follows AppState only while it matters: until the app was active (headless hold), and
  // while iOS refuses background refresh (the user may have just turned it on).
  function watchAppState() {
    const needed =
      appState !== undefined &&
      ((context.headlessRegistered && !isActive()) ||
        applied.kind === 'denied' ||
        (applied.kind === 'none' && lastTarget === null && !isActive()));
    if (needed && !appStateSub && appState) {
      appStateSub = appState.addEventListener('change', (state) => {
        if (state !== 'active') return;
        seenActive = true;
        watchAppState();
        // Denied: the user may be back from Settings; the same target again asks status().
        // Nothing sent for a `null` plan: an earlier launch's fetch may be left to stop.
        if (
          (applied.kind === 'denied' || (applied.kind === 'none' && lastTarget === null)) &&
          lastTarget !== undefined
        )
          set(lastTarget).catch(() => {});
        else applier.resume();
      });
    } else if (!needed && appStateSub) {
      appStateSub.remove();
      appStateSub = undefined;
    }
  }

  const scheduler: OsScheduler = {
    request: (wake) => set(wake),
    onWake(handler) {
      if (!applier.hasTarget) {
        set('listen').catch((error) => logger?.error('BackgroundFetch.configure failed', { error }));
      }
      return dispatcher.onWake(handler);
    },
  };
  acceptAppState(scheduler, (bound) => {
    if (appState) return; // the option wins
    appState = bound;
    watchAppState();
  });
  if (appState) watchAppState();
  return scheduler;
}

function sameConfig(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}
