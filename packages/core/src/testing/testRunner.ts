/**
 * The two functions of a test runner the conformance suites register their tests with:
 * pass vitest's, jest's, node:test's or your own. `it` gets an async body; a runner must
 * fail the test when the promise rejects.
 *
 * @example
 * import { describe, it } from 'vitest';
 * runStoreConformance('my store', makeStore, { describe, it, fc });
 */
export interface TestRunner {
  /** Groups the suite's tests under one name. Called once, with a synchronous body. */
  describe(name: string, body: () => void): unknown;
  /** Registers one test. */
  it(name: string, body: () => Promise<void>): unknown;
}
