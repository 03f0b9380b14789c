// Runs the checks one after the other on the VM, prints one line per check and a closing
// 'N passed, N failed' line. A failure, or a check that never settles, fails the run: the
// runner (scripts/run.mjs) reads the closing line and the VM's exit status.

const HANG_TURNS = 200_000;

export interface Check {
  name: string;
  run(): Promise<void>;
}

export class CheckFailed extends Error {}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

export function equal<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new CheckFailed(`${what}: expected ${e}, got ${a}`);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
  }
  return `thrown ${typeof error}: ${String(error)}`;
}

export async function runChecks(checks: readonly Check[]): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const check of checks) {
    let settled = false;
    try {
      // A check whose promise never settles would end the VM with nothing pending and no
      // line for it: a guard that keeps the loop turning names it instead. It counts turns,
      // not time: the VM's setTimeout ignores its delay (timers run in the order they were set).
      await Promise.race([
        check.run(),
        new Promise((_, reject) => {
          let turns = 0;
          const turn = () => {
            if (settled) return;
            if (++turns >= HANG_TURNS)
              reject(new CheckFailed(`did not settle within ${HANG_TURNS} turns of the event loop`));
            else setTimeout(turn, 0);
          };
          setTimeout(turn, 0);
        }),
      ]);
      passed++;
      console.log(`ok - ${check.name}`);
    } catch (error) {
      failed++;
      console.log(`not ok - ${check.name}: ${describe(error)}`);
      const stack = error instanceof Error ? error.stack : undefined;
      if (stack) console.log(`  ${stack.split('\n').slice(1, 6).join('\n  ')}`);
    } finally {
      settled = true;
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) {
    // An uncaught error is how the Hermes VM exits non-zero.
    setTimeout(() => {
      throw new Error(`${failed} check(s) failed`);
    }, 0);
  }
}
