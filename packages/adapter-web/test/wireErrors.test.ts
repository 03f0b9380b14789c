import { CorruptRecordError, InvalidPayloadError, NightshiftError, StoreError } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { fromWireError, toWireError } from '../src/wireErrors';

describe('wire errors', () => {
  it('come back in another tab as the same Nightshift class, with the code and message', () => {
    const error = fromWireError(toWireError(new InvalidPayloadError('payload is not JSON: $.f is function')));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', message: 'payload is not JSON: $.f is function' });
  });

  it('keep the id of a corrupt record', () => {
    const corrupt = new CorruptRecordError('broken');
    corrupt.id = 'job-1';
    expect(fromWireError(toWireError(corrupt))).toMatchObject({ name: 'CorruptRecordError', id: 'job-1' });
  });

  it('keep an unknown code on a NightshiftError, and a plain error plain', () => {
    expect(fromWireError({ name: 'QuotaError', message: 'm', code: 'CUSTOM' })).toBeInstanceOf(
      NightshiftError,
    );
    const plain = fromWireError(toWireError(new TypeError('x')));
    expect(plain).not.toBeInstanceOf(NightshiftError);
    expect(plain).toMatchObject({ name: 'TypeError', message: 'x' });
    expect(fromWireError(toWireError(new StoreError('disk')))).toBeInstanceOf(StoreError);
  });
});
