import { shanghaiTime } from '@banshi/definition/calendar';
import type { Staff } from '../accounts/index.ts';
import { audit } from '../platform/audit.ts';
import { Refusal } from '../platform/refusal.ts';
import { notices, deadlineText } from './engine/notices.ts';
import { filesOfCase } from './queries.ts';
import type { Services } from './services.ts';
import { refuseUnlessWindow } from './window.ts';

/** The window's receipt (收件回执) of a case it entered or may take in: everything the printed page shows. */
export interface WindowReceipt {
  caseId: string;
  caseNumber: string;
  matter: string;
  department: string;
  applicant: string;
  channel: string;
  receivedAt: string;
  /** Who entered it at the window, or null when the applicant submitted it themselves. */
  enteredBy: string | null;
  materials: Array<{ title: string; paper: string | null; files: Array<{ name: string; pages: number | null }> }>;
  /** Art. 32: the day by which a correction notice is due, else the application counts as accepted. */
  art32Date: string | null;
  lines: string[];
  tracking: string;
}

const paperForm = { original: '原件', copy: '复印件', originalOrCopy: '原件或复印件' } as const;
const channelLabel = { online: '网上', express: '快递', onSite: '窗口现场' } as const;

/**
 * The receipt for the window post of the case's matter (the one who takes applications in), read from the case and
 * its first notice, with the files received per material; every read audited.
 */
export async function windowReceipt(
  s: Services,
  staff: Staff,
  caseId: string,
  ip: string | undefined
): Promise<WindowReceipt> {
  const row = /^[0-9a-f-]{36}$/i.test(caseId) ? await s.cases.load(s.db, caseId) : undefined;
  const definition = row && (await s.cases.definitionOf(row));
  try {
    if (!row || !definition) throw new Refusal('notFound', 'case.not-found', '找不到这个办件。');
    refuseUnlessWindow(definition, staff);
  } catch (error) {
    await audit(s.db, {
      actor: staff,
      action: 'window.receipt',
      outcome: 'denied',
      caseId: row ? caseId : undefined,
      ip
    });
    throw error;
  }
  const state = row.state;
  const files = await filesOfCase(s.db, caseId, row.applicantId);
  const [receipt] = notices(definition, state, s.calendar());
  const first = (await s.cases.events(caseId, 1))[0]?.event;
  const enteredBy = first && first.by.kind === 'staff' ? `${first.by.department} ${first.by.name}` : null;
  await audit(s.db, { actor: staff, action: 'window.receipt', outcome: 'ok', caseId, ip });
  return {
    caseId,
    caseNumber: state.caseNumber,
    matter: definition.name,
    department: definition.department.name,
    applicant: state.applicant.name,
    channel: channelLabel[state.channel],
    receivedAt: shanghaiTime(state.receivedAt),
    enteredBy,
    materials: definition.materials
      .filter(m => state.materials.includes(m.id))
      .map(m => ({
        title: m.title,
        paper: m.paper ? `${paperForm[m.paper.form]}${m.paper.copies ? ` ${m.paper.copies} 份` : ''}` : null,
        files: files.filter(f => f.material === m.id).map(f => ({ name: f.name, pages: f.pages }))
      })),
    art32Date: state.deemedAcceptanceAt !== undefined ? deadlineText(state.deemedAcceptanceAt) : null,
    lines: receipt?.lines ?? [],
    tracking: `凭办件编号 ${state.caseNumber} 和申请人的${state.applicant.kind === 'person' ? '身份证号码' : '统一社会信用代码'}，可在网上办事大厅“办件查询”（/hall/track）或到窗口查询办理进度；申请人也可用登记的手机号码通过短信验证码认领账号，登录后查看全部办件。`
  };
}
