/**
 * What the public verification page may show of a holder (个人信息保护法 第二十八条: ID numbers are sensitive): a
 * person's name with its first character only (张*), an organisation's name whole (it is registered publicly), an
 * ID number or credit code with all but its last four characters masked.
 */
export function maskedName(name: string, kind: 'person' | 'organisation'): string {
  if (kind === 'organisation') return name;
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export function maskedIdentifier(identifier: string | null | undefined): string | undefined {
  if (!identifier) return undefined;
  return identifier.length <= 4
    ? '*'.repeat(identifier.length)
    : `${'*'.repeat(identifier.length - 4)}${identifier.slice(-4)}`;
}

/** A calendar date (YYYY-MM-DD) as a document writes it: 2026年9月28日. */
export function documentDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}
