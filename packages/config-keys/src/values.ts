import { ConfigError } from "./errors.js";

const TRUE = new Set(["1", "true", "yes", "on", "y"]);
const FALSE = new Set(["0", "false", "no", "off", "n"]);

function describe(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}

/**
 * Parses a boolean config value: `true`/`false`, or the strings 1/0, true/false, yes/no, on/off
 * (and y/n) in any case. Anything else is a {@link ConfigError} naming `key`.
 *
 * @example
 * ```ts
 * parseBoolean("YES"); // true
 * parseBoolean("off"); // false
 * ```
 */
export function parseBoolean(value: unknown, key = "value"): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number" && (value === 0 || value === 1)) return value === 1;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
  }
  throw new ConfigError(
    `invalid boolean ${describe(value)} for "${key}": use true/false, 1/0, yes/no or on/off`,
    { key, value: String(value) },
  );
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  msec: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const PART = /(\d+(?:\.\d+)?)\s*([a-zµ]+)\s*/gy;

/**
 * Parses a duration into milliseconds. Numbers (and digit-only strings) are milliseconds;
 * strings may combine units: `"30s"`, `"500ms"`, `"2 minutes"`, `"1h 30m"`, `"1.5s"`.
 *
 * @example
 * ```ts
 * parseDuration("2 minutes"); // 120000
 * parseDuration(250); // 250
 * ```
 */
export function parseDuration(value: string | number, key = "duration"): number {
  const fail = () =>
    new ConfigError(
      `invalid duration ${describe(value)} for "${key}": use milliseconds (250) or a string like "30s", "500ms", "2 minutes"`,
      { key, value: String(value) },
    );
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw fail();
    return value;
  }
  if (typeof value !== "string") throw fail();
  const text = value.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === "") throw fail();
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    const unit = match ? UNIT_MS[match[2] as string] : undefined;
    if (!match || unit === undefined) throw fail();
    total += Number(match[1]) * unit;
  }
  return total;
}

/** Parses a non-negative integer (a number or a digit-only string). */
export function parseNonNegativeInteger(value: unknown, key: string): number {
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === "number" && Number.isInteger(n) && n >= 0) return n;
  throw new ConfigError(`invalid value ${describe(value)} for "${key}": expected an integer >= 0`, {
    key,
    value: String(value),
  });
}

/** Parses a finite number (a number or a numeric string) no smaller than `min`. */
export function parseNumber(value: unknown, key: string, min: number): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n === "number" && Number.isFinite(n) && n >= min) return n;
  throw new ConfigError(
    `invalid value ${describe(value)} for "${key}": expected a number >= ${min}`,
    { key, value: String(value) },
  );
}

/** Checks that a value is an absolute http(s) URL and returns it unchanged. */
export function parseHttpUrl(value: string, key: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ConfigError(
      `invalid URL for "${key}": expected an absolute http:// or https:// URL, got ${url ? `scheme "${url.protocol}"` : "something unparseable"}`,
      { key, value: url ? `${url.protocol}//${url.host}` : undefined },
    );
  }
  return value;
}
