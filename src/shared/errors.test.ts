import { describe, expect, it } from 'vitest';
import { formatAppError, toAppError } from './errors';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('formatAppError', () => {
  it('keeps an error on one line when its message, hint, file and field hold line breaks, tabs and other control characters', () => {
    const line = formatAppError({
      code: 'CSV_RAGGED_ROW',
      message: 'row 3 of evil\nFAKE: injected\r\nline',
      hint: 'fix\tit\u0007',
      where: { file: '/data/odd\nname.csv', line: 3, field: 'col\u2028umn\u001b[31m' },
    });
    expect(line).not.toMatch(CONTROL);
    expect(line).toBe(
      "CSV_RAGGED_ROW: row 3 of evil\\nFAKE: injected\\r\\nline (/data/odd\\nname.csv, line 3, field 'col\\u2028umn\\u001b[31m') Hint: fix\\tit\\u0007",
    );
  });

  it('leaves ordinary text, accents and quotes as they are', () => {
    expect(formatAppError({ code: 'FILE_EMPTY', message: 'Données "été".csv is empty.', where: { file: 'Données "été".csv' } })).toBe(
      'FILE_EMPTY: Données "été".csv is empty. (Données "été".csv)',
    );
  });
});

describe('toAppError', () => {
  const errno = (code: string, path?: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed, write`), { code, ...(path ? { path } : {}) });

  it('turns EFBIG (the file size limit) into DISK_FULL naming the file, not INTERNAL', () => {
    expect(toAppError(errno('EFBIG', '/p/blobs/ab/abc'))).toEqual({
      code: 'DISK_FULL',
      message: 'The file size limit was reached writing /p/blobs/ab/abc: nothing was stored.',
      hint: 'Raise the file size limit (ulimit -f) or free space, and try again.',
      where: { file: '/p/blobs/ab/abc' },
    });
  });

  it('turns ENOSPC and SQLite SQLITE_FULL into DISK_FULL, naming the file when the error carries one', () => {
    expect(toAppError(errno('ENOSPC', '/p/recent.json'))).toMatchObject({ code: 'DISK_FULL', message: 'The disk is full writing /p/recent.json: nothing was stored.', where: { file: '/p/recent.json' } });
    expect(toAppError(errno('ENOSPC'))).toMatchObject({ code: 'DISK_FULL', message: 'The disk is full: nothing was stored.' });
    expect(toAppError(errno('SQLITE_FULL'))).toMatchObject({ code: 'DISK_FULL' });
  });

  it('turns EDQUOT (a used-up disk quota) into DISK_FULL naming the file and the quota, not INTERNAL', () => {
    expect(toAppError(errno('EDQUOT', '/p/blobs/ab/abc'))).toEqual({
      code: 'DISK_FULL',
      message: 'The disk quota is used up writing /p/blobs/ab/abc: nothing was stored.',
      hint: 'Free some space within your quota (or ask for a larger one) and try again.',
      where: { file: '/p/blobs/ab/abc' },
    });
    expect(toAppError(errno('EACCES'))).toMatchObject({ code: 'INTERNAL' });
  });
});
