import type { Conditions, ConditionsSource } from '@nightshift/core';

/**
 * The conditions of the context that runs the jobs, with `appState` shared by every tab:
 * `active` while this tab or any other tab of the origin is active. Without this, the
 * running tab could be a hidden one and hold every job back while the user works in
 * another tab. `othersActive` tells whether another tab is active; `onOthers` calls back
 * when that may have changed.
 */
export function sharedConditions(
  base: ConditionsSource,
  othersActive: () => boolean,
  onOthers: (listener: () => void) => () => void,
): ConditionsSource {
  const merge = (c: Conditions): Conditions =>
    c.appState === 'active' || !othersActive() ? c : Object.freeze({ ...c, appState: 'active' });
  return {
    get: () => merge(base.get()),
    subscribe(listener) {
      let last = merge(base.get());
      const check = (c: Conditions) => {
        const next = merge(c);
        if (same(next, last)) return;
        last = next;
        listener(next);
      };
      const offBase = base.subscribe(check);
      const offOthers = onOthers(() => check(base.get()));
      return () => {
        offBase();
        offOthers();
      };
    },
  };
}

function same(a: Conditions, b: Conditions): boolean {
  return (
    a.network === b.network &&
    a.charging === b.charging &&
    a.batteryLow === b.batteryLow &&
    a.deviceIdle === b.deviceIdle &&
    a.storageLow === b.storageLow &&
    a.appState === b.appState
  );
}
