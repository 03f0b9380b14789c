import type { WakeWindow, WindowReport } from './types';

/** An OS wake-up window while it is open. */
export interface OpenWindow {
  deadline: number;
  /** `deadline` minus the safety margin: nothing runs past it. */
  stopAt: number;
  kind: WakeWindow['kind'];
  report: Omit<WindowReport, 'endedAt' | 'nextWakeAt' | 'result'>;
  cleanup: Array<() => void>;
  resolve: (report: WindowReport) => void;
  /** The OS ended the window early (its signal aborted): the scheduler closes it at once. */
  aborted: boolean;
  closing: boolean;
  /** Groups of due jobs that this window passed over because they would not fit. */
  deferredGroups: Set<string>;
}

/** The windows open now, and how many the queue has run: the one owner of window state. */
export class WindowSet {
  readonly open: OpenWindow[] = [];
  readonly totals = { run: 0, expired: 0 };

  get size(): number {
    return this.open.length;
  }

  /** The open window that allows the latest stop, if any: runs carry on under it. */
  widest(): OpenWindow | undefined {
    let best: OpenWindow | undefined;
    for (const w of this.open) if (!w.closing && (!best || w.stopAt > best.stopAt)) best = w;
    return best;
  }

  add(w: OpenWindow): void {
    this.open.push(w);
  }

  remove(w: OpenWindow): void {
    const i = this.open.indexOf(w);
    if (i >= 0) this.open.splice(i, 1);
  }
}
