import { InvalidPayloadError } from './errors';
import type { Json } from './types';

/**
 * Throws `InvalidPayloadError` unless `value` is a JSON value: plain objects, arrays,
 * strings, finite numbers, booleans and null, with no cycle and no `undefined` inside.
 */
export function assertJson(value: unknown, what = 'payload'): asserts value is Json {
  const problem = findNonJson(value, '$', new Set());
  if (problem) throw new InvalidPayloadError(`${what} is not JSON: ${problem}`);
}

function findNonJson(value: unknown, path: string, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${String(value)}`;
    case 'object': {
      if (value === null) return undefined;
      if (seen.has(value)) return `${path} is a cycle`;
      seen.add(value);
      let problem: string | undefined;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length && !problem; i++) {
          problem = i in value ? findNonJson(value[i], `${path}[${i}]`, seen) : `${path}[${i}] is a hole`;
        }
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          problem = `${path} is a ${(value as object).constructor?.name ?? 'class instance'}, not a plain object`;
        } else {
          for (const key of Object.keys(value)) {
            problem = findNonJson((value as Record<string, unknown>)[key], `${path}.${key}`, seen);
            if (problem) break;
          }
        }
      }
      seen.delete(value);
      return problem;
    }
    default:
      return `${path} is ${typeof value}`;
  }
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

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `JSON.parse` whose objects never gain a prototype from their keys: `__proto__`,
 * `constructor` and `prototype` keys are dropped, so code that later copies a loaded
 * payload with `target[key] = value` cannot be turned against `Object.prototype`.
 */
export function parseJson(text: string): Json {
  // A reviver costs microseconds per record; only text that could hold such a key pays it.
  // `\u` covers escaped spellings ("\u005f_proto__"), which JSON.stringify never writes.
  if (!RISKY.test(text)) return JSON.parse(text) as Json;
  return JSON.parse(text, (key, value) => (FORBIDDEN.has(key) ? undefined : value)) as Json;
}

const RISKY = /__proto__|constructor|prototype|\\u/;

/** A deep copy of a JSON value, so callers and stores never share references. */
export function cloneJson<T extends Json | object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
