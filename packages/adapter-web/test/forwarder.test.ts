import { createMemoryPlatform } from '@nightshift/adapter-memory';
import { QueueUnavailableError } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { Forwarder } from '../src/forwarder';
import type { TabMessage } from '../src/tabMessages';

function setup() {
  const platform = createMemoryPlatform();
  const sent: Array<Extract<TabMessage, { t: 'call' }>> = [];
  const forwarder = new Forwarder({
    tab: 'me',
    queue: 'app',
    clock: platform.clock,
    timeoutMs: 1_000,
    post: (message) => sent.push(message as Extract<TabMessage, { t: 'call' }>),
  });
  return { platform, sent, forwarder };
}

const settled = <T>(promise: Promise<T>) => {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error) => Object.assign(state, { error, done: true }),
  );
  return state;
};

describe('Forwarder', () => {
  it('holds a call while no context is known to run the jobs, and sends it to the first that is', async () => {
    const { forwarder, sent } = setup();
    const call = settled(forwarder.call('enqueue', ['note', { n: 1 }, { id: 'j1' }], [true]));
    expect(sent).toEqual([]);
    forwarder.leaderIs('term-1');
    expect(sent).toMatchObject([{ t: 'call', from: 'me', to: 'term-1', attempt: 1, method: 'enqueue' }]);
    forwarder.reply(sent[0]!.call, { id: 'j1' }, undefined);
    await Promise.resolve();
    expect(call).toMatchObject({ done: true, value: { id: 'j1' } });
  });

  it('rejects with QueueUnavailableError when nothing takes the call within the timeout', async () => {
    const { forwarder, platform } = setup();
    const call = settled(forwarder.call('enqueue', ['note', { n: 1 }, { id: 'j1' }], [true]));
    await platform.advance(999);
    expect(call.done).toBe(false);
    await platform.advance(1);
    expect(call.error).toBeInstanceOf(QueueUnavailableError);
    expect((call.error as Error).message).toMatch('job j1');
  });

  it('waits past the timeout once the running context acknowledged the call', async () => {
    const { forwarder, platform, sent } = setup();
    forwarder.leaderIs('term-1');
    const call = settled(forwarder.call('cancel', ['x'], []));
    forwarder.ack(sent[0]!.call);
    await platform.advance(60_000);
    expect(call.done).toBe(false);
    forwarder.reply(sent[0]!.call, true, undefined);
    await Promise.resolve();
    expect(call.value).toBe(true);
  });

  it('sends unanswered calls again, as a second attempt, to a context that takes over, with a fresh timeout', async () => {
    const { forwarder, platform, sent } = setup();
    forwarder.leaderIs('term-1');
    const call = settled(forwarder.call('enqueue', ['note', { n: 1 }, { id: 'j1' }], [true]));
    forwarder.ack(sent[0]!.call);
    forwarder.leaderIs('term-2');
    expect(sent.map((m) => [m.to, m.attempt, m.call])).toEqual([
      ['term-1', 1, sent[0]!.call],
      ['term-2', 2, sent[0]!.call],
    ]);
    await platform.advance(1_000);
    expect(call.error).toBeInstanceOf(QueueUnavailableError);
  });

  it('rethrows the running context’s error as the same class', async () => {
    const { forwarder, sent } = setup();
    forwarder.leaderIs('term-1');
    const call = settled(forwarder.call('enqueue', ['nope', null, { id: 'j' }], [true]));
    forwarder.reply(sent[0]!.call, undefined, {
      name: 'UnknownJobError',
      message: 'no type nope',
      code: 'UNKNOWN_JOB',
    });
    await Promise.resolve();
    expect(call.error).toMatchObject({
      name: 'UnknownJobError',
      code: 'UNKNOWN_JOB',
      message: 'no type nope',
    });
  });

  it('hands every waiting call over when this tab takes over itself', async () => {
    const { forwarder, platform } = setup();
    const call = settled(forwarder.call('has', ['x'], []));
    const [taken] = forwarder.takeAll();
    expect(taken).toMatchObject({ method: 'has', args: ['x'] });
    await platform.advance(5_000);
    expect(call.done).toBe(false);
    taken!.resolve(true);
    await Promise.resolve();
    expect(call.value).toBe(true);
  });
});
