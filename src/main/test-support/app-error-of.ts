// Test support: the AppError a call threw (or a promise rejected with); anything else, or no failure at all, fails the test.
import { AppFailure, type AppError } from '../../shared/errors';

/** Runs `fn` and returns the AppError it threw; rethrows any other error, and throws when `fn` returns. */
export function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppFailure) return e.error;
    throw e;
  }
  throw new Error('expected a failure');
}

/** Awaits `run` and returns the AppError it rejected with; rethrows any other error, and throws when it resolves. */
export async function rejectionOf(run: Promise<unknown>): Promise<AppError> {
  try {
    await run;
  } catch (e) {
    if (e instanceof AppFailure) return e.error;
    throw e;
  }
  throw new Error('expected a failure');
}
