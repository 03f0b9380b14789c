import { StoreError, TimeoutError } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { storeErrorFrom } from '../src/storeErrorFrom';

describe('storeErrorFrom', () => {
  it('names a full quota as such, with the browser error as cause', () => {
    const cause = new DOMException('Quota exceeded.', 'QuotaExceededError');
    const error = storeErrorFrom('app-jobs', 'write jobs', cause);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/"app-jobs".*storage quota is full/);
    expect(error.cause).toBe(cause);
  });

  it('wraps any other failure with its name and message', () => {
    const cause = new DOMException('The database connection is closing.', 'InvalidStateError');
    const error = storeErrorFrom('app-jobs', 'load jobs', cause);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toBe(
      'IndexedDB store "app-jobs": could not load jobs: InvalidStateError: The database connection is closing.',
    );
    expect(error.cause).toBe(cause);
  });

  it('passes a Nightshift error through unchanged', () => {
    const own = new TimeoutError('slow');
    expect(storeErrorFrom('x', 'write jobs', own)).toBe(own);
  });
});
