import type { Definition } from '@banshi/definition';
import type { CaseState, Event } from '../cases/index.ts';
import {
  archiveFormat,
  archiveStandard,
  retentionOf,
  sha256Hex,
  sm3Hex,
  type FileRole,
  type Manifest,
  type ManifestFile
} from './manifest.ts';

/** One file of the package, with its bytes. */
export interface PackageFile {
  path: string;
  role: FileRole;
  title: string;
  mediaType: string;
  bytes: Uint8Array;
}

/** A notice as the package keeps it: its sealed PDF and number when the documents room issued it, else its data. */
export interface ArchivedNotice {
  kind: string;
  title: string;
  issuedAt: string;
  lines?: string[];
  pdf?: Uint8Array;
  number?: string;
}

/** Everything a case's package is made from, read by collect.ts. */
export interface CaseRecord {
  caseId: string;
  caseNumber: string;
  department: string;
  /** 身份证号码 or 统一社会信用代码 of the applicant's account. */
  applicantIdentifier: string | null;
  status: 'completed' | 'refused' | 'withdrawn';
  state: CaseState;
  definition: Definition;
  events: Array<{ seq: number; event: Event; label: string; by: string }>;
  materials: Array<{
    id: string;
    material: string | null;
    name: string;
    mediaType: string;
    round: number;
    bytes: Uint8Array;
  }>;
  notices: ArchivedNotice[];
  /** The licence the case issued: the e-licence library's record, or as the decision states it. */
  licence?: { name: string; number: string } & Record<string, unknown>;
  /** The licence as a sealed PDF (documents/), when issued. */
  licencePdf?: { title: string; number: string; pdf: Uint8Array };
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
const text = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
const iso = (at: number | undefined) => (at === undefined ? null : new Date(at).toISOString());
const shanghai = (at: number | string) =>
  new Date(typeof at === 'string' ? Date.parse(at) : at).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false
  });

