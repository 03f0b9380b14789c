import type { JobSnapshot, QueueStats } from '@nightshift/core';
import { freezeJob } from './mirror';
import type { TabMessage } from './tabMessages';

type StateMessage = Extract<TabMessage, { t: 'state' }>;
type BatchMessage = Extract<TabMessage, { t: 'batch' }>;

/** A batch that came while a state's pages did, and whether this tab applied it then. */
export interface LaterBatch {
  message: BatchMessage;
  applied: boolean;
}

interface Assembly {
  leader: string;
  /** By id, in the order the pages gave them: creation order. */
  jobs: Map<string, JobSnapshot>;
  received: number;
  /** Batches that came while the pages did: they are newer than the state, and go on top of it. */
  after: LaterBatch[];
}

/** A whole state, put together from its pages, with the batches that arrived meanwhile. */
export interface AssembledState {
  leader: string;
  jobs: Map<string, JobSnapshot>;
  stats: QueueStats;
  after: LaterBatch[];
}

/**
 * Puts together a state the running context sent in pages. The state is taken at its
 * first page; batches the running context sent after it may arrive between pages, and are
 * kept to be applied on top once the last page is in.
 */
export class StateAssembly {
  private readonly streams = new Map<string, Assembly>();

  /** Takes one page; returns the whole state when it was the last. */
  page(message: StateMessage): AssembledState | undefined {
    let assembly = this.streams.get(message.stream);
    if (!assembly) {
      if (message.part !== 0) return undefined;
      this.streams.set(
        message.stream,
        (assembly = { leader: message.leader, jobs: new Map(), received: 0, after: [] }),
      );
    }
    // Frozen and indexed page by page, as they come: the mirror takes the whole map at the
    // end in one step, not 100,000 insertions in one task.
    for (const job of message.jobs) assembly.jobs.set(job.id, freezeJob(job));
    assembly.received++;
    if (assembly.received < message.parts) return undefined;
    this.streams.delete(message.stream);
    return { leader: message.leader, jobs: assembly.jobs, stats: message.stats, after: assembly.after };
  }

  /** A batch arrived: every state of its context still coming will need it on top. */
  batch(message: BatchMessage, applied: boolean): void {
    for (const assembly of this.streams.values()) {
      if (assembly.leader === message.leader) assembly.after.push({ message, applied });
    }
  }

  /** Drops what a context that no longer runs the jobs was sending. */
  clear(): void {
    this.streams.clear();
  }
}
