// Not next to a letter, digit or underscore on either side, so parts of longer numbers and of hex IDs are left alone.
const idNumber = /(?<![\w])(\d{6})\d{8}(\d{3}[\dXx])(?![\w])/g;
// What both patterns below contain (three digits, perhaps a separator, four digits): a cheap test that most logged
// text (times, UUIDs, paths) fails.
const candidate = /\d{3}[- ]?\d{4}/;
const mobile = /(?<![\w])(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?![\w])/g;

/**
 * Masks personal numbers in a log line's text: an 18-digit resident ID number (GB 11643) keeps its region and its
 * last four (`110101********1234`), a mainland mobile number its first three and last four (`138****5678`).
 */
export function redactText(text: string): string {
  if (!candidate.test(text)) return text;
  return text.replace(idNumber, '$1********$2').replace(mobile, '$1****$2');
}

/** The value with every string in it, at any depth and in keys too, passed through `redactText`. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    const masked = redactText(String(value));
    return masked === String(value) ? value : masked;
  }
  if (value instanceof Error) return redact({ name: value.name, message: value.message, stack: value.stack }, seen);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  // `seen` holds the ancestors only: an object met twice side by side is written twice, a cycle once.
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  let copy: unknown[] | Record<string, unknown>;
  if (Array.isArray(value)) copy = value.map(v => redact(v, seen));
  else {
    // A loop rather than Object.fromEntries over Object.entries: a log record is redacted on every request.
    copy = {};
    for (const key of Object.keys(value)) copy[redactText(key)] = redact((value as Record<string, unknown>)[key], seen);
  }
  seen.delete(value);
  return copy;
}
