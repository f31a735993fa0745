import type { Hono } from 'hono';
import { isApplicant, isStaff, type Applicant } from '../../accounts/index.ts';
import { statusLabels, type CaseRow, type Services } from '../../cases/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import {
  askQuestion,
  complain,
  evaluationOf,
  listComplaints,
  listConsultations,
  publicComplaints,
  rateCase
} from '../../requests/index.ts';
import { acting } from '../../web/acting.ts';
import type { AppEnv } from '../../web/env.ts';
import { ApiError } from '../../web/errors.ts';
import { Uuid } from '../../web/schemas.ts';
import type { FieldErrors } from '../components/form.tsx';
import { limitText } from '../components/labels.ts';
import type { DepartmentInfo, MatterOption } from '../components/selects.tsx';
import { applicantOrSignIn, formOf, view, viewerOf, type HallContext, doneNotice } from '../render.ts';
import { ComplaintsPage, type ComplaintForm } from '../views/requests/ComplaintsPage.tsx';
import { ConsultationsPage, type AskForm } from '../views/requests/ConsultationsPage.tsx';
import { EvaluationCaseNotFoundPage } from '../views/requests/EvaluationCaseNotFoundPage.tsx';
import { EvaluationPage, type EvaluationForm, type EvaluationProps } from '../views/requests/EvaluationPage.tsx';
import {
  AskBody,
  askFields,
  attempt,
  ComplaintBody,
  complaintFields,
  EvaluationBody,
  evaluationFields,
  fieldErrors,
  refused
} from './request-forms.ts';

/** Where a signed-out visitor signs in to come back to `path`. */
const signInHref = (path: string) => `/hall/login?next=${encodeURIComponent(path)}`;

/** The messages a page shows after `?done=`: fixed texts, so nothing from the address is shown. */
const consultationDone = { asked: '您的咨询已提交。答复后会显示在“我的咨询”中，并发送到您的站内消息。' } as const;
const complaintDone = {
  filed: '您的投诉已提交。受理决定和处理结果会显示在“我的投诉”中，并发送到您的站内消息。'
} as const;
const evaluationDone = { rated: '感谢您的评价。' } as const;

/** A list cursor from the address: the services' own form (time~id), anything else is the first page. */
const cursorOf = (raw: string | undefined) =>
  raw && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z~[0-9a-f-]{36}$/.test(raw) ? raw : undefined;

const perPage = 20;

/**
 * The pages for consultations (咨询, /hall/consultations), complaints (投诉, /hall/complaints) and evaluations
 * (好差评, /hall/cases/:id/evaluation), GET and POST, complete without script. Each form posts to its page; success
 * redirects back with `?done=` (post, redirect, get); an error shows the form again with what was typed, a summary
 * linking to the fields, and 400 (the form's shape), 422 (a rule), 409 (the state) or 404. The forms accept exactly
 * what the JSON API accepts: the same schemas and limits, the same services, the same audit lines.
 */
