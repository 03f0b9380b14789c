import {
  createQueue,
  type EnqueueOptions,
  InvalidOptionsError,
  type JobType,
  type Queue,
  type QueueOptions,
  QueueStoppedError,
  QueueUnavailableError,
} from '@nightshift/core';
import { applyBatch } from './applyBatch';
import { forwardedJob, refuseFunctionBackoff } from './forwardable';
import { Forwarder } from './forwarder';
import { type Relay, relayLeader } from './leaderRelay';
import { Mirror } from './mirror';
import { mirrorWaitFor } from './mirrorWaitFor';
import { queueNames, randomId } from './names';
import { serveCall } from './serveCall';
import { StateAssembly } from './stateAssembly';
import { TabEmitter } from './tabEmitter';
import type { ForwardedMethod, TabMessage } from './tabMessages';
import { createTabPresence } from './tabPresence';
import type { TabQueueOptions } from './tabQueueOptions';
import { lockManager, openTabSession, type TabSession } from './tabSession';
import { toWireError } from './wireErrors';

type Phase = 'idle' | 'starting' | 'started' | 'stopping' | 'stopped';

/**
 * A `Queue` with the same API in every tab of an origin, run by one context at a time.
 *
 * Every tab calls `start()`. Each asks for the Web Lock named after the queue; the one
 * that holds it runs the jobs with a queue of its own (`createQueue` with these options),
 * and the others forward `enqueue`, `enqueueMany`, `cancel`, `cancelWhere` and `runWindow`
 * to it over a `BroadcastChannel` and mirror its jobs, events and stats, so
 * `@nightshift/react` hooks work in any tab.
 *
 * - An `enqueue` in any tab resolves once the running context has written the job.
 * - A forwarding tab makes the job id before it forwards, so a call sent again after a
 *   handover is the same job, never a second one.
 * - When the running tab closes or crashes, the browser releases its lock and the next tab
 *   in line takes over: its queue `start()`s on the same store and recovers, so jobs that
 *   were running count an interruption and run again; nothing acknowledged is lost. The
 *   lock is what makes two tabs never run jobs at once.
 * - While no context runs the jobs, calls wait, and past `handoverTimeoutMs` they reject
 *   with `QueueUnavailableError`.
 * - In a tab that does not run the jobs, `get`, `list` and `stats` answer from the mirror,
 *   which may lag by one broadcast; `waitFor` and events follow the running context.
 *   `stop()` detaches that tab alone.
 * - The running context's `appState` is `active` while any tab of the origin is visible.
 * - A function `retry.backoff` passed to `enqueue` is refused with `InvalidOptionsError`
 *   in every tab: it could not reach another tab. Put it on the job type instead.
 *
 * @example
 * import { createTabQueue, createWebPlatform } from '@nightshift/adapter-web';
 * import { defineJob } from '@nightshift/core';
 * import { createIndexedDbStore } from '@nightshift/store-indexeddb';
 *
 * const upload = defineJob({
 *   name: 'upload',
 *   constraints: { network: 'connected' },
 *   async run(file: { name: string; text: string }, ctx) {
 *     await fetch('/upload', { method: 'POST', body: file.text, signal: ctx.signal });
 *   },
 * });
 * const queue = createTabQueue({
 *   name: 'app',
 *   platform: createWebPlatform(),
 *   store: createIndexedDbStore({ name: 'app-jobs' }),
 *   jobs: [upload],
 * });
 * await queue.start(); // in every tab
 * await queue.enqueue(upload, { name: 'a.txt', text: 'hello' }); // from any tab
 */
