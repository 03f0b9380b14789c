import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../src/errors';
import { assertJson, parseJson, utf8Length } from '../src/json';

describe('assertJson', () => {
  it('accepts plain JSON values', () => {
    for (const v of [null, true, 1.5, 'x', [1, [2]], { a: { b: [null] } }, Object.create(null)]) {
      expect(() => assertJson(v)).not.toThrow();
    }
  });

  it('refuses what JSON cannot hold, naming where', () => {
    class Thing {}
    const holey = [1, 2, 3];
    delete holey[1];
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: Array<[unknown, RegExp]> = [
      [() => 1, /function/],
      [new Thing(), /Thing/],
      [{ a: undefined }, /\$\.a is undefined/],
      [10n, /bigint/],
      [Number.NaN, /NaN/],
      [Number.POSITIVE_INFINITY, /Infinity/],
      [cycle, /cycle/],
      [new Date(0), /Date/],
      [holey, /hole/],
      [Symbol('s'), /symbol/],
    ];
    for (const [value, message] of cases) {
      expect(() => assertJson(value)).toThrow(InvalidPayloadError);
      expect(() => assertJson(value)).toThrow(message);
    }
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(() => assertJson({ a: shared, b: shared })).not.toThrow();
  });
});

describe('parseJson', () => {
  it('never lets a __proto__ key reach a prototype', () => {
    const parsed = parseJson(
      '{"__proto__":{"polluted":true},"a":{"constructor":{"prototype":{"x":1}}}}',
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((parsed as { polluted?: unknown }).polluted).toBeUndefined();
    expect(parsed.a).toEqual({});
  });
});

describe('utf8Length', () => {
  it('counts bytes as UTF-8 does', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀é€']) {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
});

describe('parseJson on escaped keys', () => {
  it('drops a __proto__ key spelled with a unicode escape', () => {
    const parsed = parseJson(String.raw`{"\u005f_proto__":{"polluted":true},"ok":1}`) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['ok']);
  });
});
