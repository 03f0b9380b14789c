import { InvalidOptionsError } from './errors';
import type { Constraints, RetryPolicy } from './types';

export function checkPositive(value: unknown, what: string, allowZero = false): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InvalidOptionsError(`${what} must be a finite number ${allowZero ? '>= 0' : '> 0'}`);
  }
}

const CONSTRAINT_KEYS = new Set(['network', 'charging', 'batteryNotLow', 'deviceIdle', 'storageNotLow']);

export function checkConstraints(constraints: Constraints, where: string): void {
  if (typeof constraints !== 'object' || constraints === null) {
    throw new InvalidOptionsError(`${where} constraints must be an object`);
  }
  for (const [key, value] of Object.entries(constraints)) {
    if (!CONSTRAINT_KEYS.has(key))
      throw new InvalidOptionsError(`${where} has an unknown constraint "${key}"`);
    if (key === 'network') {
      if (value !== undefined && value !== 'connected' && value !== 'unmetered') {
        throw new InvalidOptionsError(`${where} network constraint must be 'connected' or 'unmetered'`);
      }
    } else if (value !== undefined && typeof value !== 'boolean') {
      throw new InvalidOptionsError(`${where} constraint "${key}" must be a boolean`);
    }
  }
}

export function checkRetryPolicy(retry: RetryPolicy, where: string): void {
  if (typeof retry !== 'object' || retry === null)
    throw new InvalidOptionsError(`${where} retry must be an object`);
  if (retry.maxAttempts !== undefined && !(Number.isInteger(retry.maxAttempts) && retry.maxAttempts >= 1)) {
    throw new InvalidOptionsError(`${where} retry.maxAttempts must be an integer >= 1`);
  }
  const backoff = retry.backoff;
  if (backoff === undefined || typeof backoff === 'function') return;
  if (typeof backoff !== 'object' || backoff === null) {
    throw new InvalidOptionsError(`${where} retry.backoff must be an object or a function`);
  }
  if (!['exponential', 'linear', 'fixed'].includes(backoff.kind)) {
    throw new InvalidOptionsError(`${where} retry.backoff.kind must be exponential, linear or fixed`);
  }
  checkPositive(backoff.initialDelayMs, `${where} retry.backoff.initialDelayMs`, true);
  if (backoff.multiplier !== undefined)
    checkPositive(backoff.multiplier, `${where} retry.backoff.multiplier`);
  if (backoff.maxDelayMs !== undefined)
    checkPositive(backoff.maxDelayMs, `${where} retry.backoff.maxDelayMs`, true);
  if (backoff.jitter !== undefined && !(backoff.jitter >= 0 && backoff.jitter <= 1)) {
    throw new InvalidOptionsError(`${where} retry.backoff.jitter must be within 0..1`);
  }
}