export function requestRoutes(app: Hono<AppEnv>, s: Services): void {
  const departments = (): DepartmentInfo[] =>
    s.registry.catalog().departments.map(d => ({ name: d.name, phones: d.phones }));
  const matters = (): MatterOption[] =>
    s.registry
      .all()
      .map(m => ({ code: m.code, name: m.definition.name, department: m.definition.department.name }))
      .sort((a, b) =>
        a.department === b.department
          ? a.name.localeCompare(b.name, 'zh')
          : a.department.localeCompare(b.department, 'zh')
      );
  const audience = (c: HallContext): 'applicant' | 'staff' | 'visitor' => {
    const principal = c.get('principal');
    return isApplicant(principal) ? 'applicant' : isStaff(principal) ? 'staff' : 'visitor';
  };

  // 网上咨询: consultations

  const consultations = async (c: HallContext, form: AskForm, errors: FieldErrors, status: number) => {
    const principal = c.get('principal');
    const cursor = cursorOf(c.req.query('cursor'));
    const mine = isApplicant(principal)
      ? await listConsultations(s.db, { userId: principal.id }, { limit: perPage, cursor })
      : undefined;
    const policy = s.registry.catalog().supervisionDefaults;
    const here = new URL(c.req.url);
    return view(
      c,
      ConsultationsPage,
      {
        viewer: viewerOf(c),
        audience: audience(c),
        signIn: signInHref(here.pathname + here.search),
        departments: departments(),
        matters: matters(),
        form,
        errors,
        notice: doneNotice(consultationDone, c.req.query('done')),
        mine: mine && {
          items: mine.items,
          newer: cursor ? '/hall/consultations#mine' : undefined,
          older: mine.next && `/hall/consultations?cursor=${encodeURIComponent(mine.next)}#mine`
        },
        limits: { reply: limitText(policy.consultationReply), forward: limitText(policy.consultationForward) }
      },
      status
    );
  };

  app.get('/hall/consultations', c => {
    // The guide links here with its matter: /hall/consultations?matter=CODE#ask
    const matter = c.req.query('matter') ?? '';
    return consultations(c, { matter: s.registry.live(matter) ? matter : '', department: '', question: '' }, {}, 200);
  });

  app.post('/hall/consultations', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const f = await formOf(c);
    const form: AskForm = { matter: f.matter ?? '', department: f.department ?? '', question: f.question ?? '' };
    const parsed = AskBody.safeParse({
      ...(form.matter ? { matterCode: form.matter } : {}),
      ...(form.department ? { department: form.department } : {}),
      question: form.question
    });
    if (!parsed.success) return consultations(c, form, fieldErrors(parsed.error, askFields), 400);
    const body = parsed.data;
    const result = await attempt(async () => {
      return acting(c, s, applicant, 'consultation.ask', undefined, done =>
        askQuestion(s, applicant, body, (tx, created) => done(tx, { target: created.id }))
      );
    });
    if (result instanceof ApiError) {
      const { errors, status } = refused(
        result,
        {
          'matter.not-found': 'matter',
          'consultation.department-mismatch': 'department',
          'department.unknown': 'department'
        },
        'question'
      );
      return consultations(c, form, errors, status);
    }
    return c.redirect('/hall/consultations?done=asked#mine', 303);
  });

  // 网上投诉: complaints

  const complaints = async (c: HallContext, form: ComplaintForm, errors: FieldErrors, status: number) => {
    const principal = c.get('principal');
    const known = departments();
    const filter = c.req.query('department') ?? '';
    const department = known.some(d => d.name === filter) ? filter : '';
    const page = Math.min(Math.max(Number.parseInt(c.req.query('page') ?? '1', 10) || 1, 1), 10_000 / perPage + 1);
    const rows = await publicComplaints(s.db, {
      department: department || undefined,
      limit: perPage + 1,
      offset: (page - 1) * perPage
    });
    const pageHref = (n: number) =>
      `/hall/complaints?${new URLSearchParams({ ...(department ? { department } : {}), ...(n > 1 ? { page: String(n) } : {}) })}#published`;
    const cursor = cursorOf(c.req.query('cursor'));
    const mine = isApplicant(principal)
      ? await listComplaints(s.db, { userId: principal.id }, { limit: perPage, cursor })
      : undefined;
    const here = new URL(c.req.url);
    return view(
      c,
      ComplaintsPage,
      {
        viewer: viewerOf(c),
        audience: audience(c),
        signIn: signInHref(here.pathname + here.search),
        departments: known,
        matters: matters(),
        published: {
          items: rows.slice(0, perPage),
          department,
          newer: page > 1 ? pageHref(page - 1) : undefined,
          older: rows.length > perPage && page * perPage <= 10_000 ? pageHref(page + 1) : undefined
        },
        form,
        errors,
        notice: doneNotice(complaintDone, c.req.query('done')),
        mine: mine && {
          items: mine.items,
          newer: cursor ? '/hall/complaints#mine' : undefined,
          older: mine.next && `/hall/complaints?cursor=${encodeURIComponent(mine.next)}#mine`
        },
        acceptLimit: limitText(s.registry.catalog().supervisionDefaults.complaintAcceptance)
      },
      status
    );
  };

  app.get('/hall/complaints', c => {
    // The guide links here with its matter (/hall/complaints?matter=CODE#file): the matter and its department chosen.
    const live = s.registry.live(c.req.query('matter') ?? '');
    return complaints(
      c,
      { department: live?.definition.department.name ?? '', matter: live?.code ?? '', caseNumber: '', content: '' },
      {},
      200
    );
  });

  app.post('/hall/complaints', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const f = await formOf(c);
    const form: ComplaintForm = {
      department: f.department ?? '',
      matter: f.matter ?? '',
      caseNumber: (f.caseNumber ?? '').trim().toUpperCase(),
      content: f.content ?? ''
    };
    const parsed = ComplaintBody.safeParse({
      department: form.department,
      ...(form.matter ? { matterCode: form.matter } : {}),
      ...(form.caseNumber ? { caseNumber: form.caseNumber } : {}),
      content: form.content
    });
    if (!parsed.success) return complaints(c, form, fieldErrors(parsed.error, complaintFields), 400);
    const body = parsed.data;
    const result = await attempt(async () => {
      // The case by its number: a number nobody has is refused as the service refuses another applicant's case.
      const row = body.caseNumber ? await s.cases.byNumber(body.caseNumber) : undefined;
      if (body.caseNumber && !row)
        throw new Refusal('notFound', 'case.not-found', '找不到这个办件。只能就本人的办件投诉。');
      return acting(c, s, applicant, 'complaint.file', undefined, done =>
        complain(s, applicant, { ...body, caseId: row?.caseId ?? null }, (tx, created) =>
          done(tx, { target: created.id })
        )
      );
    });
    if (result instanceof ApiError) {
      const { errors, status } = refused(
        result,
        {
          'matter.not-found': 'matter',
          'case.not-found': 'caseNumber',
          'department.unknown': 'department',
          'complaint.department-not-in-case': 'department'
        },
        'content'
      );
      return complaints(c, form, errors, status);
    }
    return c.redirect('/hall/complaints?done=filed#mine', 303);
  });

  // 好差评: evaluations

  /** The applicant's own case, or undefined for any other id: the two are never told apart. */
  const ownCase = async (applicant: Applicant, id: string): Promise<CaseRow | undefined> => {
    if (!Uuid.safeParse(id).success) return undefined;
    const row = await s.cases.load(s.db, id);
    return row && row.applicantId === applicant.id ? row : undefined;
  };
  const subjectOf = async (row: CaseRow) => ({
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    matter: (await s.cases.definitionOf(row)).name,
    department: row.department,
    statusLabel: statusLabels[row.status as keyof typeof statusLabels] ?? row.status
  });
  const notFoundPage = (c: HallContext) => view(c, EvaluationCaseNotFoundPage, { viewer: viewerOf(c) }, 404);
  const evaluable = (row: CaseRow) => row.status === 'completed' || row.status === 'archived';
  const unfinished = '这个办件还没有办结。办件办结后才能评价，届时您会收到站内消息。';

  app.get('/hall/cases/:id/evaluation', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const row = await ownCase(applicant, c.req.param('id'));
    if (!row) return notFoundPage(c);
    const given = await evaluationOf(s.db, row.caseId, applicant.id);
    const state: EvaluationProps['state'] = given
      ? { kind: 'given', evaluation: given }
      : evaluable(row)
        ? { kind: 'form', form: { level: '', reason: '' }, errors: {}, bad: false }
        : { kind: 'unfinished', message: unfinished };
    return view(c, EvaluationPage, {
      viewer: viewerOf(c),
      subject: await subjectOf(row),
      notice: doneNotice(evaluationDone, c.req.query('done')),
      state
    });
  });

  app.post('/hall/cases/:id/evaluation', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const id = c.req.param('id');
    if (!Uuid.safeParse(id).success) return notFoundPage(c);
    const f = await formOf(c);
    const form: EvaluationForm = { level: f.level ?? '', reason: f.reason ?? '' };
    const bad = /^[12]$/.test(form.level);
    const again = async (errors: FieldErrors, status: number) => {
      const row = await ownCase(applicant, id);
      if (!row) return notFoundPage(c);
      return view(
        c,
        EvaluationPage,
        { viewer: viewerOf(c), subject: await subjectOf(row), state: { kind: 'form', form, errors, bad } },
        status
      );
    };
    const parsed = EvaluationBody.safeParse({ level: form.level, ...(form.reason ? { reason: form.reason } : {}) });
    if (!parsed.success) return again(fieldErrors(parsed.error, evaluationFields), 400);
    const body = parsed.data;
    // As POST /api/hall/cases/:id/evaluation: the service checks whose case it is, that it is finished, the reason, once only.
    const result = await attempt(() =>
      acting(c, s, applicant, 'evaluation.submit', id, done =>
        rateCase(s, applicant, id, body, (tx, e) =>
          done(tx, { caseId: e.caseId, target: e.id, detail: { level: e.level } })
        )
      )
    );
    if (!(result instanceof ApiError)) return c.redirect(`/hall/cases/${id}/evaluation?done=rated`, 303);
    if (result.status === 404) return notFoundPage(c);
    const row = await ownCase(applicant, id);
    if (!row) return notFoundPage(c);
    if (result.code === 'evaluation.exists') {
      const given = await evaluationOf(s.db, row.caseId, applicant.id);
      if (given)
        return view(
          c,
          EvaluationPage,
          {
            viewer: viewerOf(c),
            subject: await subjectOf(row),
            state: { kind: 'given', evaluation: given, refusal: result.message }
          },
          409
        );
    }
    if (result.code === 'evaluation.not-finished') {
      return view(
        c,
        EvaluationPage,
        { viewer: viewerOf(c), subject: await subjectOf(row), state: { kind: 'unfinished', message: unfinished } },
        409
      );
    }
    return again(
      { [result.code === 'evaluation.reason-required' ? 'reason' : 'level']: result.message },
      result.status
    );
  });
}
