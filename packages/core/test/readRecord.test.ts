import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/json';
import { checkRecord, readRecord } from '../src/readRecord';
import { makeJobRecord } from '../src/testing/makeJobRecord';

const text = (value: unknown) => JSON.stringify(value);

describe('readRecord', () => {
  it('reads a stored record back as it was written', () => {
    const rec = makeJobRecord('a', { tags: ['x'], result: { n: 1 } });
    expect(readRecord('a', text(rec))).toEqual(rec);
  });

  it('reports text that is not JSON, naming the id it was stored under', () => {
    expect(readRecord('a', '{"id":')).toMatchObject({ id: 'a', corrupt: expect.stringMatching(/^not JSON/) });
  });

  it('reports a record stored under another id', () => {
    expect(readRecord('a', text(makeJobRecord('b')))).toEqual({
      id: 'a',
      corrupt: 'id is "b", stored under "a"',
    });
  });

  it('names the first field the engine cannot do without', () => {
    const { seq: _seq, ...noSeq } = makeJobRecord('a');
    expect(readRecord('a', text(noSeq))).toEqual({ id: 'a', corrupt: 'seq is missing or not a number' });
    expect(readRecord('a', text(makeJobRecord('a', { runAt: '0' as never })))).toEqual({
      id: 'a',
      corrupt: 'runAt is missing or not a number',
    });
    expect(readRecord('a', text(makeJobRecord('a', { state: 'paused' as never })))).toEqual({
      id: 'a',
      corrupt: 'state is missing or unknown',
    });
  });

  it('keeps __proto__, constructor and prototype keys as own data, with Object.prototype', () => {
    const stored = text(makeJobRecord('a')).replace(
      '"payload":{',
      '"payload":{"__proto__":{"polluted":true},"constructor":"Ford","prototype":1,',
    );
    const rec = readRecord('a', stored) as { payload: Record<string, unknown> };
    expect(Object.getPrototypeOf(rec.payload)).toBe(Object.prototype);
    expect(Object.keys(rec.payload)).toEqual(['__proto__', 'constructor', 'prototype', 'id']);
    expect(Object.getOwnPropertyDescriptor(rec.payload, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`reads values ${MAX_JSON_DEPTH} levels deep, and reports deeper ones as corrupt`, () => {
    const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    const at = (field: string, levels: number) =>
      text(makeJobRecord('a', { payload: null }))
        .replace('"payload":null', `"payload":null,"${field}":${deep(levels)}`)
        .replace('"payload":null,"payload":', '"payload":');
    for (const field of ['payload', 'result', 'checkpoint']) {
      const ok = readRecord('a', at(field, MAX_JSON_DEPTH)) as unknown as Record<string, unknown>;
      expect(ok).not.toHaveProperty('corrupt');
      expect(readRecord('a', at(field, MAX_JSON_DEPTH + 1))).toEqual({
        id: 'a',
        corrupt: `${field} nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects (MAX_JSON_DEPTH)`,
      });
    }
    // 200,000 levels: V8's JSON.parse takes it; the check that follows must not overflow.
    expect(readRecord('a', at('payload', 200_000))).toMatchObject({ id: 'a', corrupt: /nests deeper/ });
  });

  it('lets a dependency result sit at the limit inside dependencyResults', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    const stored = text(makeJobRecord('a')).replace(
      '"payload"',
      `"dependencyResults":{"b":${deep}},"payload"`,
    );
    expect(readRecord('a', stored)).not.toHaveProperty('corrupt');
    const deeper = stored.replace('{"b":[', '{"b":[[').replace(']},"payload"', ']]},"payload"');
    expect(readRecord('a', deeper)).toMatchObject({ corrupt: /record nests deeper/ });
  });
});

describe('checkRecord', () => {
  it('applies the same checks to a record kept as a value', () => {
    const rec = makeJobRecord('a', { result: { n: 1 } });
    expect(checkRecord('a', rec)).toBe(rec);
    expect(checkRecord('a', { ...rec, state: 'paused' })).toEqual({
      id: 'a',
      corrupt: 'state is missing or unknown',
    });
    let payload: unknown = 1;
    for (let i = 0; i <= MAX_JSON_DEPTH; i++) payload = [payload];
    expect(checkRecord('a', { ...rec, payload })).toEqual({
      id: 'a',
      corrupt: `payload nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects (MAX_JSON_DEPTH)`,
    });
  });
});