/** A name safe in any file system, keeping Chinese: no separators, no control characters, at most 80 characters. */
export function safeName(name: string): string {
  const cleaned = [...name.replace(/[\\/:*?"<>|\0-\x1f]/g, '_').replace(/^\.+/, '_')].slice(0, 80).join('');
  return cleaned || '_';
}

const pad = (n: number) => String(n).padStart(2, '0');

function outcomeOf(r: CaseRecord): Manifest['metadata']['outcome'] {
  if (r.status === 'refused') return 'refused';
  if (r.status === 'withdrawn') return 'withdrawn';
  return r.state.decision?.approve ? 'approved' : 'denied';
}
const outcomeLabels = { approved: '准予许可', denied: '不予许可', refused: '不予受理', withdrawn: '撤回申请' };

/** What opinion, reasons or reason an event carries, as one line. */
function said(event: Event): string | undefined {
  const e = event as Event & { opinion?: string; reasons?: string; reason?: string; approve?: boolean };
  const parts = [
    e.approve === undefined ? undefined : e.approve ? '准予' : '不予',
    e.opinion && `意见：${e.opinion}`,
    e.reasons && `理由：${e.reasons}`,
    e.reason && `原因：${e.reason}`
  ].filter(Boolean);
  return parts.length ? parts.join('；') : undefined;
}

/** The files of a closed case's package, in the manifest's order. */
export function packageFiles(r: CaseRecord): PackageFile[] {
  const files: PackageFile[] = [];
  const d = r.definition;
  files.push({
    path: '01-申请信息/申请.json',
    role: 'application',
    title: `${d.name}申请信息`,
    mediaType: 'application/json',
    bytes: json({
      caseNumber: r.caseNumber,
      matter: { code: d.code, name: d.name, version: Number(r.state.matterVersion) },
      applicant: r.state.applicant,
      channel: r.state.channel,
      receivedAt: iso(r.state.receivedAt),
      answers: r.state.answers,
      materials: r.state.materials
    })
  });
  files.push({
    path: '01-申请信息/申请表.txt',
    role: 'application',
    title: `${d.name}申请表（可读）`,
    mediaType: 'text/plain; charset=utf-8',
    bytes: text([
      `${d.name} 申请表`,
      `统一审批编码：${r.caseNumber}`,
      `申请人：${r.state.applicant.name}`,
      `收件时间：${shanghai(r.state.receivedAt)}`,
      '',
      ...d.form.map(f => `${f.name}：${formatAnswer(r.state.answers[f.name])}${f.unit ? ` ${f.unit}` : ''}`),
      '',
      `申请材料：${r.state.materials.length ? r.state.materials.join('、') : '（无）'}`
    ])
  });
  r.materials.forEach((m, i) =>
    files.push({
      path: `02-申请材料/第${m.round}轮/${pad(i + 1)}-${safeName(m.material ?? '其他')}-${safeName(m.name)}`,
      role: 'material',
      title: `${m.material ?? '材料'}：${m.name}${m.round ? `（第${m.round}次补正）` : ''}`,
      mediaType: m.mediaType,
      bytes: m.bytes
    })
  );
  r.notices.forEach((n, i) => {
    const base = `03-告知书与回执/${pad(i + 1)}-${safeName(n.title)}`;
    if (n.pdf)
      // The sealed document is the record; a decision's is the 决定书 itself.
      files.push({
        path:
          n.kind === 'decision'
            ? `05-审批决定/${safeName(n.title)}（${safeName(n.number ?? '')}）.pdf`
            : `${base}（${safeName(n.number ?? '')}）.pdf`,
        role: n.kind === 'decision' ? 'decision' : 'notice',
        title: n.number ? `${n.title}（${n.number}）` : n.title,
        mediaType: 'application/pdf',
        bytes: n.pdf
      });
    else {
      files.push({
        path: `${base}.json`,
        role: 'notice',
        title: n.title,
        mediaType: 'application/json',
        bytes: json({ kind: n.kind, title: n.title, issuedAt: n.issuedAt, lines: n.lines ?? [] })
      });
      files.push({
        path: `${base}.txt`,
        role: 'notice',
        title: `${n.title}（可读）`,
        mediaType: 'text/plain; charset=utf-8',
        bytes: text([n.title, `${r.caseNumber} · ${shanghai(n.issuedAt)}`, '', ...(n.lines ?? [])])
      });
    }
  });
  files.push({
    path: '04-审批记录/办理过程.json',
    role: 'record',
    title: '办理过程（全部办件事项）',
    mediaType: 'application/json',
    bytes: json(r.events.map(({ seq, event }) => ({ seq, ...event, at: iso(event.at) })))
  });
  files.push({
    path: '04-审批记录/审查意见.txt',
    role: 'record',
    title: '审查意见与办理过程（可读）',
    mediaType: 'text/plain; charset=utf-8',
    bytes: text([
      `${d.name} · ${r.caseNumber} · 审查意见与办理过程`,
      '',
      ...r.events.map(({ seq, event, label, by }) => {
        const opinion = said(event);
        return `${seq}. ${shanghai(event.at)} ${label}（${by}）${opinion ? ` — ${opinion}` : ''}`;
      })
    ])
  });
  const decided = r.events.find(e => e.event.type === 'Decided');
  if (decided)
    files.push({
      path: '05-审批决定/决定.json',
      role: 'decision',
      title: decided.event.type === 'Decided' && decided.event.approve ? '准予许可决定' : '不予许可决定',
      mediaType: 'application/json',
      bytes: json({ ...decided.event, at: iso(decided.event.at) })
    });
  const refused = r.events.find(e => e.event.type === 'Refused');
  if (refused)
    files.push({
      path: '05-审批决定/不予受理.json',
      role: 'decision',
      title: '不予受理决定',
      mediaType: 'application/json',
      bytes: json({ ...refused.event, at: iso(refused.event.at) })
    });
  const deliveries = r.events.filter(e => e.event.type === 'Delivered' || e.event.type === 'DeliveryFailed');
  if (deliveries.length)
    files.push({
      path: '06-送达回执/送达回执.json',
      role: 'delivery',
      title: '送达回执',
      mediaType: 'application/json',
      bytes: json(deliveries.map(({ seq, event, by }) => ({ seq, ...event, at: iso(event.at), byLabel: by })))
    });
  if (r.licencePdf)
    files.push({
      path: `07-证照批文/${safeName(r.licencePdf.title)}（${safeName(r.licencePdf.number)}）.pdf`,
      role: 'licence',
      title: `${r.licencePdf.title}（${r.licencePdf.number}）`,
      mediaType: 'application/pdf',
      bytes: r.licencePdf.pdf
    });
  if (r.licence)
    files.push({
      path: `07-证照批文/${safeName(r.licence.name)}.json`,
      role: 'licence',
      title: r.licence.name,
      mediaType: 'application/json',
      bytes: json(r.licence)
    });
  return files;
}

function formatAnswer(v: unknown): string {
  if (v === undefined || v === null || v === '') return '（未填）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/** The manifest of a package: the metadata of the case and every file's digests, size and role. */
export function composeManifest(r: CaseRecord, files: PackageFile[], archivedAt: number): Manifest {
  const outcome = outcomeOf(r);
  const closing = [...r.events].reverse().find(e => ['Completed', 'Refused', 'Withdrawn'].includes(e.event.type));
  const year = new Date(r.state.receivedAt).getUTCFullYear();
  const retention = retentionOf(outcome);
  const entries: ManifestFile[] = files.map(f => ({
    path: f.path,
    role: f.role,
    title: f.title,
    mediaType: f.mediaType,
    size: f.bytes.byteLength,
    sm3: sm3Hex(f.bytes),
    sha256: sha256Hex(f.bytes)
  }));
  return {
    format: archiveFormat,
    standard: archiveStandard,
    metadata: {
      档号: `${r.department}-${year}-${retention.period}-${r.caseNumber}`,
      题名: `${r.state.applicant.name}申请${r.definition.name}（${outcomeLabels[outcome]}）`,
      责任者: r.department,
      立档单位: r.department,
      文件组合类型: '组合文件',
      保管期限: retention.period,
      归档日期: new Date(archivedAt).toISOString().slice(0, 10),
      caseNumber: r.caseNumber,
      matter: { code: r.definition.code, name: r.definition.name, version: Number(r.state.matterVersion) },
      department: r.department,
      applicant: {
        id: r.state.applicant.id,
        name: r.state.applicant.name,
        kind: r.state.applicant.kind,
        identifier: r.applicantIdentifier
      },
      outcome,
      outcomeLabel: outcomeLabels[outcome],
      dates: {
        receivedAt: iso(r.state.receivedAt)!,
        acceptedAt: iso(r.state.acceptedAt),
        decidedAt: iso(r.state.decision?.at),
        closedAt: iso(closing?.event.at ?? archivedAt)!,
        archivedAt: new Date(archivedAt).toISOString()
      },
      retention
    },
    files: entries
  };
}
