/**
 * Denial matrix (issue 15): the workbench offers, and the API accepts, only what the authority rule allows — every
 * demo account on every state a case passes, for every command the engine knows.
 *
 * A demo construction permit (pre-review, correction, paper, acceptance, review, extension, special procedure, a
 * parallel co-approval step, decision, failed and repeated delivery, 办结, 归档; refused and withdrawn on their own
 * roads) and a matter of another shape (a person's 社保 certificate: the handler decides at the first step after
 * acceptance, no delivery step) are driven through the API into each state. On each, every demo account (with the
 * 社保 department's window and handler, made here) and no session read the case page and give every command:
 *
 * - the page offers a command only where `allowedCommands` (evaluated here on the same Definition and state) allows
 *   it to that person, narrowed by the part the department plays (case-page-actions.ts);
 * - the API refuses every command the rule does not allow with a Chinese sentence and leaves the case as it was (the
 *   same state, the same version); where someone could give the command now, the refusal is the denial (401, 403 or
 *   404), not a state conflict (the engine asks the step's own checks first, so a command nobody can give now may
 *   be refused as the state's conflict); staff refused on the office route leave an audit line each;
 * - a command the rule allows is never refused as a denial: the page's `ready` ones (and the applicant's, where the
 *   engine takes them) are sent, each on its own copy of the case driven to the same state at the same instants,
 *   and must be carried out; the rest must be the state's or the form's refusal (409, 422), with the page's sentence
 *   where the page offered it.
 *
 * Submission (a new case, not a command on one) and a few spot checks that read as sentences follow the matrix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '@banshi/definition';
import { requiredUploads } from '@banshi/definition/answers';
import {
  createStaff,
  demoPassword,
  ensureDemoAccounts,
  hasDuty,
  type Principal
} from '../../runtime/src/accounts/index.ts';
import { caseDepartments } from '../../runtime/src/cases/case-departments.ts';
import { commandsByPart, type Actor, type CaseState, type Command } from '../../runtime/src/cases/index.ts';
import {
  allowedCommands,
  authorityFor,
  commandLabels,
  mayGive,
  staffCommands
} from '../../runtime/src/cases/engine/authority.ts';
import { rejectionKinds, routeOf, statusLabels, type CaseStatus } from '../../runtime/src/cases/engine/index.ts';
import { at, loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { openTestApp, type Client, type Response, type TestApp } from '../../runtime/src/testing/http.ts';
import { materialForm, pdf, upload, uploadRequired } from '../../runtime/src/testing/materials.ts';
import { windowUploadPath } from '../../runtime/src/http/routes/window.ts';
import { answersFor } from '../../runtime/src/testing/scenario.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const hrss = byName('社会保险个人参保证明查询打印');
const company = '91350100M000100Y43';
const person = '11010519491231002X';
const text = '（试算）';

type CommandType = Command['type'];

/**
 * The route each command travels by: the office's command route (staff), the hall's own routes (the applicant), a
 * new case (submit: the hall's application or the window's entry), or none at all (deemAccept: the worker's timer).
 * A Record, so a command added to the engine without a line here does not compile.
 */
const routes: Record<CommandType, 'staff' | 'applicant' | 'newCase' | 'none'> = {
  submit: 'newCase',
  resubmit: 'applicant',
  withdraw: 'applicant',
  deemAccept: 'none',
  passPreReview: 'staff',
  requestCorrection: 'staff',
  confirmPaper: 'staff',
  accept: 'staff',
  refuse: 'staff',
  recordStageOpinion: 'staff',
  completeStep: 'staff',
  returnStep: 'staff',
  distribute: 'staff',
  answerCoApproval: 'staff',
  consolidate: 'staff',
  handOff: 'staff',
  startSpecialProcedure: 'staff',
  endSpecialProcedure: 'staff',
  explainOverdue: 'staff',
  extend: 'staff',
  requestExtension: 'staff',
  approveExtension: 'staff',
  refuseExtension: 'staff',
  decide: 'staff',
  deliver: 'staff',
  deliveryFailed: 'staff',
  complete: 'staff',
  archive: 'staff'
};
const everyCommand = Object.keys(commandLabels) as CommandType[];
/** The commands given on a case as it stands (submit starts one: it has its own test below). */
const onACase = everyCommand.filter(type => routes[type] !== 'newCase');

interface Account {
  login: string;
  client: Client;
  principal: Principal | undefined;
}

