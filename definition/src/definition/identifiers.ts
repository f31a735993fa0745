/**
 * Check digits of the identifiers applicants and departments give (see shared/data/identifiers.md):
 * the resident ID number (GB 11643-1999) and the unified social credit code (GB 32100-2015).
 */

const creditCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const provinceCodes = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82
]);

/** Whether `code` is a unified social credit code with a valid check character. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += creditCharset.indexOf(code[i]!) * creditWeights[i]!;
  const check = creditCharset[(31 - (sum % 31)) % 31];
  return code[17] === check;
}

/**
 * Whether `id` is a resident ID number with a valid check character, a real birth date not after `today`
 * (YYYY-MM-DD), and a province code. A lower-case x is read as X.
 */
export function isValidIdNumber(id: string, today: string): boolean {
  const value = id.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  if (!provinceCodes.has(Number(value.slice(0, 2)))) return false;
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isRealDate(birth) || birth > today) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * idWeights[i]!;
  return value[17] === '10X98765432'[sum % 11];
}

/** Whether YYYY-MM-DD names a day that exists in the Gregorian calendar. */
export function isRealDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The parts of a 33-character matter code (业务办理项编码), or the reason it is malformed (Chinese). */
export function parseMatterCode(
  code: string
): { ok: true; implementer: string; level: number; basicCode: string; item: string } | { ok: false; reason: string } {
  if (code.length !== 33) return { ok: false, reason: `应为 33 位，现为 ${code.length} 位` };
  if (!/^[0-9A-Z]+$/.test(code)) return { ok: false, reason: '只能包含数字和大写字母' };
  const implementer = code.slice(0, 18);
  if (!isValidCreditCode(implementer))
    return { ok: false, reason: `前 18 位“${implementer}”不是有效的统一社会信用代码（校验位不符）` };
  const level = Number(code[18]);
  if (!(level >= 1 && level <= 6)) return { ok: false, reason: `第 19 位是行使层级，应为 1–6，现为“${code[18]}”` };
  const basicCode = code.slice(19, 31);
  if (!/^\d{12}$/.test(basicCode)) return { ok: false, reason: `第 20–31 位是基本编码，应为 12 位数字` };
  return { ok: true, implementer, level, basicCode, item: code.slice(31) };
}

/** Level digit inside a matter code: 1 national … 6 village. */
export const levelDigits = { national: 1, province: 2, city: 3, county: 4, township: 5, village: 6 } as const;

/** The check character that completes the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += creditCharset.indexOf(first17[i]!) * creditWeights[i]!;
  return creditCharset[(31 - (sum % 31)) % 31]!;
}
