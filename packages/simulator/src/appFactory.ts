import type { MemoryPlatform } from '@nightshift/adapter-memory';
import type { JobType, Queue, Store } from '@nightshift/core';

/** What the app factory gets for each process the simulation launches. */
export interface SimulationEnv {
  /** The simulated device; define handlers' delays with `platform.sleep(ms, ctx.signal)`. Do not call `wake` or `crash`: the simulation does. */
  platform: MemoryPlatform;
  /** The store: the same data every launch; a killed process's queue never writes to it again. */
  store: Store;
  /** 0 for the first process, then 1, 2… after each kill. */
  launch: number;
  /** Why this process started: the simulation began, the user opened the app, or an OS wake-up. */
  reason: 'initial' | 'open' | 'wake';
  /** A seeded random stream for the app's own choices (photos taken, events logged). */
  random: () => number;
}

/** One process of the app: its queue, its job types and what it does on lifecycle events. */
export interface SimulatedApp {
  /** The queue, created but not started: the simulation starts it. */
  queue: Queue<any>;
  /** The job types the queue runs, for the constraint check. */
  jobs: readonly JobType[];
  /** After `queue.start()` resolved, in every process (enqueue periodic work with a `uniqueKey` here). Must not wait on virtual time. @default none */
  onStart?(): unknown;
  /** Each time the user opens the app (after `onStart` for a process the open launched). @default none */
  onForeground?(): unknown;
  /** Each time the app goes to the background while this process lives. @default none */
  onBackground?(): unknown;
}

/**
 * Builds the app for one process: called at the start and again whenever the simulated OS
 * relaunches the app after a kill (for a wake-up, or because the user opened it). Define
 * the jobs inside it so their handlers use this process's `platform.sleep`.
 *
 * @example
 * const app: AppFactory = ({ platform, store, launch }) => {
 *   const upload = defineJob({
 *     name: 'upload',
 *     constraints: { network: 'unmetered' },
 *     async run(payload: { file: string }, ctx) {
 *       await platform.sleep(10_000, ctx.signal);
 *     },
 *   });
 *   const queue = createQueue({ platform, store, jobs: [upload] });
 *   return {
 *     queue,
 *     jobs: [upload],
 *     // Only the first process enqueues: later ones find the job in the store.
 *     onStart: () => (launch === 0 ? queue.enqueue(upload, { file: 'a.jpg' }) : undefined),
 *   };
 * };
 */
export type AppFactory = (env: SimulationEnv) => SimulatedApp | Promise<SimulatedApp>;
