import { type Conditions, DEFAULT_CONDITIONS } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { createMemoryConditions } from '../src/createMemoryConditions';

describe('createMemoryConditions', () => {
  it('merges the initial conditions over the defaults and hands out a frozen object', () => {
    const conditions = createMemoryConditions({ deviceIdle: true });
    expect(conditions.get()).toEqual({ ...DEFAULT_CONDITIONS, deviceIdle: true });
    expect(Object.isFrozen(conditions.get())).toBe(true);
  });

  it('reports whether set changed anything, and leaves undefined keys alone', () => {
    const conditions = createMemoryConditions();
    expect(conditions.set({ batteryLow: true })).toBe(true);
    expect(conditions.set({ batteryLow: true, network: undefined })).toBe(false);
    expect(conditions.get().network).toBe(DEFAULT_CONDITIONS.network);
  });

  it('treats two subscriptions of one function as two', () => {
    const conditions = createMemoryConditions();
    const heard: Conditions[] = [];
    const listener = (c: Conditions) => heard.push(c);
    const first = conditions.subscribe(listener);
    conditions.subscribe(listener);
    first();
    conditions.set({ storageLow: true });
    expect(heard).toHaveLength(1);
  });

  it('tells every subscriber even when one throws, then rethrows the first error', () => {
    const conditions = createMemoryConditions();
    const heard: string[] = [];
    conditions.subscribe(() => {
      throw new Error('first');
    });
    conditions.subscribe(() => heard.push('second'));
    expect(() => conditions.set({ charging: false })).toThrow('first');
    expect(heard).toEqual(['second']);
    expect(conditions.get().charging).toBe(false);
  });

  it('skips a subscriber that an earlier one removed during the same change', () => {
    const conditions = createMemoryConditions();
    const heard: string[] = [];
    let removeSecond = () => {};
    conditions.subscribe(() => removeSecond());
    removeSecond = conditions.subscribe(() => heard.push('second'));
    conditions.set({ network: 'none' });
    expect(heard).toEqual([]);
  });

  it('clear() drops every subscriber; later subscriptions hear changes', () => {
    const conditions = createMemoryConditions();
    const heard: string[] = [];
    const stale = conditions.subscribe(() => heard.push('old'));
    conditions.clear();
    conditions.subscribe(() => heard.push('new'));
    stale();
    conditions.set({ appState: 'background' });
    expect(heard).toEqual(['new']);
  });
});
