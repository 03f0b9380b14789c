import { InvalidOptionsError } from '@nightshift/core';

/** The default window budget: iOS grants about 30 s, this leaves 5 s to spare. */
export const DEFAULT_BUDGET_MS = 25_000;

/** Checks a window budget option; shared by the schedulers. */
export function checkBudget(owner: string, budgetMs: number | undefined): number {
  const value = budgetMs ?? DEFAULT_BUDGET_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionsError(
      `${owner} budgetMs must be a positive finite number, got ${String(budgetMs)}`,
    );
  }
  return value;
}
