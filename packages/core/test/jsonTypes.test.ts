// Types and run time agree on what JSON is: each value the types refuse here (the
// `@ts-expect-error` lines, which `pnpm typecheck` checks) is also refused by the queue at
// run time, and what the types accept runs.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { InvalidPayloadError } from '../src/errors';
import type { JobType } from '../src/jobType';
import type { Json, JsonProblem } from '../src/types';
import { setup } from './helpers';

interface Upload {
  file: string;
  note?: string;
  parts: Array<{ index: number; etag: string | null }>;
}
interface Folder {
  name: string;
  children: Folder[];
}

describe('payload and result types', () => {
  it('keep the inferred payload and result types, interfaces and optional keys included', async () => {
    const upload = defineJob({
      name: 'upload',
      async run(payload: Upload) {
        return { uploaded: payload.parts.length, note: payload.note ?? null };
      },
    });
    expectTypeOf(upload).toEqualTypeOf<
      JobType<'upload', Upload, { uploaded: number; note: string | null }>
    >();
    const walk = defineJob({ name: 'walk', run: (folder: Folder) => folder.children.length });
    expectTypeOf(walk).toEqualTypeOf<JobType<'walk', Folder, number>>();
    const anything = defineJob({ name: 'anything', run: (value: Json) => value });
    expectTypeOf(anything).toEqualTypeOf<JobType<'anything', Json, Json>>();
    const quiet = defineJob({ name: 'quiet', run: (_p: null) => undefined });
    expectTypeOf(quiet).toEqualTypeOf<JobType<'quiet', null, undefined>>();

    const { queue, platform } = setup([upload, walk, quiet]);
    await queue.start();
    const job = await queue.enqueue(upload, { file: 'a.jpg', parts: [{ index: 0, etag: null }] });
    await queue.enqueue(walk, { name: '/', children: [{ name: 'a', children: [] }] });
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'succeeded', result: { uploaded: 1, note: null } });
  });

  it('refuse a Date in the payload, as enqueue does at run time', async () => {
    // @ts-expect-error payload is not JSON: $.when is a Date: store date.toISOString() or date.getTime()
    const remind = defineJob({
      name: 'remind',
      run: (_p: { when: Date }) => undefined,
    });
    const { queue } = setup([remind]);
    await queue.start();
    const refusal = queue.enqueue(remind, { when: new Date(0) });
    await expect(refusal).rejects.toBeInstanceOf(InvalidPayloadError);
    await expect(refusal).rejects.toThrow(/\$\.when is a Date/);
  });

  it('refuse a key that must be present but may be undefined, as enqueue does at run time', async () => {
    // @ts-expect-error payload is not JSON: $.text is undefined: leave the key out, or use null
    const note = defineJob({
      name: 'note',
      run: (_p: { text: string | undefined }) => undefined,
    });
    const { queue } = setup([note]);
    await queue.start();
    await expect(queue.enqueue(note, { text: undefined })).rejects.toBeInstanceOf(InvalidPayloadError);
  });

  it('refuse a result with a BigInt, as the run does (the job fails)', async () => {
    // @ts-expect-error result is not JSON: $.total is a BigInt: store it as a string
    const sum = defineJob({ name: 'sum', run: (_p: null) => ({ total: 10n }) });
    const { queue, platform } = setup([sum]);
    await queue.start();
    const job = await queue.enqueue(sum, null);
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'failed', error: { code: 'INVALID_PAYLOAD' } });
  });

  it('refuse a checkpoint with a function or a Map, as saveCheckpoint does at run time', async () => {
    const errors: unknown[] = [];
    const resume = defineJob({
      name: 'resume',
      async run(_p: null, ctx) {
        await ctx.saveCheckpoint({ offset: 3, parts: [{ index: 0, etag: 'x' }] });
        const upload: Upload = { file: 'a', parts: [] };
        await ctx.saveCheckpoint(upload);
        // @ts-expect-error checkpoint is not JSON: $.seen is a Map: store an array of entries or a plain object
        await ctx.saveCheckpoint({ seen: new Map<string, number>() }).catch((e: unknown) => errors.push(e));
        // @ts-expect-error checkpoint is not JSON: $.next is a function
        await ctx.saveCheckpoint({ next: () => 1 }).catch((e: unknown) => errors.push(e));
      },
    });
    const { queue, platform } = setup([resume]);
    await queue.start();
    const job = await queue.enqueue(resume, null);
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'succeeded' });
    expect(errors).toEqual([expect.any(InvalidPayloadError), expect.any(InvalidPayloadError)]);
  });

  it('take only JSON at enqueue for a job whose run does not type its payload', async () => {
    const ping = defineJob({ name: 'ping', run: () => 'pong' });
    const { queue } = setup([ping]);
    await queue.start();
    await queue.enqueue(ping, { any: ['json', 1, null] });
    // @ts-expect-error Date is not assignable to Json
    await expect(queue.enqueue(ping, new Date(0))).rejects.toBeInstanceOf(InvalidPayloadError);
  });

  it('name each wrong path in JsonProblem', () => {
    expectTypeOf<JsonProblem<{ a: { b: Array<{ c: bigint }> }; d?: Date }>>().toEqualTypeOf<
      | '$.a.b[].c is a BigInt: store it as a string'
      | '$.d is a Date: store date.toISOString() or date.getTime()'
    >();
    expectTypeOf<JsonProblem<Upload>>().toBeNever();
    expectTypeOf<JsonProblem<unknown>>().toBeNever();
  });
});
