import { describe, expect, it } from 'vitest';
import { EventBus } from '../src/eventBus';

describe('EventBus', () => {
  it('knows an event has listeners from the first on() until the last off()', () => {
    const bus = new EventBus(undefined);
    const a = () => {};
    const b = () => {};
    expect(bus.has('started')).toBe(false);
    bus.on('started', a);
    bus.on('started', b);
    bus.off('started', a);
    expect(bus.has('started')).toBe(true);
    bus.off('started', b);
    expect(bus.has('started')).toBe(false);
  });

  it('forgets an event once its only listener, added with once, has fired', () => {
    const bus = new EventBus(undefined);
    const heard: unknown[] = [];
    bus.on('idle', (...args: never[]) => heard.push(args), true);
    bus.emit('idle', 1);
    bus.emit('idle', 2);
    expect(heard).toEqual([[1]]);
    expect(bus.has('idle')).toBe(false);
  });

  it('delivers to a listener added after an earlier once listener fired', () => {
    const bus = new EventBus(undefined);
    const heard: number[] = [];
    bus.on('succeeded', () => heard.push(1), true);
    bus.emit('succeeded');
    bus.on('succeeded', () => heard.push(2));
    bus.emit('succeeded');
    expect(heard).toEqual([1, 2]);
    expect(bus.has('succeeded')).toBe(true);
  });

  it('keeps an event heard while a once listener and a lasting one share it', () => {
    const bus = new EventBus(undefined);
    const heard: string[] = [];
    bus.on('failed', () => heard.push('once'), true);
    bus.on('failed', () => heard.push('always'));
    bus.emit('failed');
    bus.emit('failed');
    expect(heard).toEqual(['once', 'always', 'always']);
  });
});
