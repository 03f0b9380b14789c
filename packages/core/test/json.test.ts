import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../src/errors';
import { assertJson, MAX_JSON_DEPTH, nestsDeeperThan, parseJson, utf8Length } from '../src/json';

/** `levels` arrays and objects one inside another, alternating, around `leaf`. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

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
      [{ a: undefined }, /\$\.a is undefined: leave the key out, or use null/],
      [10n, /is a BigInt: store it as a string/],
      [Number.NaN, /is NaN: only finite numbers are JSON/],
      [Number.POSITIVE_INFINITY, /Infinity/],
      [cycle, /cycle/],
      [new Date(0), /is a Date: store date.toISOString\(\) or date.getTime\(\)/],
      [new Map(), /is a Map: store an array of entries or a plain object/],
      [new Set(), /is a Set: store an array/],
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

describe('assertJson nesting', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more, naming the limit`, () => {
    expect(() => assertJson(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => assertJson(nested(MAX_JSON_DEPTH + 1), 'checkpoint')).toThrow(InvalidPayloadError);
    expect(() => assertJson(nested(MAX_JSON_DEPTH + 1), 'checkpoint')).toThrow(
      `checkpoint nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects (MAX_JSON_DEPTH)`,
    );
  });

  it('refuses 200,000 levels with a typed error, not a stack overflow', () => {
    expect(() => assertJson(nested(200_000))).toThrow(InvalidPayloadError);
  });

  it('still names the path of a bad value deep inside', () => {
    expect(() => assertJson({ a: [{ b: [0, { c: undefined }] }] })).toThrow('$.a[0].b[1].c is undefined');
    const cycle: Record<string, unknown> = { x: [{}] };
    (cycle.x as Array<Record<string, unknown>>)[0]!.back = cycle;
    expect(() => assertJson(cycle)).toThrow('$.x[0].back is a cycle');
  });

  it('keeps constructor, prototype and an own __proto__ as ordinary keys', () => {
    const value = JSON.parse('{"constructor":"Ford","prototype":{"__proto__":{"x":1}},"__proto__":[]}');
    expect(() => assertJson(value)).not.toThrow();
  });
});

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not leaves, without recursion', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    expect(nestsDeeperThan({ wide: [[], {}, [], 'x'] }, 3)).toBe(false);
    expect(nestsDeeperThan({ wide: [[], {}, [{}], 'x'] }, 3)).toBe(true);
    expect(nestsDeeperThan(nested(200_000), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('parseJson', () => {
  it('keeps every key as written and never touches a prototype', () => {
    const text = '{"__proto__":{"polluted":true},"a":{"constructor":{"prototype":{"x":1}}}}';
    const parsed = parseJson(text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: true });
    expect((parsed as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.a).toEqual({ constructor: { prototype: { x: 1 } } });
    expect(JSON.stringify(parsed)).toBe(text);
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
  it('reads a __proto__ key spelled with a unicode escape as the same own property', () => {
    const parsed = parseJson(String.raw`{"\u005f_proto__":{"polluted":true},"ok":1}`) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
