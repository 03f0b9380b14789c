/**
 * Where one run (one attempt of a job) is in its life:
 *
 * ```text
 *              called                 settled
 *   starting ─────────▶ running ─────────────────▶ ended
 *      │                   │                          ▲
 *      │ abort             │ abort                    │ settled
 *      │                   ▼                          │
 *      └──────▶ ended   stopping ─────────────────────┘
 * ```
 *
 * - `starting`: its start is being written; the handler is called on the tick after it landed.
 * - `running`: the handler was called and has not settled.
 * - `stopping`: aborted (cancel, timeout, window end, lost constraints, `stop()`); the
 *   handler has not settled yet, and whatever it settles with is discarded.
 * - `ended`: nothing of the run is left to wait for.
 *
 * A run holds a slot of the queue (and of its type's `concurrency`) while `starting` or
 * `running`: slots are counted from these states, nowhere else. A `stopping` run holds
 * none: its handler was told to stop, and the contract never waits for a handler that
 * ignores its signal. Its job does not start again until it settled (`Entry.unsettled`).
 */
export type RunState = 'starting' | 'running' | 'stopping' | 'ended';

/** What can happen to a run: its handler is called, it is aborted, or its handler settles. */
export type RunEvent = 'called' | 'abort' | 'settled';

/** The machine: the state `event` leads to from `state`, or `undefined` when it does not apply. */
export function nextRunState(state: RunState, event: RunEvent): RunState | undefined {
  switch (state) {
    case 'starting':
      // Aborted before its handler was called: there is nothing to wait for.
      return event === 'called' ? 'running' : event === 'abort' ? 'ended' : undefined;
    case 'running':
      return event === 'settled' ? 'ended' : event === 'abort' ? 'stopping' : undefined;
    case 'stopping':
      return event === 'settled' ? 'ended' : undefined;
    case 'ended':
      return undefined;
  }
}

/** Whether a run in `state` holds a slot of the queue and of its type. */
export function holdsSlot(state: RunState): boolean {
  return state === 'starting' || state === 'running';
}
