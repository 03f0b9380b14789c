/**
 * What a suite that imports `vitest` gets in the browser bundle: the tiny runner's
 * describe / it, and vitest's own `expect`, built from @vitest/expect as vitest builds it
 * (vitest/dist/chunks/test.*.js, createExpect) minus snapshots and polling.
 */
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  chai,
  type ExpectStatic,
  GLOBAL_EXPECT,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';

export { describe, it } from './tinyRunner';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

const expect = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
}) as unknown as ExpectStatic;
Object.assign(expect, chai.expect);
Object.assign(
  expect,
  (globalThis as Record<symbol, unknown>)[ASYMMETRIC_MATCHERS_OBJECT as unknown as symbol],
);
expect.getState = () => getState(expect);
expect.setState = (state) => setState(state, expect);
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
  },
  expect,
);
(expect as unknown as { extend: (m: unknown) => void }).extend = (matchers) =>
  (chai.expect as unknown as { extend: (e: unknown, m: unknown) => void }).extend(expect, matchers);
Object.defineProperty(globalThis, GLOBAL_EXPECT, { value: expect, writable: true, configurable: true });

export { expect };
export const beforeEach = () => {};
export const afterEach = () => {};
export const beforeAll = () => {};
export const afterAll = () => {};
