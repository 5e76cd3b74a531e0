// Runs a promise to its end under vi.useFakeTimers(), moving the fake clock forward in small
// steps so every CloudFormation timer, waiter delay and event poll fires in order.
import { vi } from 'vitest';

export async function advanceUntilSettled<T>(promise: Promise<T>, stepMs = 1000, maxSteps = 200_000): Promise<T> {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  for (let i = 0; !done && i < maxSteps; i++) await vi.advanceTimersByTimeAsync(stepMs);
  return promise;
}
