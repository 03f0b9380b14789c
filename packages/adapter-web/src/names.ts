/**
 * The names a queue of the given name uses in the browser: its Web Lock (held by the one
 * context that runs the jobs), its BroadcastChannel, and its Background Sync tag. The
 * same for every tab, worker and service worker of the origin.
 */
export function queueNames(name: string): {
  lock: string;
  channel: string;
  syncTag: string;
  tabLock: (tab: string) => string;
} {
  const base = `nightshift:${name}`;
  return { lock: base, channel: base, syncTag: base, tabLock: (tab) => `${base}:tab:${tab}` };
}

/** The queue name in a Background Sync tag made by {@link queueNames}, or undefined for another tag. */
export function queueNameOfTag(tag: string): string | undefined {
  return tag.startsWith('nightshift:') ? tag.slice('nightshift:'.length) : undefined;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A random id of `length` characters (5 bits each) from `crypto.getRandomValues`: tab ids,
 * and job ids made by a tab before it forwards an `enqueue`. Twelve characters are 60
 * bits, so two tabs never make the same one.
 */
export function randomId(length = 12): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}
