import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { type Staff } from '../accounts/index.ts';
import { filingStateLabels, type FilingState } from './filings.ts';
import { mayRead } from './rules.ts';
import { decisionLabels } from './version-reads.ts';
import {
  columns,
  guarded,
  type RequestMeta,
  type StudioDeps,
  type VersionRow,
  versionSummary
} from './version-rows.ts';

interface DecisionRow {
  id: number;
  version: number;
  decision: string;
  actor_id: string;
  actor_name: string | null;
  comment: string;
  at: Date;
}

/**
 * Every version of a matter, newest first, with who wrote, submitted (and why), approved or sent back (and what they
 * said, line by line), scheduled, published and filed it, and when it was superseded: the matter's record of 004
 * 第十四、十六条.
 */
export async function matterHistory(s: StudioDeps, staff: Staff, code: string, meta: RequestMeta) {
  return guarded(s, staff, 'studio.history', code, meta, async () => {
    const versions = await s.db.query<VersionRow>(
      `select ${columns} from matter_versions v left join users u on u.id = v.author_id where v.code = $1 order by v.version desc`,
      [code]
    );
    const newest = versions[0];
    if (!newest) throw new Refusal('notFound', 'studio.matter-not-found', `找不到事项 ${code}。`, { code });
    if (!mayRead(staff, newest.department))
      throw new Refusal(
        'forbidden',
        'studio.other-department',
        `该事项由${newest.department}实施，您不能查看它的变更。`
      );
    const decisions = await s.db.query<DecisionRow>(
      `select a.id::int as id, a.version, a.decision, a.actor_id, u.name as actor_name, a.comment, a.at
       from matter_approvals a left join users u on u.id = a.actor_id where a.code = $1 order by a.id`,
      [code]
    );
    const lines = await s.db.query<{ approval_id: number; line: number; text: string }>(
      `select approval_id::int as approval_id, line, text from matter_line_comments where code = $1 order by id`,
      [code]
    );
    await audit(s.db, { actor: staff, action: 'studio.history', outcome: 'ok', target: code, ip: meta.ip });
    const person = (d: DecisionRow) => ({ id: d.actor_id, name: d.actor_name ?? '' });
    const event = (d: DecisionRow | undefined) =>
      d ? { by: person(d), at: d.at.toISOString(), comment: d.comment } : null;
    return {
      code,
      name: newest.name,
      department: newest.department,
      versions: versions.map(v => {
        const mine = decisions.filter(d => d.version === v.version);
        const last = (kind: string) => mine.filter(d => d.decision === kind).at(-1);
        const submitted = last('submit');
        const filing = last('file');
        const ruling = mine.find(d => d.decision === 'filed' || d.decision === 'correct');
        const filingState: FilingState = ruling?.decision === 'filed' ? 'filed' : ruling ? 'correction' : 'pending';
        return {
          ...versionSummary(v),
          supersededAt: v.superseded_at?.toISOString() ?? null,
          submitted: submitted
            ? { by: person(submitted), at: submitted.at.toISOString(), reason: submitted.comment }
            : null,
          approved: event(last('approve')),
          sentBack: mine
            .filter(d => d.decision === 'reject')
            .map(d => ({
              ...event(d)!,
              lines: lines.filter(l => l.approval_id === d.id).map(l => ({ line: l.line, text: l.text }))
            })),
          withdrawn: mine.filter(d => d.decision === 'withdraw').map(d => event(d)!),
          filing: filing
            ? {
                id: filing.id,
                at: filing.at.toISOString(),
                text: filing.comment,
                state: filingState,
                stateLabel: filingStateLabels[filingState],
                decision: ruling ? event(ruling) : null
              }
            : null,
          decisions: mine.map(d => ({
            decision: d.decision,
            decisionLabel: decisionLabels[d.decision] ?? d.decision,
            ...event(d)!
          }))
        };
      })
    };
  });
}
