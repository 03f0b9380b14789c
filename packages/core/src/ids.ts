import type { Engine } from './engine';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A fresh id: the queue's eight random characters, then a counter in base 36, such as
 * `k3j9d8sa0`. It needs no lookup to be unique: the characters were drawn at `start()` so
 * that no id the queue found begins with them, and a chosen id of the form of a later made
 * id moves the counter past it. On a queue that holds 100,000 jobs, a lookup per enqueue
 * was one of the costliest steps.
 *
 * Twelve characters at most for the first 1.6 million ids of a queue, on purpose: V8
 * makes a string joined with `+` into a rope from 13 characters on, and every Map lookup
 * that meets a rope compares it in the runtime (measured: ~1,000 instructions per job).
 */
export function newId(e: Engine): string {
  return e.idPrefix + (e.idCounter++).toString(36);
}

/** Eight random characters (40 bits) from the platform's random source. */
export function drawPrefix(random: () => number): string {
  let prefix = '';
  for (let i = 0; i < 8; i++) prefix += ALPHABET[Math.floor(random() * 32)];
  return prefix;
}

/**
 * Takes the queue's eight random characters once every stored id is known: `prefix` when
 * `start()` drew it before reading and found no stored id, readable or not, that begins
 * with it; else (`undefined`) draws until one fits, scanning every id it knows.
 */
export function useIdPrefix(e: Engine, prefix: string | undefined): void {
  if (prefix !== undefined) {
    e.idPrefix = prefix;
    return;
  }
  const taken = (ids: Iterable<string>, candidate: string) => {
    for (const id of ids) if (id.startsWith(candidate)) return true;
    return false;
  };
  for (let attempt = 0; ; attempt++) {
    let candidate = drawPrefix(e.random);
    // A random source that keeps giving the same numbers (a test's `() => 0.5`) would draw
    // the same clash forever: past a few tries, the attempt number makes each one new.
    if (attempt >= 8) candidate = candidate.slice(0, 4) + attempt.toString(32).padStart(4, '0').slice(-4);
    if (!taken(e.index.entries.keys(), candidate) && !taken(e.corruptIds, candidate)) {
      e.idPrefix = candidate;
      return;
    }
  }
}

/** A chosen id of the form of a made id yet to come: made ids skip past it. */
export function passChosenId(e: Engine, id: string): void {
  const prefix = e.idPrefix;
  if (prefix === '' || !id.startsWith(prefix)) return;
  const rest = id.slice(prefix.length);
  // Ten base-36 digits at most: exact as a number, and beyond what a counter reaches.
  if (!/^[0-9a-z]{1,10}$/.test(rest)) return;
  const n = Number.parseInt(rest, 36);
  if (n >= e.idCounter) e.idCounter = n + 1;
}
