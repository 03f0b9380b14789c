import { parseJson } from './json';
import type { CorruptEntry, JobRecord } from './types';

const STATES = new Set(['enqueued', 'blocked', 'running', 'succeeded', 'failed', 'cancelled']);

/**
 * Turns the stored text of one job into a `JobRecord`, or into `{ id, corrupt: reason }`
 * when the text is not JSON or lacks a field the engine cannot do without. Stores call it
 * from `load()` so that one damaged entry is reported instead of failing the whole load.
 *
 * Parsing goes through `parseJson`, so `__proto__`, `constructor` and `prototype` keys
 * never reach a prototype. `id` is the key the store kept the text under; a record that
 * names another id is corrupt too, since writing it back would land on the wrong entry.
 *
 * @example
 * const entry = readRecord('job-1', await kv.getItem('nightshift:job:job-1'));
 * if ('corrupt' in entry) report(entry);
 */
export function readRecord(id: string, text: string): JobRecord | CorruptEntry {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    return { id, corrupt: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const problem = findProblem(id, value);
  return problem === undefined ? (value as JobRecord) : { id, corrupt: problem };
}

function findProblem(id: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  if (record.id !== id) return `id is ${JSON.stringify(record.id)}, stored under ${JSON.stringify(id)}`;
  if (typeof record.name !== 'string') return 'name is missing or not a string';
  if (typeof record.state !== 'string' || !STATES.has(record.state)) return 'state is missing or unknown';
  if (!('payload' in record)) return 'payload is missing';
  // Each field by name, not `record[field]` over a list: an access keyed by a varying string
  // is megamorphic in V8, eight of them per record on a start that loads 100,000.
  const notNumber =
    mustBeNumber('attempts', record.attempts) ??
    mustBeNumber('maxAttempts', record.maxAttempts) ??
    mustBeNumber('createdAt', record.createdAt) ??
    mustBeNumber('updatedAt', record.updatedAt) ??
    mustBeNumber('runAt', record.runAt) ??
    mustBeNumber('priority', record.priority) ??
    mustBeNumber('interruptions', record.interruptions) ??
    mustBeNumber('seq', record.seq);
  if (notNumber !== undefined) return notNumber;
  if (!Array.isArray(record.tags)) return 'tags is missing or not an array';
  return undefined;
}

function mustBeNumber(field: string, value: unknown): string | undefined {
  return typeof value === 'number' ? undefined : `${field} is missing or not a number`;
}
