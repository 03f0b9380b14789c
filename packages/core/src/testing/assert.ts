/**
 * The suites' own assertions, so they run under any test runner (vitest, jest, node:test,
 * a page's tiny runner): each throws an `AssertionError` whose message says where and how
 * the values differ. `actual` and `expected` ride along for runners that draw a diff.
 */
export class AssertionError extends Error {
  /** The value the suite found. */
  declare readonly actual: unknown;
  /** The value the suite expected. */
  declare readonly expected: unknown;

  // Fields set in the constructor, not declared with initializers: a down-levelled class
  // field would need a helper that the build then shares with the main entry.
  constructor(message: string, actual?: unknown, expected?: unknown) {
    super(message);
    this.name = 'AssertionError';
    Object.defineProperty(this, 'actual', { value: actual, enumerable: true });
    Object.defineProperty(this, 'expected', { value: expected, enumerable: true });
  }
}

/** Throws unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/**
 * Deep strict equality over JSON-like values, as `node:assert`'s `deepStrictEqual` sees
 * them: `Object.is` for primitives (so `-0` is not `0`), the same prototype, the same own
 * enumerable keys (`__proto__` included, when it is an own key), the same array holes.
 */
export function equal(actual: unknown, expected: unknown, what: string): void {
  const difference = findDifference(actual, expected, '$');
  if (difference !== undefined) {
    throw new AssertionError(
      `${what}: ${difference}\n  expected: ${show(expected)}\n  actual:   ${show(actual)}`,
      actual,
      expected,
    );
  }
}

function findDifference(actual: unknown, expected: unknown, path: string): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return `at ${path} expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) {
    return `at ${path} expected the prototype of ${kind(expected)}, got that of ${kind(actual)}`;
  }
  if (Array.isArray(expected)) {
    const a = actual as unknown[];
    if (a.length !== expected.length) {
      return `at ${path} expected an array of ${expected.length}, got one of ${a.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      if (i in expected !== i in a)
        return `at ${path}[${i}] expected ${i in expected ? 'a value' : 'a hole'}`;
      const inner = findDifference(a[i], expected[i], `${path}[${i}]`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  const expectedKeys = Object.keys(expected);
  const actualKeys = Object.keys(actual);
  for (const key of expectedKeys) {
    if (!Object.hasOwn(actual, key)) return `at ${path} the key ${show(key)} is missing`;
  }
  for (const key of actualKeys) {
    if (!Object.hasOwn(expected, key)) return `at ${path} the key ${show(key)} is extra`;
  }
  for (const key of expectedKeys) {
    // Through the descriptor: an own `__proto__` is read as data, never as the accessor.
    const inner = findDifference(ownValue(actual, key), ownValue(expected, key), `${path}[${show(key)}]`);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function ownValue(object: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor && 'value' in descriptor ? descriptor.value : descriptor?.get?.call(object);
}

function kind(value: object): string {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return 'an object with a null prototype';
  if (proto === Object.prototype) return 'a plain object';
  if (proto === Array.prototype) return 'an array';
  return `a ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'class instance'}`;
}

/** A short, faithful rendering: `-0`, `undefined`, lone surrogates and long texts stay readable. */
export function show(value: unknown): string {
  if (Object.is(value, -0)) return '-0';
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `[function ${value.name}]`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
}

/** Awaits `promise` and throws unless it rejected with an error whose `code` is `code`. */
export async function rejectsWithCode(
  promise: Promise<unknown>,
  code: string,
  what: string,
): Promise<unknown> {
  let settled: { value: unknown } | undefined;
  try {
    settled = { value: await promise };
  } catch (error) {
    const actual = (error as { code?: unknown } | null)?.code;
    check(
      actual === code,
      `${what}: expected a rejection with code ${code}, got ${show(actual)} (${String(error)})`,
    );
    return error;
  }
  throw new AssertionError(
    `${what}: expected a rejection with code ${code}, but it resolved with ${show(settled.value)}`,
  );
}
