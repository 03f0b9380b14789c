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
  if (typeof value !== 'object' || value === null) {
    const problem = leafProblem(value);
    if (problem !== undefined) throw new InvalidPayloadError(`${what} is not JSON: $ is ${problem}`);
    return;
  }
  const problem = findNonJson(value);
  if (problem !== undefined) {
    throw new InvalidPayloadError(
      problem === DEEP
        ? `${what} nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects (MAX_JSON_DEPTH)`
        : `${what} is not JSON: ${problem}`,
    );
  }
}

const DEEP = 'deep';

/** What is wrong with a value that is not an object, or `undefined` when it is JSON. */
function leafProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : String(value);
    case 'object':
      return undefined;
    default:
      return typeof value;
  }
}

/**
 * Depth-first over `root` with an explicit stack of open containers. Paths are spelled
 * only when something is wrong, from the stack: no string per visited key.
 */
function findNonJson(root: object): string | undefined {
  const open: object[] = [];
  const keyLists: Array<string[] | undefined> = [];
  const next: number[] = [];
  const ancestors = new Set<object>();

  const enter = (container: object): string | undefined => {
    if (ancestors.has(container)) return `${pathOf(open, keyLists, next)} is a cycle`;
    if (open.length === MAX_JSON_DEPTH) return DEEP;
    let keys: string[] | undefined;
    if (!Array.isArray(container)) {
      const proto = Object.getPrototypeOf(container);
      if (proto !== Object.prototype && proto !== null) {
        const kind = (container as { constructor?: { name?: string } }).constructor?.name ?? 'class instance';
        return `${pathOf(open, keyLists, next)} is a ${kind}, not a plain object`;
      }
      keys = Object.keys(container);
    }
    ancestors.add(container);
    open.push(container);
    keyLists.push(keys);
    next.push(0);
    return undefined;
  };

  let problem = enter(root);
  while (problem === undefined && open.length > 0) {
    const top = open.length - 1;
    const container = open[top]!;
    const keys = keyLists[top];
    const i = next[top]!;
    const length = keys === undefined ? (container as unknown[]).length : keys.length;
    if (i === length) {
      ancestors.delete(container);
      open.pop();
      keyLists.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    let child: unknown;
    if (keys === undefined) {
      if (!(i in container)) return `${pathOf(open, keyLists, next)} is a hole`;
      child = (container as unknown[])[i];
    } else {
      child = (container as Record<string, unknown>)[keys[i]!];
    }
    if (typeof child === 'object' && child !== null) problem = enter(child);
    else {
      const leaf = leafProblem(child);
      if (leaf !== undefined) problem = `${pathOf(open, keyLists, next)} is ${leaf}`;
    }
  }
  return problem;
}

/** `$.a[2].b`: the path to the value the walk last stepped into. */
function pathOf(open: object[], keyLists: Array<string[] | undefined>, next: number[]): string {
  let path = '$';
  for (let d = 0; d < open.length; d++) {
    const keys = keyLists[d];
    const i = next[d]! - 1;
    path += keys === undefined ? `[${i}]` : `.${keys[i]}`;
  }
  return path;
}

/**
 * Whether `value` nests deeper than `limit` arrays and objects, without recursion: the
 * check a store's decoding needs for records that did not come through `assertJson`.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  // Containers still to visit, each with its own depth: no call per level.
  const pending: unknown[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const node = pending.pop() as object;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (typeof child === 'object' && child !== null) {
          pending.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const child: unknown = (node as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) {
          pending.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
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
