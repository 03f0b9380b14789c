import { createMemoryConditions } from '@nightshift/adapter-memory';
import type { Conditions } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { sharedConditions } from '../src/sharedConditions';

describe('sharedConditions', () => {
  it('reads active while another tab is active, though this one is hidden', () => {
    const base = createMemoryConditions({ appState: 'background' });
    let others = false;
    const listeners = new Set<() => void>();
    const shared = sharedConditions(
      base,
      () => others,
      (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    );
    const heard: Conditions[] = [];
    const off = shared.subscribe((c) => heard.push(c));
    expect(shared.get().appState).toBe('background');
    others = true;
    for (const l of listeners) l();
    expect(shared.get().appState).toBe('active');
    expect(heard.map((c) => c.appState)).toEqual(['active']);
    // The other tab's activity hides nothing else: a network change still comes through.
    base.set({ network: 'none' });
    expect(heard.at(-1)).toMatchObject({ appState: 'active', network: 'none' });
    others = false;
    for (const l of listeners) l();
    expect(heard.at(-1)).toMatchObject({ appState: 'background' });
    off();
    expect(listeners.size).toBe(0);
  });
});