export function createTabQueue<const Jobs extends readonly JobType[]>(
  options: TabQueueOptions<Jobs>,
): Queue<Jobs> {
  const { name, handoverTimeoutMs = 10_000 } = options ?? ({} as TabQueueOptions<Jobs>);
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidOptionsError(`createTabQueue needs a name, got ${JSON.stringify(name) ?? String(name)}`);
  }
  if (
    typeof handoverTimeoutMs !== 'number' ||
    !(handoverTimeoutMs > 0) ||
    !Number.isFinite(handoverTimeoutMs)
  ) {
    throw new InvalidOptionsError(
      `createTabQueue handoverTimeoutMs must be a finite number > 0, got ${String(handoverTimeoutMs)}`,
    );
  }
  const { platform } = options;
  const names = queueNames(name);
  const tab = randomId();

  // The running context's view of the other tabs: which are active (visible).
  const presence = createTabPresence();
  const runPlatform = platform?.conditions
    ? { ...platform, conditions: presence.conditions(platform.conditions) }
    : platform;
  const { name: _name, handoverTimeoutMs: _timeout, ...queueOptions } = options;
  const makeQueue = () => createQueue({ ...queueOptions, platform: runPlatform } as QueueOptions<Jobs>);
  // Made now, so that bad options throw here as createQueue's do; it runs if this tab leads first.
  let spare: Queue<Jobs> | undefined = makeQueue();
  (platform.scheduler as { bindQueueName?: (name: string) => void } | undefined)?.bindQueueName?.(name);

  const emitter = new TabEmitter(options.logger);
  const subscribers = new Set<() => void>();
  const mirror = new Mirror();
  const assembly = new StateAssembly();
  let phase: Phase = 'idle';
  let running: Queue<Jobs> | undefined;
  let relay: Relay | undefined;
  let term: string | undefined;
  let session: TabSession | undefined;
  let ready: { resolve(): void; reject(error: unknown): void } | undefined;
  let stepDown: (() => void) | undefined;
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const post = (message: TabMessage) => session?.channel.postMessage(message);
  const forwarder = new Forwarder({
    tab,
    queue: name,
    clock: platform.clock,
    timeoutMs: handoverTimeoutMs,
    post: (message) => {
      if (!session) throw new QueueStoppedError('the tab queue is not started');
      session.channel.postMessage(message);
    },
  });

  const notify = () => {
    for (const listener of [...subscribers]) {
      try {
        listener();
      } catch (error) {
        emitter.emit('error', [error]);
      }
    }
  };

  const active = () => platform.conditions?.get().appState !== 'background';
  const postPresence = () => {
    if (!running && forwarder.leader !== undefined) post({ t: 'presence', from: tab, active: active() });
  };

  function receive(message: TabMessage): void {
    switch (message.t) {
      case 'hello':
        relay?.sendState(message.from).catch((error: unknown) => emitter.emit('error', [error]));
        return;
      case 'state': {
        if (running || (message.to !== undefined && message.to !== tab)) return;
        const whole = assembly.page(message);
        if (!whole) return;
        const changed = forwarder.leader !== whole.leader;
        mirror.replace(whole.jobs, whole.stats);
        for (const later of whole.after)
          applyBatch(mirror, later.applied ? undefined : emitter, later.message);
        forwarder.leaderIs(whole.leader);
        if (changed) postPresence();
        ready?.resolve();
        notify();
        return;
      }
      case 'batch': {
        if (running) return;
        const current = message.leader === forwarder.leader;
        assembly.batch(message, current);
        if (!current) return;
        applyBatch(mirror, emitter, message);
        notify();
        return;
      }
      case 'call':
        if (running && message.to === term) serveRemote(message);
        return;
      case 'ack':
        if (message.to === tab) forwarder.ack(message.call);
        return;
      case 'reply':
        if (message.to === tab) forwarder.reply(message.call, message.value, message.error);
        return;
      case 'presence':
        if (running && session) {
          presence.set(message.from, message.active, names.tabLock(message.from), session.signal);
        }
        return;
      case 'bye':
        if (running) presence.forget(message.from);
        return;
      default:
        // `wake`, `waking` and `woken` are between a service worker and the scheduler.
        return;
    }
  }

  function serveRemote(message: Extract<TabMessage, { t: 'call' }>): void {
    const leader = term!;
    post({ t: 'ack', leader, to: message.from, call: message.call });
    serveCall(running!, message.method, message.args, message.attempt, message.madeIds).then(
      (value) => {
        relay?.flush();
        post({ t: 'reply', leader, to: message.from, call: message.call, value });
      },
      (error) => {
        relay?.flush();
        post({ t: 'reply', leader, to: message.from, call: message.call, error: toWireError(error) });
      },
    );
  }

  /** Holds the run lock: runs the jobs until this tab stops or dies. */
  async function lead(): Promise<void> {
    if (phase !== 'starting' && phase !== 'started') return;
    // In place before anything awaits: a stop() meanwhile releases the lock at the end.
    const released = new Promise<void>((resolve) => {
      stepDown = resolve;
    });
    const queue = spare ?? makeQueue();
    spare = undefined;
    const myTerm = randomId();
    const myRelay = relayLeader(queue, options, {
      leader: myTerm,
      post,
      emit: (event, args) => emitter.emit(event, args),
      notify,
      yieldToHost: platform.yieldToHost,
    });
    try {
      await queue.start();
    } catch (error) {
      myRelay.detach();
      if (ready) ready.reject(error);
      else emitter.emit('error', [error]);
      // Give the lock back; this tab asks again later, in case it was a passing failure.
      const clock = platform.clock;
      session?.onClose(clock.setTimer(clock.now() + handoverTimeoutMs, requestLock));
      return;
    }
    if (phase !== 'starting' && phase !== 'started') {
      myRelay.detach();
      await queue.stop({ timeoutMs: 0 });
      return;
    }
    running = queue;
    relay = myRelay;
    term = myTerm;
    presence.clear();
    assembly.clear();
    await myRelay.announce();
    // Calls made here while another context ran the jobs: they may have been served there.
    for (const call of forwarder.takeAll()) {
      serveCall(queue, call.method, call.args, call.attempt + 1, call.madeIds).then(
        call.resolve,
        call.reject,
      );
    }
    for (const [id, waiting] of mirror.takeWaiters()) {
      queue.waitFor(id).then(
        (job) => {
          for (const w of waiting) w.resolve(job);
        },
        (error) => {
          for (const w of waiting) w.reject(error);
        },
      );
    }
    ready?.resolve();
    notify();
    await released;
  }

  function requestLock(): void {
    if (!session || session.signal.aborted) return;
    lockManager()!
      .request(names.lock, { signal: session.signal }, lead)
      .catch((error: unknown) => {
        if (!session?.signal.aborted) emitter.emit('error', [error]);
      });
  }

  async function attach(): Promise<void> {
    session = openTabSession(names.channel, names.tabLock(tab), receive, { t: 'bye', from: tab });
    phase = 'starting';
    const offConditions = platform.conditions?.subscribe(() => postPresence());
    if (offConditions) session.onClose(offConditions);

    const started = new Promise<void>((resolve, reject) => {
      ready = { resolve, reject };
    });
    const clock = platform.clock;
    const cancelTimeout = clock.setTimer(clock.now() + handoverTimeoutMs, () =>
      ready?.reject(
        new QueueUnavailableError(
          `no context ran the queue "${name}" within ${handoverTimeoutMs} ms of start(); call start() again`,
        ),
      ),
    );
    requestLock();
    post({ t: 'hello', from: tab });
    try {
      await started;
    } finally {
      cancelTimeout();
      ready = undefined;
    }
    phase = 'started';
  }

  function detach(): void {
    session?.close();
    session = undefined;
    stepDown?.();
    stepDown = undefined;
    running = undefined;
    relay = undefined;
    term = undefined;
  }

  /** A forwarded call, or served here when this tab runs the jobs. */
  function invoke(method: ForwardedMethod, args: unknown[], madeIds: boolean[] = []): Promise<unknown> {
    if (phase !== 'started') {
      return Promise.reject(
        new QueueStoppedError(
          phase === 'stopped' || phase === 'stopping'
            ? 'the tab queue was stopped'
            : 'the tab queue is not started: call start() first',
        ),
      );
    }
    if (running) return serveCall(running, method, args, 1, madeIds);
    return forwarder.call(method, args, madeIds);
  }

  function assertForwarding(): void {
    if (phase !== 'started') {
      throw new QueueStoppedError(
        phase === 'stopped' || phase === 'stopping'
          ? 'the tab queue was stopped'
          : 'the tab queue is not started: call start() first',
      );
    }
  }

  const queue = {
    start() {
      if (phase === 'stopping' || phase === 'stopped') {
        return Promise.reject(
          new QueueStoppedError('the tab queue was stopped; a stopped queue cannot start again'),
        );
      }
      starting ??= attach().catch((error: unknown) => {
        starting = undefined;
        detach();
        phase = 'idle';
        throw error;
      });
      return starting;
    },
    stop(opts?: { timeoutMs?: number }) {
      stopping ??= (async () => {
        const wasRunning = running;
        const wasAttached = phase !== 'idle';
        phase = 'stopping';
        forwarder.failAll(new QueueStoppedError('the tab queue was stopped'));
        if (wasAttached) post({ t: 'bye', from: tab });
        if (wasRunning) {
          await wasRunning.stop(opts);
          relay?.detach();
        }
        detach();
        phase = 'stopped';
      })();
      return stopping;
    },
    async enqueue(type: JobType | string, payload: unknown, opts?: EnqueueOptions) {
      if (running) {
        refuseFunctionBackoff(opts);
        return running.enqueue(type as never, payload as never, opts);
      }
      assertForwarding();
      const job = forwardedJob(type, payload, opts);
      return invoke('enqueue', [job.name, payload, job.options], [job.made]);
    },
    async enqueueMany(items: Array<{ type: JobType | string; payload: unknown; options?: EnqueueOptions }>) {
      if (running) {
        for (const item of items ?? []) refuseFunctionBackoff(item?.options);
        return running.enqueueMany(items as never);
      }
      assertForwarding();
      if (!Array.isArray(items)) throw new InvalidOptionsError('enqueueMany needs an array of items');
      const jobs = items.map((item) => forwardedJob(item?.type, item?.payload, item?.options));
      const wire = jobs.map((job, i) => ({
        type: job.name,
        payload: items[i]!.payload,
        options: job.options,
      }));
      return invoke(
        'enqueueMany',
        [wire],
        jobs.map((job) => job.made),
      );
    },
    cancel: (id: string) => (running ? running.cancel(id) : invoke('cancel', [id])),
    cancelWhere: (filter: Parameters<Queue['cancelWhere']>[0]) =>
      running ? running.cancelWhere(filter) : invoke('cancelWhere', [filter]),
    runWindow: (window: Parameters<Queue['runWindow']>[0]) =>
      running
        ? running.runWindow(window)
        : invoke('runWindow', [{ deadline: window?.deadline, kind: window?.kind }]),
    get: (id: string) => (running ? running.get(id) : mirror.get(id)),
    list: (filter?: Parameters<Queue['list']>[0]) => (running ? running.list(filter) : mirror.list(filter)),
    stats: () => (running ? running.stats() : mirror.stats),
    waitFor: (id: string, opts?: { signal?: AbortSignal }) =>
      running
        ? running.waitFor(id, opts)
        : mirrorWaitFor(mirror, id, opts?.signal, () => invoke('has', [id])),
    on(event: string, listener: (...args: any[]) => void) {
      emitter.on(event, listener);
      return queue;
    },
    off(event: string, listener: (...args: any[]) => void) {
      emitter.off(event, listener);
      return queue;
    },
    once(event: string, listener: (...args: any[]) => void) {
      emitter.on(event, listener, true);
      return queue;
    },
    subscribe(listener: () => void) {
      subscribers.add(listener);
      return () => {
        subscribers.delete(listener);
      };
    },
  };
  return queue as unknown as Queue<Jobs>;
}
