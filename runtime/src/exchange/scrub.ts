import type { Event } from '../cases/index.ts';

/**
 * An event's data for the exchange: who acted (staff by name and department, applicants only as "applicant"), never
 * the applicant's identity or answers.
 */
export function casePayload(event: Event): Record<string, unknown> {
  const { type: _type, at: _at, by, ...rest } = event as Event & Record<string, unknown>;
  const data: Record<string, unknown> = { ...rest };
  delete data.applicant;
  delete data.answers;
  delete data.caseId;
  delete data.caseNumber;
  delete data.matterCode;
  if (event.type === 'Submitted') data.applicantKind = event.applicant.kind;
  data.by =
    by.kind === 'staff'
      ? { kind: 'staff', id: by.id, name: by.name, department: by.department, roles: by.roles }
      : { kind: by.kind };
  return data;
}

const idNumber = /(?<![0-9A-Z])\d{17}[\dXx](?![0-9A-Z])/g;
const creditCode = /(?<![0-9A-Z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Z])/g;
const mobile = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/**
 * Free text (opinions, reasons) may quote the applicant: their name, ID numbers, credit codes and mobile numbers are
 * masked.
 */
export function withoutApplicant(value: unknown, applicantName: string | null): Record<string, unknown> {
  const name = applicantName && applicantName.length >= 2 ? applicantName : undefined;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let text = v.replace(idNumber, '[证件号]').replace(creditCode, '[信用代码]').replace(mobile, '[手机号]');
      if (name) text = text.split(name).join('[申请人]');
      return text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as Record<string, unknown>;
}
