/**
 * The smallest describe / it that runs a conformance suite inside a page or a worker:
 * tests are collected, then run one after another by `runAll`, each failure kept with its
 * message. Enough for `runStoreConformance` and `runPlatformConformance`, which take the
 * runner as `{ describe, it }`.
 */
type Body = () => unknown | Promise<unknown>;

const tests: Array<{ name: string; body: Body }> = [];
const path: string[] = [];

export function describe(name: string, body: () => void): void {
  path.push(name);
  try {
    body();
  } finally {
    path.pop();
  }
}

export function it(name: string, body: Body): void {
  tests.push({ name: [...path, name].join(' > '), body });
}

export async function runAll(): Promise<Array<{ name: string; ok: boolean; error?: string }>> {
  const results: Array<{ name: string; ok: boolean; error?: string }> = [];
  for (const { name, body } of tests.splice(0)) {
    try {
      await body();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({
        name,
        ok: false,
        error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
      });
    }
  }
  return results;
}
