// The error every API call rejects with: it carries the host's AppError value, never a stack for the user.
import type { AppError } from '../../../shared/errors';
import { isAppError } from '../../../shared/errors';

export class ApiError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'ApiError';
    this.error = error;
  }
}

/** Turns whatever a store caught into an AppError to show. */
export function toShownError(thrown: unknown): AppError {
  if (thrown instanceof ApiError) return thrown.error;
  if (isAppError(thrown)) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'INTERNAL', message: message || 'Unexpected error' };
}
