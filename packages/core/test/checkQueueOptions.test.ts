import { describe, expect, it } from 'vitest';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import { InvalidOptionsError, UnknownJobError } from '../src/errors';
import { systemPlatform } from '../src/systemPlatform';
import { setup } from './helpers';

const noop = defineJob({ name: 'noop', run: () => undefined });

describe('createQueue option messages', () => {
  it('names the platforms to pass when the platform is missing', () => {
    const attempt = () => createQueue({ jobs: [noop] } as never);
    expect(attempt).toThrow(InvalidOptionsError);
    expect(attempt).toThrow(/systemPlatform\(\).*createReactNativePlatform\(\).*createMemoryPlatform\(\)/);
  });

  it('says which entry of jobs is not a job type', () => {
    const attempt = () => createQueue({ platform: systemPlatform(), jobs: [noop, { name: 'x' }] as never });
    expect(attempt).toThrow(
      new InvalidOptionsError('jobs[1] is not a job type: make each one with defineJob()'),
    );
  });

  it('tells enqueue of an unknown name to add the job type to jobs', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    await expect(queue.enqueue('other' as 'noop', null)).rejects.toThrow(
      new UnknownJobError(
        'no job named "other" is defined in this queue: add it to `jobs: [...]` in createQueue',
      ),
    );
  });
});
