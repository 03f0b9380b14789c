import { InvalidPayloadError, isNightshiftError } from './errors';
import type { StandardSchemaV1 } from './jobType';

/**
 * Runs a job's `validate`: a Standard Schema (zod, valibot, arktype, …) or a function that
 * returns the payload or throws. Resolves with the validated (possibly transformed) value.
 */
export async function validatePayload<P>(
  validate: StandardSchemaV1<unknown, P> | ((input: unknown) => P),
  input: unknown,
): Promise<P> {
  if (typeof validate === 'function') {
    try {
      return validate(input);
    } catch (error) {
      if (isNightshiftError(error, 'INVALID_PAYLOAD')) throw error;
      throw new InvalidPayloadError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
  const result = await validate['~standard'].validate(input);
  if (result.issues) {
    throw new InvalidPayloadError(`payload is invalid: ${result.issues.map((i) => i.message).join('; ')}`);
  }
  return result.value;
}