interface Attempt {
  account: Account;
  type: CommandType;
  body: Record<string, unknown>;
  /** Statuses the answer may have; a refusal's sentence where one is known. */
  expect: number[];
  message?: string;
}

/** What the matrix saw, for the report. */
const tally = {
  states: 0,
  pages: 0,
  offered: 0,
  attempts: 0,
  denied: 0,
  conflicts: 0,
  schema: 0,
  carriedOut: 0,
  ruleAllowsNoRoute: new Set<string>()
};
const covered: Array<{ matter: string; name: string; status: CaseStatus }> = [];

function actorOf(p: Principal | undefined): Actor | undefined {
  if (!p) return undefined;
  if (p.kind === 'staff')
    return { kind: 'staff', id: p.id, name: p.name, department: p.department ?? '', roles: p.roles };
  return { kind: 'applicant', id: p.id, name: p.name };
}

/** The authority rule on the case as it stands: authority.ts's one place, asked here as the engine asks it. */
function ruleAllows(definition: Definition, state: CaseState, type: CommandType, p: Principal | undefined): boolean {
  const actor = actorOf(p);
  return actor !== undefined && mayGive(authorityFor(definition, state, type), actor, state);
}

/** The part the account's department plays in the case, as the store records it. */
function partOf(definition: Definition, p: Principal | undefined): string | undefined {
  if (p?.kind !== 'staff' || !p.department) return undefined;
  return caseDepartments(definition).find(d => d.department === p.department)?.part;
}

/** Whether the part lets the department give the command at all (access.ts: co-approvers only answer). */
function partAllows(part: string | undefined, type: CommandType): boolean {
  const allowed = part ? commandsByPart[part] : undefined;
  return allowed === 'all' || (allowed ?? []).includes(type);
}

/**
 * The answer the route gives before the engine is asked, if any: no session, the wrong kind of account for the
 * route, a member of staff without a post, a department taking no part or the wrong part, another's case.
 */
function gate(
  definition: Definition,
  state: CaseState,
  type: CommandType,
  p: Principal | undefined
): number | undefined {
  if (!p) return 401;
  const route = routes[type];
  if (route === 'none') return p.kind === 'staff' ? 400 : 403;
  if (route === 'staff') {
    if (p.kind !== 'staff') return 403;
    if (p.roles.length === 0) return 403;
    const part = partOf(definition, p);
    if (!part) return 404;
    if (!partAllows(part, type)) return 403;
    return undefined;
  }
  if (p.kind === 'staff') return 403;
  if (p.id !== state.applicant.id) return 404;
  return undefined;
}

/**
 * Whether the account may read the staff case page (access.ts): a post or a supervisor in a department taking part,
 * or the city's supervision bureau.
 */
function pageStatus(definition: Definition, p: Principal | undefined): number {
  if (!p) return 401;
  if (p.kind !== 'staff') return 403;
  if (hasDuty(p, 'bureau')) return 200;
  const reads = p.roles.length > 0 || hasDuty(p, 'supervisor');
  return reads && partOf(definition, p) ? 200 : 404;
}

/** A filled-in command of this type, as case-page-actions.ts fills in the one it tries (the same example). */
function bodyOf(type: CommandType, definition: Definition, state: CaseState): Record<string, unknown> {
  const route = routeOf(definition);
  switch (type) {
    case 'requestCorrection':
      return { type, items: [state.firstNotice?.[0] ?? definition.materials[0]!.title] };
    case 'refuse':
      return { type, reasons: text };
    case 'recordStageOpinion':
      return {
        type,
        stage: definition.annualInspection?.stages[state.stageOpinions.length]?.name ?? '年检',
        opinion: text
      };
    case 'completeStep':
      return { type, stepId: state.stepId ?? route.steps[0]!.id, opinion: text };
    case 'returnStep':
      return { type, toStepId: route.steps[0]!.id, reason: text };
    case 'answerCoApproval':
      return { type, agree: true };
    case 'consolidate':
      return {
        type,
        opinion: text,
        responses: Object.fromEntries(
          Object.entries(state.coApproval?.answers ?? {})
            .filter(([, a]) => !a.agree)
            .map(([d]) => [d, text])
        )
      };
    case 'handOff':
      return { type, opinion: text };
    case 'startSpecialProcedure': {
      const p = definition.specialProcedures[0];
      return {
        type,
        kind: p?.kind ?? 'expertReview',
        reason: text,
        expected: { amount: 1, unit: p?.maxDuration?.unit ?? 'workdays' }
      };
    }
    case 'endSpecialProcedure':
      return { type, result: text };
    case 'explainOverdue':
      return { type, reason: text, expected: '2099-12-31' };
    case 'extend':
    case 'requestExtension':
      return { type, reason: text };
    case 'approveExtension':
    case 'refuseExtension':
      return { type, opinion: text };
    case 'decide':
      return { type, approve: true, ...(definition.annualInspection ? { conclusion: 'pass' } : {}) };
    case 'deliver': {
      const failed = (state.delivery?.failures ?? 0) > 0;
      const methods = [
        ...definition.delivery.filter(m => m !== 'announcement'),
        ...(failed ? ['announcement' as const] : [])
      ];
      return { type, method: state.preferredDelivery ?? methods[0] ?? 'online' };
    }
    case 'deliveryFailed':
      return { type, reason: text };
    case 'resubmit':
    case 'withdraw':
      return {};
    default:
      return { type };
  }
}

