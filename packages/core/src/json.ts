import { InvalidPayloadError } from './errors';
import type { Json } from './types';

/**
 * The deepest a payload, result or checkpoint may nest: at most this many arrays and
 * objects one inside another (`{ a: [1] }` nests 2 deep, `1` nests 0). Deeper values are
 * refused with `InvalidPayloadError` at `enqueue`, `saveCheckpoint` and on a result, and
 * a stored record past it loads as corrupt.
 *
 * Why 256: Hermes's `JSON.parse` and `JSON.stringify` give up at 512 levels (its
 * `MAX_JSON_RECURSION_DEPTH`), and a record wraps a job's values in up to three more
 * (record, `dependencyResults`, id). V8 overflows its stack in `JSON.stringify` at a few
 * thousand. 256 stays clear of both, and no real payload comes near it.
 *
 * @example
 * import { MAX_JSON_DEPTH } from '@nightshift/core';
 * if (depthOf(tree) > MAX_JSON_DEPTH) tree = flatten(tree);
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Throws `InvalidPayloadError` unless `value` is a JSON value: plain objects, arrays,
 * strings, finite numbers, booleans and null, with no cycle, no `undefined` inside and no
 * deeper than {@link MAX_JSON_DEPTH}. An own `__proto__` key is ordinary data, as in
 * `JSON.parse`. The walk keeps its own stack, so no depth overflows the call stack.
 */
export function assertJson(value: unknown, what = 'payload'): asserts value is Json {
  const problem = findNonJson(value, MAX_JSON_DEPTH);
  if (problem !== undefined) {
    throw new InvalidPayloadError(
      problem === DEEP ? `${what} ${deeperThan(MAX_JSON_DEPTH)}` : `${what} is not JSON: ${problem}`,
    );
  }
}

/** The reason given for a value past the limit, at `enqueue` and on load. */
export const deeperThan = (levels: number): string =>
  `nests deeper than ${levels} levels of arrays and objects (MAX_JSON_DEPTH)`;

/**
 * Whether `value` nests deeper than `limit` arrays and objects, without recursion: the
 * check a store's decoding needs for records that did not come through `assertJson`.
 * Meant for values that are JSON already (parsed, or structured-cloned).
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  return findNonJson(value, limit) === DEEP;
}

const DEEP = 'deep';

/**
 * Depth-first over `value` with an explicit stack of open containers. Paths are spelled
 * only when something is wrong, from the stack: no string per visited key.
 */
/** What is wrong with a class instance, and the usual fix (the same words as the types'). */
function instanceProblem(value: object): string {
  if (value instanceof Date) return 'is a Date: store date.toISOString() or date.getTime()';
  if (value instanceof Map) return 'is a Map: store an array of entries or a plain object';
  if (value instanceof Set) return 'is a Set: store an array';
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return `is a ${name ?? 'class instance'}, not a plain object`;
}

/** What is wrong with a value that is neither JSON nor an object, and the usual fix. */
function primitiveProblem(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return `is ${String(value)}: only finite numbers are JSON`;
    case 'bigint':
      return 'is a BigInt: store it as a string';
    case 'undefined':
      return 'is undefined: leave the key out, or use null';
    default:
      return `is a ${typeof value}`;
  }
}

function findNonJson(value: unknown, limit: number): string | undefined {
  const open: object[] = [];
  const keyLists: Array<string[] | undefined> = [];
  const next: number[] = [];
  const path = () => pathOf(open, keyLists, next);

  // `value` is the one to look at next; then the walk steps to the next unvisited child.
  for (;;) {
    if (typeof value === 'object' && value !== null) {
      // Ancestors only, by a scan: cheaper than a Set at the depths payloads have.
      if (open.includes(value)) return `${path()} is a cycle`;
      if (open.length === limit) return DEEP;
      let keys: string[] | undefined;
      if (!Array.isArray(value)) {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          return `${path()} ${instanceProblem(value)}`;
        }
        keys = Object.keys(value);
      }
      open.push(value);
      keyLists.push(keys);
      next.push(0);
    } else if (
      value !== null &&
      (typeof value === 'number'
        ? !Number.isFinite(value)
        : typeof value !== 'string' && typeof value !== 'boolean')
    ) {
      return `${path()} ${primitiveProblem(value)}`;
    }

    for (;;) {
      const top = open.length - 1;
      if (top < 0) return undefined;
      const container = open[top]!;
      const keys = keyLists[top];
      const i = next[top]!;
      if (i === (keys ?? (container as unknown[])).length) {
        open.pop();
        keyLists.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      if (keys !== undefined) value = (container as Record<string, unknown>)[keys[i]!];
      else if (i in container) value = (container as unknown[])[i];
      else return `${path()} is a hole`;
      break;
    }
  }
}

/** `$.a[2].b`: the path to the value the walk last stepped into. */
function pathOf(open: object[], keyLists: Array<string[] | undefined>, next: number[]): string {
  let spelled = '$';
  for (let d = 0; d < open.length; d++) {
    const keys = keyLists[d];
    const i = next[d]! - 1;
    spelled += keys === undefined ? `[${i}]` : `.${keys[i]}`;
  }
  return spelled;
}

/** UTF-8 length of a string, without TextEncoder (absent on some Hermes builds). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * `JSON.parse`, named for what it promises: it never gives an object a prototype other
 * than `Object.prototype`. A `__proto__` key becomes an own data property, as `JSON.parse`
 * defines it (it never calls the `__proto__` setter), and `constructor` and `prototype`
 * are ordinary keys, so every key comes back exactly as it was written. Code that later
 * merges such an object into another (`Object.assign`, a deep merge) must skip
 * `__proto__` itself; see "Payloads" in docs/concepts.md.
 */
export function parseJson(text: string): Json {
  return JSON.parse(text) as Json;
}

/** A deep copy of a JSON value, so callers and stores never share references. */
export function cloneJson<T extends Json | object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
