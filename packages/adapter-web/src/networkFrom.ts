import type { NetworkState } from '@nightshift/core';

/**
 * What the Network Information API offers (Chromium; `navigator.connection`). `type` is
 * set on Android and ChromeOS only; `saveData` is the user's data saver.
 */
export interface NetworkInformationLike {
  /** The connection's kind, such as `wifi`, `cellular`, `ethernet` or `none`. */
  readonly type?: string;
  /** The user asked to save data. */
  readonly saveData?: boolean;
}

/**
 * Maps what the browser tells to a {@link NetworkState}: `none` while `navigator.onLine` is
 * false (or the connection's type is `none`), `metered` where the Network Information API
 * says `saveData` or a `cellular` connection, else `unmetered`. A browser without the API
 * (Firefox, Safari) reads as `unmetered` whenever it is online.
 *
 * @example
 * networkFrom(navigator.onLine, (navigator as { connection?: NetworkInformationLike }).connection);
 */
export function networkFrom(onLine: boolean, connection: NetworkInformationLike | undefined): NetworkState {
  if (!onLine || connection?.type === 'none') return 'none';
  if (connection?.saveData === true || connection?.type === 'cellular') return 'metered';
  return 'unmetered';
}