/** Sends a command by its route: the office's command route, or the hall's resubmit and withdraw. */
function send(client: Client, caseId: string, type: CommandType, body: Record<string, unknown>): Promise<Response> {
  if (type === 'resubmit' || type === 'withdraw') return client.post(`/api/hall/cases/${caseId}/${type}`, body);
  return client.post(`/api/office/cases/${caseId}/commands`, body);
}

const statusOfKind = { forbidden: 403, notFound: 404, conflict: 409, invalid: 422 } as const;

/** A refusal a person reads: a Chinese sentence, never the code. */
function expectSentence(r: Response, what: string): void {
  const error = r.body?.error as { code: string; message: string } | undefined;
  expect(error, what).toBeDefined();
  expect(error!.message, what).toMatch(/[\u4e00-\u9fff]/);
  expect(error!.message, what).not.toBe(error!.code);
  expect(error!.message, what).not.toMatch(/^[a-z]+(\.[a-z-]+)+$/);
}

// ---------------------------------------------------------------------------------------------------------------

/** A case being driven: its id once submitted. */
interface CaseRef {
  id: string;
}

/** One step of a road: who does what, and the state it leaves the case in when the matrix is to be run there. */
interface Step {
  does: string;
  run(ref: CaseRef): Promise<void>;
  state?: string;
}

const brief = (r: Response) => `${r.status} ${JSON.stringify(r.body?.error ?? r.body?.status ?? '')}`;

