import {
  type Clock,
  InvalidOptionsError,
  QueueUnavailableError,
  type SerializedError,
} from '@nightshift/core';
import type { ForwardedMethod, TabMessage } from './tabMessages';
import { fromWireError } from './wireErrors';

/** A call waiting for the running context's reply. */
export interface PendingCall {
  method: ForwardedMethod;
  args: unknown[];
  madeIds: boolean[];
  /** Sends so far; the running context treats a call sent again as possibly served already. */
  attempt: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** The term it was last sent to. */
  sentTo: string | undefined;
  cancelTimer: (() => void) | undefined;
}

/** What the forwarder needs from its tab. */
export interface ForwarderHost {
  tab: string;
  queue: string;
  clock: Clock;
  timeoutMs: number;
  post(message: TabMessage): void;
}

/**
 * The calls a tab forwards to the context that runs the jobs, and their replies.
 *
 * A call is sent to the running context's current term. It waits while no context is
 * known to run the jobs, and when a new one takes over, every call not yet answered is
 * sent to it again (the earlier one may have died with it). From each send, the call has
 * `timeoutMs` to be acknowledged; past that it rejects with `QueueUnavailableError`. Once
 * acknowledged it waits for the reply as long as the serving context lives, as a call to
 * a queue in the same tab waits for its store.
 */
export class Forwarder {
  private readonly pending = new Map<number, PendingCall>();
  private next = 1;
  private term: string | undefined;

  constructor(private readonly host: ForwarderHost) {}

  /** The running context's term, as this tab knows it. */
  get leader(): string | undefined {
    return this.term;
  }

  call(method: ForwardedMethod, args: unknown[], madeIds: boolean[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.next++;
      const call: PendingCall = {
        method,
        args,
        madeIds,
        attempt: 0,
        resolve,
        reject,
        sentTo: undefined,
        cancelTimer: undefined,
      };
      this.pending.set(id, call);
      this.arm(id, call);
      if (this.term !== undefined) this.send(id, call, this.term);
    });
  }

  /** A context took over (or the known one answered a `hello`): calls not sent to it go now. */
  leaderIs(term: string): void {
    this.term = term;
    for (const [id, call] of this.pending) {
      if (call.sentTo === term) continue;
      this.arm(id, call);
      this.send(id, call, term);
    }
  }

  /** This tab now runs the jobs itself: it takes every waiting call to serve here. */
  takeAll(): PendingCall[] {
    const calls = [...this.pending.values()];
    for (const call of calls) call.cancelTimer?.();
    this.pending.clear();
    this.term = undefined;
    return calls;
  }

  ack(id: number): void {
    const call = this.pending.get(id);
    call?.cancelTimer?.();
    if (call) call.cancelTimer = undefined;
  }

  reply(id: number, value: unknown, error: SerializedError | undefined): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    call.cancelTimer?.();
    if (error) call.reject(fromWireError(error));
    else call.resolve(value);
  }

  failAll(error: Error): void {
    for (const call of this.pending.values()) {
      call.cancelTimer?.();
      call.reject(error);
    }
    this.pending.clear();
  }

  private send(id: number, call: PendingCall, term: string): void {
    call.attempt++;
    call.sentTo = term;
    try {
      this.host.post({
        t: 'call',
        from: this.host.tab,
        to: term,
        call: id,
        attempt: call.attempt,
        method: call.method,
        args: call.args,
        madeIds: call.madeIds,
      });
    } catch (cause) {
      // Structured clone refused an argument: nothing was sent.
      this.pending.delete(id);
      call.cancelTimer?.();
      call.reject(
        new InvalidOptionsError(
          `${call.method} cannot be forwarded to the tab that runs the jobs: ${
            cause instanceof Error ? cause.message : String(cause)
          }`,
          { cause },
        ),
      );
    }
  }

  private arm(id: number, call: PendingCall): void {
    call.cancelTimer?.();
    const { clock, timeoutMs, queue } = this.host;
    call.cancelTimer = clock.setTimer(clock.now() + timeoutMs, () => {
      if (this.pending.get(id) !== call) return;
      this.pending.delete(id);
      const job = call.method === 'enqueue' ? ` (job ${(call.args[2] as { id: string }).id})` : '';
      call.reject(
        new QueueUnavailableError(
          `no context ran the queue "${queue}" within ${timeoutMs} ms to take ${call.method}${job}; ` +
            'calling it again with the same job id is safe',
        ),
      );
    });
  }
}
