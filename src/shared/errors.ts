// Errors as values: every failure that crosses a process or host boundary is an AppError, never a stack trace.
import { oneLine } from './one-line';

export type ErrorCode =
  | 'BAD_INPUT'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'NO_PROJECT'
  | 'PROJECT_EXISTS'
  | 'PROJECT_NOT_FOUND'
  | 'SCHEMA_TOO_NEW'
  | 'NOT_A_PROJECT'
  | 'PROJECT_CORRUPT'
  | 'READ_ONLY'
  | 'USER_EXISTS'
  | 'USER_NOT_FOUND'
  | 'BAD_PASSPHRASE'
  | 'PASSPHRASE_REQUIRED'
  | 'FILE_NOT_FOUND'
  | 'FILE_EXISTS'
  | 'NOT_A_FILE'
  | 'ARCHIVE_REFUSED'
  | 'FILE_EMPTY'
  | 'FILE_BINARY'
  | 'FILE_VANISHED'
  | 'FILE_ENCODING'
  | 'CSV_RAGGED_ROW'
  | 'CSV_BAD_QUOTE'
  | 'CSV_DUPLICATE_HEADER'
  | 'CSV_NO_COLUMNS'
  | 'CSV_TOO_WIDE'
  | 'PARQUET_INVALID'
  /** malformed XML in a ReqIF file, or a file that is not ReqIF */
  | 'REQIF_INVALID'
  | 'MLFLOW_BAD_FILE'
  | 'UNSUPPORTED_FORMAT'
  | 'DISK_FULL'
  | 'JOB_CANCELLED'
  | 'JOB_INTERRUPTED'
  | 'JOB_CRASHED'
  | 'JOB_ELSEWHERE'
  | 'OUT_OF_MEMORY'
  | 'AUDIT_CHAIN_BROKEN'
  /** an approval by the author of the version it approves */
  | 'FOUR_EYES'
  /** an approval whose signature, key or signed content does not check out */
  | 'APPROVAL_INVALID'
  | 'NETWORK_REFUSED'
  | 'UPLOAD_TOO_LARGE'
  | 'HOST_BUSY'
  | 'INTERNAL';

/** Where a problem sits in the user's input: file, 1-based line and column, and the field (column name). */
export interface ErrorPlace {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
}

export interface AppError {
  code: ErrorCode;
  message: string;
  hint?: string;
  where?: ErrorPlace;
}

/** Thrown inside services; hosts turn it into its AppError value at the boundary. */
export class AppFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
    this.error = error;
  }
}

export function fail(code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): never {
  throw new AppFailure({ code, message, ...extra });
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as AppError).code === 'string' &&
    typeof (value as AppError).message === 'string'
  );
}

/** Turns anything thrown into an AppError; unknown errors keep their message but never their stack. */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppFailure) return thrown.error;
  if (isAppError(thrown)) return thrown;
  const err = thrown as NodeJS.ErrnoException | undefined;
  const full = err ? diskFull(err) : undefined;
  if (full) return full;
  // SQLite's answer to a write on a connection opened read-only; the store refuses first where it can (READ_ONLY).
  if (err && typeof err.code === 'string' && err.code.startsWith('SQLITE_READONLY')) {
    return { code: 'READ_ONLY', message: 'The project is open read-only: nothing was changed.', hint: 'Make its folder and files writable, or work on a copy.' };
  }
  // A damaged page found after the open-time checks passed (they name the file): still never INTERNAL.
  if (err && (err.code === 'SQLITE_NOTADB' || (typeof err.code === 'string' && err.code.startsWith('SQLITE_CORRUPT')))) {
    return { code: 'PROJECT_CORRUPT', message: `The project database is damaged: SQLite says "${err.message}".`, hint: 'Restore the project folder from a copy.' };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'INTERNAL', message: message || 'Unexpected error' };
}

/** Why no more bytes fit, from an errno (or SQLite) code: a full disk, a used-up disk quota, or the file size limit. */
export type SpaceExhaustion = 'disk' | 'quota' | 'size-limit';

export function spaceExhaustion(code: string | undefined): SpaceExhaustion | null {
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return 'disk';
  // EDQUOT: the user's quota on a shared disk, which stops a write just as a full disk does
  if (code === 'EDQUOT') return 'quota';
  // EFBIG: the process's file size limit (ulimit -f)
  if (code === 'EFBIG') return 'size-limit';
  return null;
}

/** The sentence and the hint for each way space runs out: every writer words DISK_FULL the same way. */
export const SPACE_EXHAUSTED: Readonly<Record<SpaceExhaustion, { cause: string; hint: string }>> = {
  disk: { cause: 'The disk is full', hint: 'Free some space and try again.' },
  quota: { cause: 'The disk quota is used up', hint: 'Free some space within your quota (or ask for a larger one) and try again.' },
  'size-limit': { cause: 'The file size limit was reached', hint: 'Raise the file size limit (ulimit -f) or free space, and try again.' },
};

/** Out of space in any of those ways: DISK_FULL, naming the file when the error carries it (blob and file writers attach it), instead of INTERNAL. */
function diskFull(err: NodeJS.ErrnoException): AppError | undefined {
  const kind = spaceExhaustion(err.code);
  if (kind === null) return undefined;
  const file = typeof err.path === 'string' ? err.path : undefined;
  return {
    code: 'DISK_FULL',
    message: `${SPACE_EXHAUSTED[kind].cause}${file ? ` writing ${file}` : ''}: nothing was stored.`,
    hint: SPACE_EXHAUSTED[kind].hint,
    ...(file ? { where: { file } } : {}),
  };
}

/**
 * One line for a terminal or a banner: "CSV_RAGGED_ROW: row has 4 fields, header has 3 (data.csv, line 3, column 2)".
 * Line breaks and other control characters in any part (a path may hold them) are escaped, so it stays one line.
 */
export function formatAppError(error: AppError): string {
  const w = error.where;
  const place = w
    ? [w.file, w.line !== undefined ? `line ${w.line}` : undefined, w.column !== undefined ? `column ${w.column}` : undefined, w.field !== undefined ? `field '${w.field}'` : undefined]
        .filter(Boolean)
        .join(', ')
    : '';
  return oneLine(`${error.code}: ${error.message}${place ? ` (${place})` : ''}${error.hint ? ` Hint: ${error.hint}` : ''}`);
}
