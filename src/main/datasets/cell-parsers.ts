// Reads one CSV cell straight from its bytes: null tokens, numbers, booleans and ISO datetimes, without making strings.

/** What parseNumber found; the value itself is left in `parsed[0]` so the hot loop allocates nothing. */
export const NOT_A_NUMBER = 0;
export const INTEGER = 1;
export const FLOAT = 2;

/**
 * The value a parser read. A typed array, because V8 boxed every double stored in a plain object's field: a fresh
 * heap number per cell, some 160 MB of garbage per 10M numbers, which the young generation then had to sweep.
 */
export const parsed = new Float64Array(1);

const DIGIT_0 = 48;
const DIGIT_9 = 57;
// Exact powers of ten: a mantissa below 2^53 times or over one of these is correctly rounded (Clinger's fast path).
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Parses [start, end) as a decimal number. INTEGER means no point and no exponent and at most 15 digits,
 * so the value is exact; anything longer or with a fraction or exponent is FLOAT.
 * The usual cell (an optional minus, digits, an optional point and digits, 15 digits at most) is read here, small
 * enough for V8 to inline into the encoders' loops; anything else goes to the full parser, which gives the same
 * value for the usual cell too.
 */
export function parseNumber(buf: Buffer, start: number, end: number): number {
  let i = start;
  const negative = i < end && buf[i] === 45; /* - */
  if (negative) i++;
  const first = i;
  let mantissa = 0;
  let c = 0;
  while (i < end && (c = buf[i]) >= DIGIT_0 && c <= DIGIT_9) {
    mantissa = mantissa * 10 + (c - DIGIT_0);
    i++;
  }
  const whole = i - first;
  if (i === end) {
    if (whole === 0 || whole > 15) return parseNumberInFull(buf, start, end);
    // -0 only exists as a float: an integer "-0" is plain 0, so the column stays exact.
    parsed[0] = negative && mantissa !== 0 ? -mantissa : mantissa;
    return INTEGER;
  }
  if (c !== 46 /* . */ || whole === 0) return parseNumberInFull(buf, start, end);
  i++;
  const point = i;
  while (i < end && (c = buf[i]) >= DIGIT_0 && c <= DIGIT_9) {
    mantissa = mantissa * 10 + (c - DIGIT_0);
    i++;
  }
  if (i !== end || whole + i - point > 15) return parseNumberInFull(buf, start, end);
  const magnitude = mantissa / POW10[i - point];
  parsed[0] = negative ? -magnitude : magnitude;
  return FLOAT;
}

function parseNumberInFull(buf: Buffer, start: number, end: number): number {
  let i = start;
  if (i >= end) return NOT_A_NUMBER;
  let c = buf[i];
  let negative = false;
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    if (++i >= end) return NOT_A_NUMBER;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let isFloat = false;
  while (i < end && (c = buf[i]) >= DIGIT_0 && c <= DIGIT_9) {
    mantissa = mantissa * 10 + (c - DIGIT_0);
    digits++;
    i++;
  }
  if (i < end && buf[i] === 46 /* . */) {
    isFloat = true;
    i++;
    while (i < end && (c = buf[i]) >= DIGIT_0 && c <= DIGIT_9) {
      mantissa = mantissa * 10 + (c - DIGIT_0);
      digits++;
      scale--;
      i++;
    }
  }
  if (digits === 0) return NOT_A_NUMBER;
  if (i < end && (buf[i] | 0x20) === 101 /* e */) {
    isFloat = true;
    i++;
    let expNegative = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) expNegative = buf[i++] === 45;
    let exp = 0;
    let expDigits = 0;
    while (i < end && (c = buf[i]) >= DIGIT_0 && c <= DIGIT_9) {
      exp = exp * 10 + (c - DIGIT_0);
      expDigits++;
      i++;
    }
    if (expDigits === 0) return NOT_A_NUMBER;
    scale += expNegative ? -exp : exp;
  }
  if (i !== end) return NOT_A_NUMBER;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    const magnitude = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    // -0 only exists as a float: an integer "-0" is plain 0, so the column stays exact.
    parsed[0] = negative && (isFloat || magnitude !== 0) ? -magnitude : magnitude;
    return isFloat ? FLOAT : INTEGER;
  }
  parsed[0] = Number(latin1(buf, start, end));
  return FLOAT;
}

