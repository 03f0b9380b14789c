import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { CorruptRecordError, InvalidPayloadError } from '../src/errors';
import { MAX_JSON_DEPTH } from '../src/json';
import { createKeyValueStore } from '../src/keyValueStore';
import type { Json } from '../src/types';
import { restart, setup } from './helpers';

/** `levels` arrays and objects, alternating, one inside another. */
function nested(levels: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

/** A key-value store over a Map that outlives the store object, as AsyncStorage outlives the app. */
function durableKeyValue() {
  const data = new Map<string, string>();
  const open = () =>
    createKeyValueStore({
      getItem: (key) => data.get(key) ?? null,
      setItem: (key, value) => void data.set(key, value),
      removeItem: (key) => data.delete(key),
    });
  return { data, open };
}

describe('payloads, results and checkpoints come back exactly as given', () => {
  it('keeps constructor, prototype and an own __proto__ after a restart on the key-value store', async () => {
    const kv = durableKeyValue();
    const seen: Json[] = [];
    const sell = defineJob({
      name: 'sell',
      run: (payload: Json) => {
        seen.push(payload);
        return { words: { constructor: 'a builder', prototype: 'a first model' } };
      },
    });
    const payload = JSON.parse('{"constructor":"Ford","model":"T","__proto__":{"admin":true}}') as Json;
    const { queue, platform } = setup([sell], {
      store: kv.open(),
      platform: { conditions: { appState: 'background' } },
    });
    await queue.start();
    await queue.enqueue(sell, payload, { id: 'car' });
    await queue.stop();

    const { queue: again } = restart(platform, kv.open(), [sell]);
    await again.start();
    expect(JSON.stringify(again.get('car')!.payload)).toBe(JSON.stringify(payload));
    await platform.setAppState('active');
    await platform.runUntilIdle();
    const done = again.get('car')!;
    expect(JSON.stringify(seen[0])).toBe('{"constructor":"Ford","model":"T","__proto__":{"admin":true}}');
    expect(Object.getPrototypeOf(seen[0])).toBe(Object.prototype);
    expect((seen[0] as { admin?: unknown }).admin).toBeUndefined();
    expect(done.result).toEqual({ words: { constructor: 'a builder', prototype: 'a first model' } });
    await again.stop();

    const { queue: third } = restart(platform, kv.open(), [sell]);
    await third.start();
    expect(third.get('car')!.result).toEqual({
      words: { constructor: 'a builder', prototype: 'a first model' },
    });
    expect(({} as { admin?: unknown }).admin).toBeUndefined();
  });

  it(`refuses a payload nested deeper than ${MAX_JSON_DEPTH} at enqueue, 200,000 levels too, and writes nothing`, async () => {
    const job = defineJob({ name: 'j', run: () => null });
    const { queue, store } = setup([job]);
    await queue.start();
    await expect(queue.enqueue(job, nested(MAX_JSON_DEPTH + 1))).rejects.toThrow(
      `payload nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
    const error = await queue.enqueue(job, nested(200_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as InvalidPayloadError).code).toBe('INVALID_PAYLOAD');
    await expect(
      queue.enqueueMany([
        { type: job, payload: null },
        { type: job, payload: nested(MAX_JSON_DEPTH + 1) },
      ]),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
    expect(await store.load()).toEqual([]);
    await queue.enqueue(job, nested(MAX_JSON_DEPTH));
    expect(await store.load()).toHaveLength(1);
  });

  it('refuses a checkpoint nested past the limit with InvalidPayloadError, and keeps the last one', async () => {
    const outcomes: unknown[] = [];
    const job = defineJob({
      name: 'j',
      async run(_payload: null, ctx) {
        await ctx.saveCheckpoint({ page: 1 });
        outcomes.push(await ctx.saveCheckpoint(nested(200_000)).catch((e: unknown) => e));
        return null;
      },
    });
    const { queue, platform, store } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    const done = queue.get(snap.id)!;
    expect(outcomes[0]).toBeInstanceOf(InvalidPayloadError);
    expect(String(outcomes[0])).toContain(`checkpoint nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(done.state).toBe('succeeded');
    expect((await store.load()).map((r) => ('checkpoint' in r ? r.checkpoint : r))).toEqual([{ page: 1 }]);
  });

  it('fails a job whose result nests past the limit, permanently, with InvalidPayloadError', async () => {
    const job = defineJob({ name: 'j', retry: { maxAttempts: 3 }, run: () => nested(200_000) });
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    const done = queue.get(snap.id)!;
    expect(done.state).toBe('failed');
    expect(done.attempts).toBe(1);
    expect(done.error).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(done.error!.message).toContain(`result nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('reports a stored record nested past the limit as a CorruptRecordError and runs the others', async () => {
    const kv = durableKeyValue();
    const ran: string[] = [];
    const job = defineJob({
      name: 'j',
      run: (payload: Json) => void ran.push(JSON.stringify(payload).slice(0, 8)),
    });
    const { queue, platform } = setup([job], {
      store: kv.open(),
      platform: { conditions: { appState: 'background' } },
    });
    await queue.start();
    await queue.enqueue(job, 'fine', { id: 'fine' });
    await queue.enqueue(job, 'doomed', { id: 'deep' });
    await queue.stop();
    // An older build, or a hand edit, left a payload deeper than the limit in storage.
    for (const [key, text] of kv.data) {
      if (key.includes(':job:deep:'))
        kv.data.set(
          key,
          text.replace('"payload":"doomed"', `"payload":${JSON.stringify(nested(MAX_JSON_DEPTH + 1))}`),
        );
    }

    const { queue: again, errors } = restart(platform, kv.open(), [job]);
    await again.start();
    const corrupt = errors.filter((e) => e instanceof CorruptRecordError) as CorruptRecordError[];
    expect(corrupt.map((e) => e.id)).toEqual(['deep']);
    expect(corrupt[0]!.message).toContain(`payload nests deeper than ${MAX_JSON_DEPTH} levels`);
    await platform.setAppState('active');
    await platform.runUntilIdle();
    expect(ran).toEqual(['"fine"']);
  });

  it('hands a result to its dependent whatever the id: __proto__, constructor, toString', async () => {
    const seen: Record<string, string> = {};
    const make = defineJob({ name: 'make', run: (_: null, ctx) => ({ made: ctx.id }) });
    const use = defineJob({
      name: 'use',
      run: (_: null, ctx) => void (seen[ctx.id] = JSON.stringify(ctx.dependencies)),
    });
    const { queue, platform } = setup([make, use], { platform: { conditions: { appState: 'background' } } });
    await queue.start();
    await queue.enqueue(make, null, { id: '__proto__' });
    await queue.enqueue(make, null, { id: 'constructor', delayMs: 60_000 });
    await queue.enqueue(make, null, { id: 'toString' });
    await queue.enqueue(use, null, { id: 'use-proto', after: ['__proto__'] });
    await queue.enqueue(use, null, { id: 'use-both', after: ['constructor', 'toString'] });
    await platform.setAppState('active');
    await platform.advance(1_000);
    // `constructor` has not run: its dependent must still wait for it.
    expect(queue.get('use-both')!.state).toBe('blocked');
    expect(seen['use-proto']).toBe('{"__proto__":{"made":"__proto__"}}');
    await platform.advance(60_000);
    await platform.runUntilIdle();
    expect(seen['use-both']).toBe('{"toString":{"made":"toString"},"constructor":{"made":"constructor"}}');
  });
});
