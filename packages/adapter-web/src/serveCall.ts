import type { JobSnapshot, Queue } from '@nightshift/core';
import type { ForwardedMethod } from './tabMessages';

/** A forwarded enqueue, as the forwarding tab sent it: the job type's name and the options with the id. */
type EnqueueArgs = [name: string, payload: unknown, options: { id: string } & Record<string, unknown>];
type ManyItem = { type: string; payload: unknown; options: { id: string } & Record<string, unknown> };

/**
 * Serves a call another tab forwarded, on the queue this tab runs. A call sent again
 * (`attempt` > 1: the tab that ran the jobs before may have served it and died before it
 * replied) is made idempotent: an enqueue whose job already exists resolves with that
 * job, and a cancel of a job already cancelled resolves `true`. A job id the forwarding
 * tab made names that one job only; a caller's id must also match the job's name and
 * payload, else the enqueue goes on and meets `DuplicateJobIdError` as usual.
 */
export async function serveCall(
  queue: Queue,
  method: ForwardedMethod,
  args: unknown[],
  attempt: number,
  madeIds: boolean[],
): Promise<unknown> {
  switch (method) {
    case 'enqueue': {
      const [name, payload, options] = args as EnqueueArgs;
      if (attempt > 1) {
        const existing = sameJob(queue, options.id, name, payload, madeIds[0] === true);
        if (existing) return existing;
      }
      return queue.enqueue(name as never, payload as never, options);
    }
    case 'enqueueMany': {
      const [items] = args as [ManyItem[]];
      if (attempt > 1) {
        const found = items.map((item, i) =>
          sameJob(queue, item.options.id, item.type, item.payload, madeIds[i] === true),
        );
        // All or none: enqueueMany is one atomic write.
        if (found.every((job) => job !== undefined)) return found;
      }
      return queue.enqueueMany(items as never);
    }
    case 'cancel': {
      const [id] = args as [string];
      const cancelled = await queue.cancel(id);
      return cancelled || (attempt > 1 && queue.get(id)?.state === 'cancelled');
    }
    case 'cancelWhere':
      return queue.cancelWhere(args[0] as Parameters<Queue['cancelWhere']>[0]);
    case 'runWindow':
      return queue.runWindow(args[0] as Parameters<Queue['runWindow']>[0]);
    case 'has':
      return queue.get(args[0] as string) !== undefined;
  }
}

function sameJob(
  queue: Queue,
  id: string,
  name: string,
  payload: unknown,
  madeId: boolean,
): JobSnapshot | undefined {
  const job = queue.get(id);
  if (!job || job.name !== name) return undefined;
  return madeId || JSON.stringify(job.payload) === JSON.stringify(payload ?? null) ? job : undefined;
}