describe('denial matrix: every demo account on every state', () => {
  let t: TestApp;
  const accounts: Account[] = [];
  const account = (login: string) => accounts.find(a => a.login === login)!;
  const client = (login: string) => account(login).client;
  const base = at('2026-09-28 10:00');
  /** Each step of a road at its own minute: copies replay a road at the same instants as the original. */
  const minute = (i: number) => base + i * 60_000;

  beforeAll(async () => {
    t = await openTestApp('postgres');
    const demo = await ensureDemoAccounts(t.store.db);
    // The other matter's department has no demo accounts: its window and handler are made here, and take part in
    // the permit's matrix as staff of a department that has no part in it.
    for (const [login, role] of [
      ['hrss-window', '窗口'],
      ['hrss-handler', '承办人']
    ] as const)
      await createStaff(t.store.db, {
        login,
        name: `人社${role}`,
        password: demoPassword,
        department: hrss.department.name,
        roles: [role],
        duties: []
      });
    for (const login of [...demo.map(d => d.login), 'hrss-window', 'hrss-handler']) {
      const c = await t.as(login);
      accounts.push({ login, client: c, principal: c.principal });
    }
    accounts.push({ login: '（未登录）', client: t.anonymous, principal: undefined });
  }, 120_000);
  afterAll(async () => {
    console.info(
      `denial matrix: ${tally.states} states × ${accounts.length} accounts × ${onACase.length} commands ` +
        `(${tally.attempts} attempts: ${tally.denied} denied, ${tally.conflicts} refused by the state or the form, ` +
        `${tally.schema} refused as no route's body, ${tally.carriedOut} carried out on copies); ` +
        `${tally.pages} pages read, ${tally.offered} actions offered; allowed by the rule through another route ` +
        `than the one tried: ${[...tally.ruleAllowsNoRoute].join(', ') || 'none'}`
    );
    await t?.close();
  });

  async function ok(r: Promise<Response>, what: string, status = 200): Promise<Response> {
    const answer = await r;
    expect(answer.status, `${what}: ${brief(answer)}`).toBe(status);
    return answer;
  }

  const staffDoes =
    (login: string, body: Record<string, unknown>) =>
    async (ref: CaseRef): Promise<void> => {
      await ok(client(login).post(`/api/office/cases/${ref.id}/commands`, body), `${login} ${String(body.type)}`);
    };

  const submitBy = (login: string, definition: Definition, state?: string): Step => ({
    does: '申请人网上提交申请',
    ...(state ? { state } : {}),
    async run(ref) {
      const c = client(login);
      const answers = answersFor(definition);
      const materials = await uploadRequired(c, definition, answers);
      const r = await ok(
        c.post('/api/hall/cases', { matterCode: definition.code, channel: 'online', answers, materials }),
        `${login} submits`,
        201
      );
      ref.id = r.body.id;
    }
  });
  const resubmitBy = (login: string, material: string, state?: string): Step => ({
    does: '申请人提交补正材料',
    ...(state ? { state } : {}),
    async run(ref) {
      const c = client(login);
      const fileId = await upload(c, material, pdf(2), `${material}（补正）.pdf`);
      await ok(c.post(`/api/hall/cases/${ref.id}/resubmit`, { materials: [{ material, fileId }] }), 'resubmit');
    }
  });
  const withdrawBy = (login: string, state: string): Step => ({
    does: '申请人撤回',
    state,
    async run(ref) {
      await ok(client(login).post(`/api/hall/cases/${ref.id}/withdraw`, { reason: '项目暂缓' }), 'withdraw');
    }
  });
  const quiet = (steps: Step[]): Step[] => steps.map(({ state: _, ...s }) => s);

  /** The permit's main road: from submission to archive, through every sub-state a permit passes. */
  const permitRoad: Step[] = [
    submitBy(company, permit, '已提交，待预审'),
    {
      does: '窗口告知补正',
      state: '受理前待补正',
      run: staffDoes('window', { type: 'requestCorrection', items: ['申请表缺少建设单位盖章'] })
    },
    resubmitBy(company, '申请表', '补正后重新提交，待预审'),
    { does: '窗口预审通过', state: '待递交纸质材料', run: staffDoes('window', { type: 'passPreReview' }) },
    { does: '窗口核对纸质材料', state: '预审通过，待受理', run: staffDoes('window', { type: 'confirmPaper' }) },
    { does: '窗口受理', state: '审查中（承办人初审）', run: staffDoes('window', { type: 'accept' }) },
    {
      does: '承办人申请延期',
      state: '审查中，延期申请待批准',
      run: staffDoes('handler', {
        type: 'requestExtension',
        reason: '需现场核查施工场地',
        amount: { amount: 10, unit: 'workdays' }
      })
    },
    {
      does: '分管领导批准延期',
      state: '审查中，已延期',
      run: staffDoes('leader', { type: 'approveExtension', opinion: '同意延长 10 个工作日' })
    },
    {
      does: '承办人启动专家评审',
      state: '特殊程序中（暂停计时）',
      run: staffDoes('handler', {
        type: 'startSpecialProcedure',
        kind: 'expertReview',
        reason: '超限高层需专家论证',
        expected: { amount: 10, unit: 'workdays' }
      })
    },
    { does: '承办人结束专家评审', run: staffDoes('handler', { type: 'endSpecialProcedure', result: '专家论证通过' }) },
    {
      does: '承办人在审查中告知补正',
      state: '审查中待补正（暂停计时）',
      run: staffDoes('handler', { type: 'requestCorrection', items: ['施工合同缺第 3 页'] })
    },
    resubmitBy(company, '施工合同', '审查中补正后恢复审查'),
    {
      does: '承办人初审办结',
      state: '并联审批环节，未分送',
      run: staffDoes('handler', { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全，符合条件' })
    },
    {
      does: '承办人分送并联审批',
      state: '并联审批，两个协办部门均未答复',
      run: staffDoes('handler', { type: 'distribute' })
    },
    {
      does: '市自然资源和规划局同意',
      state: '并联审批，人防办尚未答复',
      run: staffDoes('planning', { type: 'answerCoApproval', agree: true, reasons: '符合规划许可' })
    },
    {
      does: '市人民防空办公室不同意',
      state: '并联审批，均已答复，待汇总',
      run: staffDoes('airdefence', { type: 'answerCoApproval', agree: false, reasons: '人防工程设计未经审查' })
    },
    {
      does: '承办人汇总并联审批意见',
      state: '审查中（处室负责人审核）',
      run: staffDoes('handler', {
        type: 'consolidate',
        opinion: '人防意见已由建设单位补充说明',
        responses: { 市人民防空办公室: '建设单位已补充人防设计审查意见' }
      })
    },
    {
      does: '处室负责人审核通过',
      state: '审查中（分管领导决定）',
      run: staffDoes('chief', { type: 'completeStep', stepId: 'review-2', opinion: '同意' })
    },
    {
      does: '分管领导作出准予许可决定',
      state: '已决定，待送达',
      run: staffDoes('leader', { type: 'decide', approve: true })
    },
    {
      does: '窗口登记送达失败',
      state: '已决定，送达失败',
      run: staffDoes('window', { type: 'deliveryFailed', reason: '快递退回，地址无人' })
    },
    { does: '窗口公告送达', state: '已送达', run: staffDoes('window', { type: 'deliver', method: 'announcement' }) },
    { does: '窗口办结', state: '已办结', run: staffDoes('window', { type: 'complete' }) },
    { does: '窗口归档', state: '已归档', run: staffDoes('window', { type: 'archive' }) }
  ];
  const step = (state: string) => permitRoad.findIndex(s => s.state === state) + 1;
  const refusedRoad: Step[] = [
    ...quiet(permitRoad.slice(0, step('预审通过，待受理'))),
    {
      does: '窗口不予受理',
      state: '不予受理',
      run: staffDoes('window', { type: 'refuse', reasons: '不属于本机关职权范围' })
    },
    { does: '窗口归档', state: '不予受理后归档', run: staffDoes('window', { type: 'archive' }) }
  ];
  const withdrawnRoad: Step[] = [
    ...quiet(permitRoad.slice(0, step('审查中（承办人初审）'))),
    withdrawBy(company, '审查中撤回')
  ];

  /** Another shape: a person's matter decided by a handler at the first step after acceptance, no delivery step. */
  const hrssRoad: Step[] = [
    submitBy(person, hrss, '已提交，待预审'),
    {
      does: '窗口告知补正',
      state: '受理前待补正',
      run: staffDoes('hrss-window', { type: 'requestCorrection', items: [hrss.materials[0]!.title] })
    },
    resubmitBy(person, hrss.materials[0]!.id),
    {
      does: '窗口预审通过（无纸质材料）',
      state: '预审通过，待受理',
      run: staffDoes('hrss-window', { type: 'passPreReview' })
    },
    { does: '窗口受理', state: '审查中（承办人决定）', run: staffDoes('hrss-window', { type: 'accept' }) },
    { does: '承办人决定', state: '已决定，待送达', run: staffDoes('hrss-handler', { type: 'decide', approve: true }) },
    { does: '窗口网上送达', state: '已送达', run: staffDoes('hrss-window', { type: 'deliver', method: 'online' }) },
    { does: '承办人办结', state: '已办结', run: staffDoes('hrss-handler', { type: 'complete' }) },
    { does: '承办人归档', state: '已归档', run: staffDoes('hrss-handler', { type: 'archive' }) }
  ];

  /** `n` new cases driven along the first `length` steps of a road together, each step at its own minute. */
  async function copies(road: Step[], length: number, n: number): Promise<CaseRef[]> {
    const saved = t.clock.now;
    const refs = Array.from({ length: n }, () => ({ id: '' }));
    for (let i = 0; i < length; i++) {
      t.clock.now = minute(i);
      await Promise.all(refs.map(ref => road[i]!.run(ref)));
    }
    t.clock.now = saved;
    return refs;
  }

  async function auditCount(caseId: string, outcome: 'denied' | 'rejected'): Promise<number> {
    const [row] = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log
        where actor_kind = 'staff' and action like 'case.%' and outcome = $2 and (case_id::text = $1 or target = $1)`,
      [caseId, outcome]
    );
    return row!.n;
  }

  /** The matrix on one state: every account's page, every account giving every command. */
  async function matrix(name: string, ref: CaseRef, road: Step[], length: number): Promise<void> {
    const row = (await t.store.cases.load(t.store.db, ref.id))!;
    const definition = await t.store.cases.definitionOf(row);
    const state = row.state;
    const where = (login: string) => `${definition.name}「${name}」: ${login}`;
    covered.push({ matter: definition.code, name, status: state.status });
    tally.states++;

    // The case page: what each account is offered.
    const pages = await Promise.all(accounts.map(a => a.client.get(`/api/office/cases/${ref.id}/page`)));
    const offered = new Map<Account, Map<CommandType, { ready: boolean; refusal?: string }>>();
    accounts.forEach((a, i) => {
      const page = pages[i]!;
      const reads = `${where(a.login)} reads the case page`;
      expect(page.status, `${reads}: ${brief(page)}`).toBe(pageStatus(definition, a.principal));
      tally.pages++;
      const actions = new Map<CommandType, { ready: boolean; refusal?: string }>();
      if (page.status === 200) {
        for (const action of page.body.actions as Array<{ type: CommandType; ready: boolean; refusal?: string }>) {
          // Everything offered is allowed: by the rule, to this person, narrowed by the department's part.
          expect(
            allowedCommands(definition, state, actorOf(a.principal)!).includes(action.type) &&
              partAllows(partOf(definition, a.principal), action.type),
            `${reads}: offered “${commandLabels[action.type]}”, which the rule does not allow`
          ).toBe(true);
          actions.set(action.type, action);
          tally.offered++;
        }
      } else expectSentence(page, reads);
      offered.set(a, actions);
    });

    // Which commands someone could give now: everyone else's refusal of those must be the denial.
    const doable = new Set<CommandType>();
    for (const actions of offered.values()) for (const [type, a] of actions) if (a.ready) doable.add(type);
    const applicant = accounts.find(a => a.principal?.id === state.applicant.id)!;
    const predicted = new Map<CommandType, ReturnType<typeof t.store.engine.decide>>();
    for (const type of onACase.filter(type => routes[type] === 'applicant')) {
      const decision = t.store.engine.decide(
        definition,
        state,
        { type, by: actorOf(applicant.principal)! } as Command,
        t.clock.now
      );
      predicted.set(type, decision);
      if (decision.ok) doable.add(type);
    }

    const stays: Attempt[] = [];
    const moves: Attempt[] = [];
    for (const a of accounts) {
      for (const type of onACase) {
        const body = bodyOf(type, definition, state);
        const rule = ruleAllows(definition, state, type, a.principal);
        const gated = gate(definition, state, type, a.principal);
        const attempt = (statuses: number[], message?: string): Attempt => ({
          account: a,
          type,
          body,
          expect: statuses,
          ...(message ? { message } : {})
        });
        if (gated !== undefined) {
          // The rule may allow what this route refuses the account: the window enters a resubmission through its own
          // route with the applicant's scans (window-resubmit.int.test.ts), not the hall's tried here.
          if (rule) tally.ruleAllowsNoRoute.add(`${a.login} ${type}`);
          stays.push(attempt([gated]));
        } else if (!rule) {
          stays.push(attempt(doable.has(type) ? [403] : [403, 409, 422]));
        } else if (routes[type] === 'applicant') {
          const decision = predicted.get(type)!;
          if (decision.ok) moves.push(attempt([200]));
          else stays.push(attempt([statusOfKind[rejectionKinds[decision.rejection.code]]], decision.rejection.message));
        } else {
          const action = offered.get(a)!.get(type);
          if (action?.ready) moves.push(attempt([200]));
          else if (action) stays.push(attempt([422], action.refusal));
          // Allowed but not offered: the case's state does not admit it now (or there is nothing to try it on).
          else stays.push(attempt([409, 422]));
        }
      }
    }

    // Everything that must not move the case, at once; then the case is as it was.
    const deniedBefore = await auditCount(ref.id, 'denied');
    const rejectedBefore = await auditCount(ref.id, 'rejected');
    const answers = await Promise.all(stays.map(a => send(a.account.client, ref.id, a.type, a.body)));
    let staffDenied = 0;
    let staffRejected = 0;
    stays.forEach((a, i) => {
      const r = answers[i]!;
      const gives = `${where(a.account.login)} gives “${commandLabels[a.type]}” (${a.type})`;
      expect(a.expect, `${gives} → ${brief(r)}`).toContain(r.status);
      expectSentence(r, gives);
      if (a.message) expect(r.body.error.message, gives).toBe(a.message);
      tally.attempts++;
      if ([401, 403, 404].includes(r.status)) tally.denied++;
      else if (r.status === 400) tally.schema++;
      else tally.conflicts++;
      if (a.account.principal?.kind === 'staff' && routes[a.type] === 'staff' && r.status !== 400) {
        if (r.status === 403 || r.status === 404) staffDenied++;
        else staffRejected++;
      }
    });
    const after = (await t.store.cases.load(t.store.db, ref.id))!;
    expect(after.version, `${where('everyone')}: the refused commands left the case's version`).toBe(row.version);
    expect(after.state, `${where('everyone')}: the refused commands left the case as it was`).toEqual(state);
    // The office route records every refusal past its door: a denial as denied, the state's or form's no as rejected.
    expect(await auditCount(ref.id, 'denied'), `${where('staff')}: denials audited`).toBe(deniedBefore + staffDenied);
    expect(await auditCount(ref.id, 'rejected'), `${where('staff')}: refusals audited`).toBe(
      rejectedBefore + staffRejected
    );

    // What the rule allows and the engine takes now: each on its own copy of the case in this state.
    if (moves.length > 0) {
      const spare = await copies(road, length, moves.length);
      const done = await Promise.all(moves.map((a, i) => send(a.account.client, spare[i]!.id, a.type, a.body)));
      moves.forEach((a, i) => {
        const r = done[i]!;
        expect(r.status, `${where(a.account.login)} gives “${commandLabels[a.type]}” → ${brief(r)}`).toBe(200);
        tally.attempts++;
        tally.carriedOut++;
      });
    }
  }

  /** Drives a road, running the matrix on every state it names. */
  async function drive(road: Step[]): Promise<CaseRef> {
    const ref = { id: '' };
    for (let i = 0; i < road.length; i++) {
      t.clock.now = minute(i);
      await road[i]!.run(ref);
      if (road[i]!.state) await matrix(road[i]!.state!, ref, road, i + 1);
    }
    return ref;
  }

  /** A fresh case of the permit in the state a step of its main road leaves it in, at that step's minute. */
  async function permitIn(state: string): Promise<string> {
    const [ref] = await copies(permitRoad, step(state), 1);
    t.clock.now = minute(step(state) - 1);
    return ref!.id;
  }
  const actionsOf = async (login: string, id: string) =>
    ((await client(login).get(`/api/office/cases/${id}/page`)).body.actions as Array<{ type: string; ready: boolean }>)
      .filter(a => a.ready)
      .map(a => a.type);

  it('knows every command of the engine and every status of a case', () => {
    expect(new Set(everyCommand)).toEqual(new Set(Object.keys(routes)));
    expect(new Set(everyCommand.filter(type => routes[type] === 'staff'))).toEqual(new Set(staffCommands));
    expect(accounts.map(a => a.login)).toEqual(expect.arrayContaining(['window', 'planning', company, person]));
  });

  it(
    `the construction permit's main road, submission to archive (${permitRoad.filter(s => s.state).length} states)`,
    { timeout: 240_000 },
    async () => {
      await drive(permitRoad);
    }
  );

  it('a permit refused at acceptance, then archived', { timeout: 60_000 }, async () => {
    await drive(refusedRoad);
  });

  it('a permit withdrawn during review', { timeout: 60_000 }, async () => {
    await drive(withdrawnRoad);
  });

  it('the permit’s states cover every status the engine has', () => {
    const permitStatuses = covered.filter(c => c.matter === permit.code).map(c => c.status);
    expect(new Set(permitStatuses)).toEqual(new Set(Object.keys(statusLabels)));
  });

  it(
    `another shape: ${hrss.name}, decided by the handler with no delivery step (${hrssRoad.filter(s => s.state).length} states)`,
    { timeout: 120_000 },
    async () => {
      await drive(hrssRoad);
    }
  );

  it('who may start a case: the applicants online, the housing bureau’s window at the window; nobody else', async () => {
    t.clock.now = minute(0);
    const holder = account(company).principal!;
    for (const a of accounts) {
      const p = a.principal;
      const rule = p !== undefined && mayGive(authorityFor(permit, undefined, 'submit'), actorOf(p)!, undefined);
      let r: Response;
      if (p?.kind === 'staff') {
        const materials = [];
        if (a.login === 'window')
          for (const m of requiredUploads(permit, answersFor(permit) as never)) {
            const form = materialForm(m.id);
            form.set('applicantId', holder.id);
            form.set('matterCode', permit.code);
            const up = await a.client.post(windowUploadPath, form);
            expect(up.status, `window scans ${m.id}: ${brief(up)}`).toBe(201);
            materials.push({ material: m.id, fileId: up.body.id });
          }
        r = await a.client.post('/api/office/window/applications', {
          applicantId: holder.id,
          matterCode: permit.code,
          answers: answersFor(permit),
          materials
        });
        // Staff never submit through the hall's own route.
        const hall = await a.client.post('/api/hall/cases', {
          matterCode: permit.code,
          channel: 'online',
          answers: {}
        });
        expect(hall.status, `${a.login} on the hall's route: ${brief(hall)}`).toBe(403);
        expectSentence(hall, `${a.login} on the hall's route`);
      } else {
        const answers = answersFor(permit);
        const materials = p ? await uploadRequired(a.client, permit, answers) : [];
        r = await a.client.post('/api/hall/cases', { matterCode: permit.code, channel: 'online', answers, materials });
      }
      const what = `${a.login} submits a permit → ${brief(r)}`;
      // Denied exactly where the rule does not allow (the rule lets any applicant apply; whether the matter serves
      // them is not the authority's to say).
      expect([401, 403, 404].includes(r.status), what).toBe(!rule);
      if (r.status !== 201) expectSentence(r, what);
      if (a.login === 'window' || a.login === company) expect(r.status, what).toBe(201);
    }
  });

  it('the planning bureau’s handler cannot decide the housing bureau’s permit', async () => {
    const id = await permitIn('审查中（分管领导决定）');
    expect(await actionsOf('planning', id)).toEqual([]);
    expect(await actionsOf('leader', id)).toContain('decide');
    const r = await client('planning').post(`/api/office/cases/${id}/commands`, { type: 'decide', approve: true });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('协办部门只能答复并联审批意见，不能办理其他环节。');
    const byHandler = await client('handler').post(`/api/office/cases/${id}/commands`, {
      type: 'decide',
      approve: true
    });
    expect(byHandler.status).toBe(403);
    expect(byHandler.body.error.message).toContain('应由市住房和建设局的“分管领导”办理');
  });

  it('the civil air defence office answers only its own co-approval, and the lead bureau answers none', async () => {
    const id = await permitIn('并联审批，两个协办部门均未答复');
    const answer = { type: 'answerCoApproval', agree: true, reasons: '同意' };
    const byLead = await client('window').post(`/api/office/cases/${id}/commands`, answer);
    expect(byLead.status).toBe(403);
    expect(byLead.body.error.message).toBe('市住房和建设局的王窗口（窗口）不是本次并联审批的协办部门。');
    await ok(client('airdefence').post(`/api/office/cases/${id}/commands`, answer), 'airdefence answers');
    const row = (await t.store.cases.load(t.store.db, id))!;
    expect(Object.keys(row.state.coApproval!.answers)).toEqual(['市人民防空办公室']);
    // Its answer given, it has nothing more to give; the planning bureau's own answer is still to come.
    expect(await actionsOf('airdefence', id)).toEqual([]);
    expect(await actionsOf('planning', id)).toEqual(['answerCoApproval']);
    const again = await client('airdefence').post(`/api/office/cases/${id}/commands`, answer);
    expect(again.status).toBe(422);
    expect(again.body.error.message).toBe('市人民防空办公室已经答复。');
  });

  it('an applicant’s account, even on their own case, gets the staff routes’ denial', async () => {
    const id = await permitIn('预审通过，待受理');
    const page = await client(company).get(`/api/office/cases/${id}/page`);
    expect(page.status).toBe(403);
    expect(page.body.error.message).toBe('这是工作人员使用的功能。');
    const accept = await client(company).post(`/api/office/cases/${id}/commands`, { type: 'accept' });
    expect(accept.status).toBe(403);
    expect(accept.body.error.message).toBe('这是工作人员使用的功能。');
    expect((await t.store.cases.load(t.store.db, id))!.state.status).toBe('preReviewed');
  });

  it('the handler who asked for an extension cannot grant it; the chief cannot either; the leader can', async () => {
    const id = await permitIn('审查中，延期申请待批准');
    const approve = { type: 'approveExtension', opinion: '同意' };
    for (const login of ['handler', 'chief', 'supervisor']) {
      const r = await client(login).post(`/api/office/cases/${id}/commands`, approve);
      expect(r.status, `${login}: ${brief(r)}`).toBe(403);
      expectSentence(r, login);
    }
    expect(await actionsOf('leader', id)).toEqual(expect.arrayContaining(['approveExtension', 'refuseExtension']));
    await ok(client('leader').post(`/api/office/cases/${id}/commands`, approve), 'leader approves');
  });
});
