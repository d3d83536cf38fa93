// Transient failures (throttling, 5xx, network) are retried within a budget with p-retry; a denial is
// never retried: it is the result under test. The SDK's own retries are off (maxAttempts 1) so the
// harness knows and reports every retry.
import pRetry, { AbortError } from "p-retry";
import { isTransient } from "./classify.js";

export interface RetryBudget {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}
export const DEFAULT_RETRY: RetryBudget = { retries: 4, minTimeoutMs: 200, maxTimeoutMs: 5_000 };

export async function withRetry<T>(
  fn: () => Promise<T>,
  budget: RetryBudget,
  signal?: AbortSignal,
  onRetry?: () => void,
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await fn();
      } catch (e) {
        if (!isTransient(e)) throw new AbortError(e as Error);
        throw e;
      }
    },
    {
      retries: budget.retries,
      minTimeout: budget.minTimeoutMs,
      maxTimeout: budget.maxTimeoutMs,
      factor: 2,
      randomize: true,
      signal,
      onFailedAttempt: () => onRetry?.(),
    },
  );
}
