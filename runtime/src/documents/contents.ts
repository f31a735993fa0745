import type { Definition } from '@banshi/definition';
import { caseView, validUntil, type CaseState, type Services } from '../cases/index.ts';
import { licenceForCase } from '../licences/index.ts';
import type { DocumentKind } from './kinds.ts';
import { documentDate } from './masking.ts';
import type { DocumentContent } from './template.ts';

/** A document a case has, or will have once sealed: which notice (kind and instant) and what it says. */
export interface Wanted {
  kind: DocumentKind;
  noticeAt: number;
  content: DocumentContent;
}

/**
 * Every document the case has given the applicant so far: each of its notices (as the hall shows them), and for a
 * matter whose result is a licence, granted, the licence (seeds/001 第二十条: the result made electronic and sealed).
 */
export async function wantedDocuments(s: Services, state: CaseState, definition: Definition): Promise<Wanted[]> {
  const calendar = s.calendar();
  const view = caseView(state, definition, 'applicant', calendar);
  const out: Wanted[] = view.notices.map(n => ({
    kind: n.kind,
    noticeAt: Date.parse(n.issuedAt),
    content: {
      kind: n.kind,
      title: n.title,
      addressee: n.applicant,
      lines: n.lines,
      facts: [
        ['办件编号', n.caseNumber],
        ['事项', n.matter],
        ['申请人', n.applicant]
      ],
      department: n.department,
      date: documentDate(calendar.dateOf(Date.parse(n.issuedAt)))
    }
  }));
  const licence = licenceOf(state, definition);
  if (licence) {
    // The e-licence library's number and last day (seeds/001 第二十条); the case's own where the library has none.
    const held = await licenceForCase(s.db, state.id, s.now());
    const issued = held?.issuedOn ?? calendar.dateOf(state.decision!.at);
    const until = held ? held.validUntil : validUntil(issued, licence.validity);
    out.push({
      kind: 'licence',
      noticeAt: state.decision!.at,
      content: {
        kind: 'licence',
        title: licence.name,
        subtitle: '电子证照',
        lines: ['本证照为电子证照，经发证机关电子签章，与纸质证照具有同等法律效力。'],
        facts: [
          ['证照编号', held?.number ?? state.caseNumber],
          ['持证主体', state.applicant.name],
          ...definition.form
            .filter(
              f => ['text', 'address', 'choice', 'number'].includes(f.kind) && state.answers[f.name] !== undefined
            )
            .slice(0, 6)
            .map((f): [string, string] => [f.name, `${String(state.answers[f.name])}${f.unit ? ` ${f.unit}` : ''}`]),
          ['发证日期', documentDate(issued)],
          [
            '有效期',
            licence.validity === 'indefinite' && !until
              ? '长期有效'
              : until
                ? `${documentDate(issued)}至${documentDate(until)}`
                : '见发证机关规定'
          ],
          ['发证机关', definition.department.name]
        ],
        department: definition.department.name,
        date: documentDate(issued)
      }
    });
  }
  return out;
}

/** The licence a case yields: a licence matter's approval (not an annual inspection's conclusion). */
export function licenceOf(state: CaseState, definition: Definition) {
  const result = definition.result;
  return result?.kind === 'licence' && state.decision?.approve && !state.decision.conclusion ? result : undefined;
}
