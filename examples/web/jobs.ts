// The example's one job type, shared by the page and the service worker: an upload to the
// local server, retried with backoff when the server or the network fails.
import { defineJob, PermanentError, RetryLaterError } from '@nightshift/core';

export interface UploadPayload {
  /** The file's name, as shown in the list. */
  name: string;
  /** Its content (text, to keep the example small). */
  text: string;
}

export const upload = defineJob({
  name: 'upload',
  constraints: { network: 'connected' },
  retry: { maxAttempts: 5, backoff: { kind: 'exponential', initialDelayMs: 2_000, maxDelayMs: 60_000 } },
  timeoutMs: 30_000,
  async run(file: UploadPayload, ctx) {
    ctx.progress(0.1, 'sending');
    const response = await fetch(`/upload?id=${encodeURIComponent(ctx.id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(file),
      signal: ctx.signal,
    });
    if (response.status === 429)
      throw new RetryLaterError(Number(response.headers.get('retry-after') ?? 5) * 1_000);
    if (response.status >= 400 && response.status < 500)
      throw new PermanentError(`server said ${response.status}`);
    if (!response.ok) throw new Error(`server said ${response.status}`);
    ctx.progress(1, 'sent');
    return (await response.json()) as { stored: number };
  },
});

export const jobs = [upload] as const;
