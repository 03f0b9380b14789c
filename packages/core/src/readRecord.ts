import { JOB_STATES } from './jobIndex';
import { deeperThan, MAX_JSON_DEPTH, nestsDeeperThan } from './json';
import type { CorruptEntry, JobRecord } from './types';

const STATES = new Set<string>(JOB_STATES);

/**
 * Turns the stored text of one job into a `JobRecord`, or into `{ id, corrupt: reason }`
 * when the text is not JSON, lacks a field the engine cannot do without, or holds a
 * payload, result or checkpoint nested deeper than `MAX_JSON_DEPTH`. Stores call it from
 * `load()` so that one damaged entry is reported instead of failing the whole load.
 *
 * Every key comes back as it was written: `JSON.parse` makes a `__proto__` key an own
 * property and never touches a prototype, and `constructor` and `prototype` are ordinary
 * keys. `id` is the key the store kept the text under; a record that names another id is
 * corrupt too, since writing it back would land on the wrong entry.
 *
 * @example
 * const entry = readRecord('job-1', await kv.getItem('nightshift:job:job-1'));
 * if ('corrupt' in entry) report(entry);
 */
export function readRecord(id: string, text: string): JobRecord | CorruptEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A SyntaxError, or a RangeError from an engine whose parser has a depth limit (Hermes).
    return { id, corrupt: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const problem = findProblem(id, value) ?? tooDeep(value as JobRecord, text);
  return problem === undefined ? (value as JobRecord) : { id, corrupt: problem };
}

/**
 * Checks a record a store kept as a value rather than as text (IndexedDB's structured
 * clone, say): the same checks as {@link readRecord} after its parse, including the
 * nesting limit.
 *
 * @example
 * const entries = rows.map((row) => checkRecord(row.key, row.value));
 */
export function checkRecord(id: string, value: unknown): JobRecord | CorruptEntry {
  const problem = findProblem(id, value) ?? findTooDeep(value as JobRecord);
  return problem === undefined ? (value as JobRecord) : { id, corrupt: problem };
}

/**
 * Why a record whose JSON text is `text` holds a value past the nesting limit, if it does.
 * Each step runs only when the cheaper one before it could not rule that out: a value past
 * the limit needs more than `MAX_JSON_DEPTH` opening brackets, so most records are too
 * short to hold one, and most others have too few brackets; then a scan of the text gives
 * its depth; only a record that nests that deep is walked, to name the value.
 */
export function tooDeep(record: JobRecord, text: string): string | undefined {
  return mayNestTooDeep(text) ? findTooDeep(record) : undefined;
}

function mayNestTooDeep(text: string): boolean {
  if (text.length <= 2 * MAX_JSON_DEPTH) return false;
  let opens = 0;
  for (const bracket of '{[') {
    for (
      let i = text.indexOf(bracket);
      i !== -1 && opens <= MAX_JSON_DEPTH;
      i = text.indexOf(bracket, i + 1)
    ) {
      opens++;
    }
  }
  // The record itself is one level: its values may reach one more.
  return opens > MAX_JSON_DEPTH && textNestsDeeperThan(text, MAX_JSON_DEPTH + 1);
}

/** The depth of JSON text, brackets in strings skipped: no objects made, no call per level. */
function textNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: on to its closing quote, past escaped characters.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function findTooDeep(record: JobRecord): string | undefined {
  const past = (what: string, value: unknown, levels = MAX_JSON_DEPTH) =>
    nestsDeeperThan(value, levels) ? `${what} ${deeperThan(levels)}` : undefined;
  return (
    past('payload', record.payload) ??
    past('result', record.result) ??
    past('checkpoint', record.checkpoint) ??
    // The rest: a result kept for a dependent sits two levels down (dependencyResults, id).
    past('the record', record, MAX_JSON_DEPTH + 2)
  );
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
