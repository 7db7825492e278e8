// Every object of a listing carries a LastModified time, always written by S3 servers as
// `YYYY-MM-DDTHH:MM:SS.sssZ` (some without the milliseconds). Date.parse takes ~200 ns for one;
// reading the digits takes a sixth of that, which is a millisecond or two per 10,000 keys.

const DAY_MS = 86_400_000;

function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to a proleptic Gregorian date; `day` past the month's end rolls over. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The time in milliseconds of an S3 timestamp, exactly as `Date.parse` reads it (NaN if it cannot
 * be read): the ISO 8601 form S3 writes is read digit by digit, anything else (an HTTP date, an
 * odd form) goes to `Date.parse`.
 *
 * @example
 * ```ts
 * parseS3Time("2025-01-01T00:00:00.000Z"); // 1735689600000
 * ```
 */
export function parseS3Time(text: string): number {
  const withMillis = text.length === 24;
  if (
    (withMillis || text.length === 20) &&
    text.charCodeAt(text.length - 1) === 90 /* Z */ &&
    text.charCodeAt(4) === 45 /* - */ &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 /* T */ &&
    text.charCodeAt(13) === 58 /* : */ &&
    text.charCodeAt(16) === 58 &&
    (!withMillis || text.charCodeAt(19) === 46) /* . */
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    const millis = withMillis ? digits(text, 20, 3) : 0;
    // Date.parse's own rules beyond these ranges (hour 24, say) are left to it.
    if (
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59 &&
      millis >= 0
    ) {
      return (
        daysFromCivil(year, month, day) * DAY_MS +
        ((hour * 60 + minute) * 60 + second) * 1000 +
        millis
      );
    }
  }
  return Date.parse(text);
}