const NULL_TOKENS = new Set(['NA', 'N/A', 'n/a', 'na', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null', 'None', 'none', 'NONE', '#N/A', 'nil', '<NA>']);

/** Empty cells and the usual spellings of "missing" (NA, N/A, null, NaN, None, #N/A, ...) are nulls. */
export function isNullCell(buf: Buffer, start: number, end: number): boolean {
  const len = end - start;
  if (len === 0) return true;
  if (len > 4) return false;
  const c = buf[start];
  if (c !== 78 && c !== 110 && c !== 35 && c !== 60) return false; // N n # <
  return NULL_TOKENS.has(latin1(buf, start, end));
}

/** true / false / yes / no in any letter case: 1 for true, 0 for false, -1 for not a boolean. Compared byte by byte, no string per cell. */
export function parseBoolean(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len < 2 || len > 5) return -1;
  // | 0x20 lower-cases ASCII letters; no other byte maps onto the letters compared here
  const c0 = buf[start] | 0x20;
  if (len === 4 && c0 === 116 && (buf[start + 1] | 0x20) === 114 && (buf[start + 2] | 0x20) === 117 && (buf[start + 3] | 0x20) === 101) return 1; // true
  if (len === 3 && c0 === 121 && (buf[start + 1] | 0x20) === 101 && (buf[start + 2] | 0x20) === 115) return 1; // yes
  if (len === 5 && c0 === 102 && (buf[start + 1] | 0x20) === 97 && (buf[start + 2] | 0x20) === 108 && (buf[start + 3] | 0x20) === 115 && (buf[start + 4] | 0x20) === 101) return 0; // false
  if (len === 2 && c0 === 110 && (buf[start + 1] | 0x20) === 111) return 0; // no
  return -1;
}

function twoDigits(buf: Buffer, i: number): number {
  const a = buf[i] - DIGIT_0;
  const b = buf[i + 1] - DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * ISO 8601 dates and date-times as epoch milliseconds, NaN if the cell is not one:
 * YYYY-MM-DD, then optionally [T or space]HH:MM[:SS[.fraction]] and Z or ±HH[:]MM. No zone means UTC.
 */
export function parseDatetime(buf: Buffer, start: number, end: number): number {
  return readDatetime(buf, start, end) ? parsed[0] : NaN;
}

/**
 * parseDatetime for the hot loop: whether the cell is a datetime, its epoch milliseconds left in `parsed[0]`
 * (returned, a double past the small-integer range is a fresh heap number per cell).
 */
export function readDatetime(buf: Buffer, start: number, end: number): boolean {
  const len = end - start;
  if (len < 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return false;
  const hi = twoDigits(buf, start);
  const lo = twoDigits(buf, start + 2);
  const month = twoDigits(buf, start + 5);
  const day = twoDigits(buf, start + 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return false;
  const year = hi * 100 + lo;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  let i = start + 10;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offsetMinutes = 0;
  if (i < end) {
    if ((buf[i] !== 84 && buf[i] !== 32) || end - i < 6 || buf[i + 3] !== 58) return false; // T or space, HH:MM
    hour = twoDigits(buf, i + 1);
    minute = twoDigits(buf, i + 4);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
    i += 6;
    if (i < end && buf[i] === 58) {
      if (end - i < 3) return false;
      second = twoDigits(buf, i + 1);
      if (second < 0 || second > 59) return false;
      i += 3;
      if (i < end && buf[i] === 46) {
        i++;
        let scale = 100;
        const fracStart = i;
        let c: number;
        while (i < end && (c = buf[i]) >= DIGIT_0 && c <= DIGIT_9) {
          ms += (c - DIGIT_0) * scale;
          scale /= 10;
          i++;
        }
        if (i === fracStart) return false;
        ms = Math.floor(ms);
      }
    }
    if (i < end) {
      const z = buf[i];
      if (z === 90 && i + 1 === end) i++;
      else if (z === 43 || z === 45) {
        const oh = twoDigits(buf, i + 1);
        const colon = buf[i + 3] === 58 ? 1 : 0;
        const om = twoDigits(buf, i + 3 + colon);
        if (oh < 0 || om < 0 || i + 5 + colon !== end) return false;
        offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om);
        i = end;
      } else return false;
    }
  }
  if (i !== end) return false;
  parsed[0] = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + ms;
  return true;
}

/** Bytes as a one-byte-per-char string: cheap, and a faithful map key for any byte sequence. */
export function latin1(buf: Buffer, start: number, end: number): string {
  return buf.toString('latin1', start, end);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil): no Date object, any year. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
