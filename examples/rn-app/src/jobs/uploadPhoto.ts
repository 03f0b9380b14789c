import { defineJob, type JobContext, PermanentError, RetryLaterError } from '@nightshift/core';

/** What the app enqueues: a local photo and where it goes. */
export interface UploadPhotoPayload {
  /** A `file://` (or `content://`, `ph://`) URI that `fetch` can read, as an image picker returns it. */
  uri: string;
  /** Shown in the list. */
  fileName: string;
  /** The upload service; it speaks a tus-like protocol (see this example's README). */
  endpoint: string;
}

/** What a finished upload leaves on the job. */
export interface UploadPhotoResult {
  url: string;
  bytes: number;
}

/** Resumable state, kept with `ctx.saveCheckpoint` after every chunk. */
interface UploadCheckpoint {
  /** The upload session the server created. */
  session: string;
  /** Bytes the server has acknowledged. */
  offset: number;
}

/** 256 KiB: one chunk fits easily in a 25 s window on a slow network. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Uploads a photo in chunks. Every acknowledged chunk is checkpointed, so a run cut short by
 * the end of a background window, lost connectivity, `stop()` or a killed process resumes
 * where the server left off instead of starting again.
 */
export const uploadPhoto = defineJob({
  name: 'upload-photo',
  constraints: { network: 'connected', batteryNotLow: true },
  retry: { maxAttempts: 8, backoff: { kind: 'exponential', initialDelayMs: 30_000, maxDelayMs: 3_600_000 } },
  // Window admission: a background window starts a job only if its expected duration fits in
  // the time left. A whole photo may take longer than one window, but one chunk does not, and
  // any progress is kept, so the estimate is one chunk's worth rather than the whole upload.
  estimatedDurationMs: 5_000,
  async run(payload: UploadPhotoPayload, ctx): Promise<UploadPhotoResult> {
    const blob = await (await fetch(payload.uri, { signal: ctx.signal })).blob();
    const total = blob.size;
    let state = await resume(payload, ctx, total);

    while (state.offset < total) {
      ctx.signal.throwIfAborted();
      const end = Math.min(state.offset + CHUNK_BYTES, total);
      const res = await fetch(state.session, {
        method: 'PATCH',
        headers: {
          'Content-Type': 'application/offset+octet-stream',
          'Upload-Offset': String(state.offset),
        },
        body: blob.slice(state.offset, end),
        signal: ctx.signal,
      });
      check(res);
      state = { session: state.session, offset: Number(res.headers.get('Upload-Offset') ?? end) };
      // Durable before the next chunk: resumes from here after any interruption.
      await ctx.saveCheckpoint({ ...state });
      ctx.progress(
        state.offset / total,
        `${Math.round(state.offset / 1024)} of ${Math.round(total / 1024)} KiB`,
      );
    }

    const done = await fetch(state.session, { method: 'HEAD', signal: ctx.signal });
    check(done);
    return { url: done.headers.get('Location') ?? state.session, bytes: total };
  },
});

/** The checkpoint of an earlier run, checked against the server, or a new session. */
async function resume(
  payload: UploadPhotoPayload,
  ctx: JobContext,
  total: number,
): Promise<UploadCheckpoint> {
  const saved = readCheckpoint(ctx.checkpoint);
  if (saved) {
    // The server is the truth: it may have stored a chunk whose answer never arrived.
    const res = await fetch(saved.session, { method: 'HEAD', signal: ctx.signal });
    if (res.status !== 404 && res.status !== 410) {
      check(res);
      const offset = Number(res.headers.get('Upload-Offset') ?? saved.offset);
      ctx.progress(offset / total, 'resuming');
      return { session: saved.session, offset };
    }
    // The session expired on the server: start over below.
  }
  const res = await fetch(payload.endpoint, {
    method: 'POST',
    headers: { 'Upload-Length': String(total), 'Upload-Metadata': `filename ${payload.fileName}` },
    signal: ctx.signal,
  });
  check(res);
  const session = res.headers.get('Location');
  if (!session) throw new PermanentError('the upload service did not return a session URL');
  const state = { session: new URL(session, payload.endpoint).toString(), offset: 0 };
  await ctx.saveCheckpoint({ ...state });
  ctx.progress(0, 'starting');
  return state;
}

/** Maps an HTTP answer to Nightshift's retry rules. */
function check(res: Response): void {
  if (res.ok) return;
  if (res.status === 429 || res.status === 503) {
    // Retry-After in seconds; without one (or with an HTTP date), wait a minute.
    const header = res.headers.get('Retry-After');
    const seconds = header === null ? Number.NaN : Number(header);
    throw new RetryLaterError(Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000);
  }
  if (res.status >= 400 && res.status < 500 && res.status !== 408) {
    throw new PermanentError(`upload refused: HTTP ${res.status}`);
  }
  throw new Error(`upload failed: HTTP ${res.status}`); // 5xx, 408: retried with backoff
}

function readCheckpoint(value: unknown): UploadCheckpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { session, offset } = value as Partial<UploadCheckpoint>;
  return typeof session === 'string' && typeof offset === 'number' ? { session, offset } : undefined;
}
