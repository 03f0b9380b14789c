import { MAX_JSON_DEPTH } from '@nightshift/core';
import type * as FastCheck from 'fast-check';
import type { Json } from '../types';

/**
 * The fast-check module, as the suite uses it: pass `fc` from `import fc from 'fast-check'`
 * (3.23 or later). The suite takes it from you, so `@nightshift/core` has no dependency on
 * fast-check and `@nightshift/core/testing` loads without it.
 */
export interface FastCheckLike {
  assert: (...args: never[]) => unknown;
  asyncProperty: (...args: never[]) => unknown;
  array: (...args: never[]) => unknown;
  boolean: (...args: never[]) => unknown;
  constant: (...args: never[]) => unknown;
  constantFrom: (...args: never[]) => unknown;
  dictionary: (...args: never[]) => unknown;
  double: (...args: never[]) => unknown;
  integer: (...args: never[]) => unknown;
  json: (...args: never[]) => unknown;
  jsonValue: (...args: never[]) => unknown;
  letrec: (...args: never[]) => unknown;
  oneof: (...args: never[]) => unknown;
  record: (...args: never[]) => unknown;
  string: (...args: never[]) => unknown;
  tuple: (...args: never[]) => unknown;
  uniqueArray: (...args: never[]) => unknown;
}

/** The real module's types, used inside the suite only: none of them is exported. */
export type FC = typeof FastCheck;

/** Keys that meet `Object.prototype`, the JSON text or the storage underneath in odd ways. */
const RISKY_KEYS = [
  'constructor',
  'prototype',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
  'toJSON',
  'then',
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '0',
  '-1',
  '4294967295',
  '1.5',
  '__proto__\u0000',
];

/** Numbers at the edges of what a double and JSON's shortest spelling hold. */
const EDGE_NUMBERS = [
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  2 ** 64,
  1e21,
  1e-7,
  0.1 + 0.2,
  -1.5e300,
  123_456_789.123_456_79,
];

const TRICKY_STRINGS = [
  '\u0000',
  '\ud800',
  'x\udfff',
  '\udbff\udfff',
  '\u2028\u2029',
  '"\\/',
  '</script>',
  '🚀',
];

/**
 * JSON values with the edges a store can get wrong: fast-check's `jsonValue()` and
 * `json()`, plus objects whose keys lean toward `constructor`, `prototype`, `__proto__`,
 * `toString`, `\u0000` and lone surrogates, edge numbers, and nesting down to
 * `MAX_JSON_DEPTH`. Values may hold `-0`: pass them through {@link normalizeJson} for
 * what a store gives back.
 */
export function jsonValueArbitrary(fc: FC): FastCheck.Arbitrary<Json> {
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...RISKY_KEYS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  );
  const leaf: FastCheck.Arbitrary<Json> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(...EDGE_NUMBERS),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(...TRICKY_STRINGS),
  );
  const { value: risky } = fc.letrec<{ value: Json; array: Json[]; object: Record<string, Json> }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 5 }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  }));
  const deep = fc
    .tuple(fc.oneof(fc.constant(MAX_JSON_DEPTH), fc.integer({ min: 1, max: MAX_JSON_DEPTH })), key, leaf)
    .map(([levels, k, inner]) => nest(levels, k, inner));
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }) as FastCheck.Arbitrary<Json>,
    },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as Json) },
    { weight: 4, arbitrary: risky },
    { weight: 1, arbitrary: deep },
  );
}

/** Ids a caller might choose, including names that `Object.prototype` has. */
export function idArbitrary(fc: FC): FastCheck.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', '0'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
  );
}

/** Strings for the other text fields of a record: any UTF-16, lone surrogates too. */
export function textArbitrary(fc: FC): FastCheck.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(...TRICKY_STRINGS, ...RISKY_KEYS),
  );
}

/** `levels` arrays and objects, alternating, one inside another around `inner`. */
function nest(levels: number, key: string, inner: Json): Json {
  let value = inner;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : ownData({}, key, value);
  return value;
}

/**
 * The value as JSON gives it back: `-0` becomes `0`, every object a plain one, and every
 * key (an own `__proto__` too) an own data property. Built without JSON, so that the
 * suite does not check JSON against itself.
 */
export function normalizeJson(value: Json): Json {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(normalizeJson);
  const out: Record<string, Json> = {};
  for (const key of Object.keys(value)) {
    ownData(out, key, normalizeJson(Object.getOwnPropertyDescriptor(value, key)!.value as Json));
  }
  return out;
}

/** Sets `object[key]` as `JSON.parse` does: an own data property, even for `__proto__`. */
function ownData(object: Record<string, Json>, key: string, value: Json): Record<string, Json> {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}
