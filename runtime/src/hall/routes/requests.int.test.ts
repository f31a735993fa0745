import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../accounts/index.ts';
import { demoPassword } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { answersFor } from '../../testing/scenario.ts';
import { inboxChannel } from '../../platform/worker/channels.ts';
import { requestTimerHandlers } from '../../requests/index.ts';
import { caseTimerHandlers } from '../../cases/index.ts';
import { Worker } from '../../platform/worker/worker.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const planningBureau = '市自然资源和规划局';
const education = '市教育局';
const personLogin = '11010519491231002X';
const companyLogin = '91350100M000100Y43';

describe.each(dbKinds)("the hall's consultation, complaint and evaluation pages on %s", kind => {
  let t: TestApp;
  let person: Client;
  let company: Client;
  let window: Client;
  let worker: Worker;

  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-09-28 10:00');
    person = await t.as(personLogin);
    company = await t.as(companyLogin);
    window = await t.as('window');
    worker = new Worker(t.store.db, {
      handlers: { ...caseTimerHandlers(t.store.cases), ...requestTimerHandlers },
      channels: { inbox: inboxChannel },
      now: () => t.clock.now
    });
  });
  afterAll(async () => t?.close());

  /** The same account signed in a second time, as a page whose form lost its `_csrf` field would post: cookie only. */
  async function withoutCsrf(login: string): Promise<Client> {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: demoPassword, code: t.code(login) })
    });
    const body = (await response.json()) as { principal: Principal };
    return new Client(t.app, body.principal, response.headers.get('set-cookie')!.split(';')[0]!);
  }

  const count = async (table: 'consultations' | 'complaints' | 'evaluations') =>
    (await t.store.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

  async function ok<T = any>(response: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
    const r = await response;
    expect(r.status, typeof r.body === 'string' ? r.body.slice(0, 2000) : JSON.stringify(r.body)).toBe(status);
    return r.body;
  }

  describe('consultations (咨询)', () => {
    it("a visitor is told how to consult: the departments' phones and a sign-in link, no form", async () => {
      const page = await ok(t.anonymous.page(`/hall/consultations?matter=${permit.code}`));
      expect(page).toContain('<h1>网上咨询</h1>');
      expect(page).toContain('0592-5023601');
      expect(page).toContain(
        `href="/hall/login?next=${encodeURIComponent(`/hall/consultations?matter=${permit.code}`)}"`
      );
      expect(page).not.toContain('name="question"');
      expect(page).toContain('<th scope="col">部门</th>');
      const post = await t.anonymous.postForm('/hall/consultations', { department: housing, question: '你好' });
      expect(post.status).toBe(303);
      expect(post.headers.get('location')).toBe(`/hall/login?next=${encodeURIComponent('/hall/consultations')}`);
    });

    it("an applicant asks through the form; the office's answer shows on their page and in their inbox", async () => {
      const form = await ok(person.page(`/hall/consultations?matter=${permit.code}`));
      expect(form).toContain('<form method="post" action="/hall/consultations">');
      expect(form).toContain(`<option value="${permit.code}" selected="">${permit.name}</option>`);
      expect(form).toContain('<label for="question">');
      expect(form).toMatch(/<input type="hidden" name="_csrf" value="[^"]+"/);

      const asked = await person.postForm('/hall/consultations', {
        matter: permit.code,
        department: '',
        question: '施工许可需要提交几份施工合同？'
      });
      expect(asked.status, asked.body).toBe(303);
      expect(asked.headers.get('location')).toBe('/hall/consultations?done=asked#mine');
      const mine = await ok(person.page('/hall/consultations?done=asked'));
      expect(mine).toContain('role="status">您的咨询已提交');
      for (const text of [
        '施工许可需要提交几份施工合同？',
        `向${housing}咨询`,
        permit.name,
        '待答复',
        '2026年10月9日 00:00 前答复'
      ])
        expect(mine, text).toContain(text);
      expect(await ok(company.page('/hall/consultations'))).not.toContain('施工许可需要提交几份施工合同？');

      const id = (await person.get('/api/hall/consultations')).body.items.find((c: { question: string }) =>
        c.question.startsWith('施工许可需要')
      )!.id;
      await ok(window.post(`/api/office/consultations/${id}/answer`, { answer: '一份原件。\n<b>复印件</b>不需要。' }));
      const answered = await ok(person.page('/hall/consultations'));
      expect(answered).toContain('已答复');
      expect(answered).toContain('一份原件。<br/>&lt;b&gt;复印件&lt;/b&gt;不需要。');
      expect(answered).not.toContain('<b>复印件');

      await worker.tick();
      const inbox = await ok(person.page('/hall/inbox'));
      expect(inbox).toContain(`【网上咨询】${housing}已答复您的咨询`);
      expect(inbox).toContain('<strong class="tag">未读</strong>');
    });

    it("a forwarded consultation says where it went, and the other department's copy is listed as open", async () => {
      await ok(
        person.postForm('/hall/consultations', {
          matter: '',
          department: housing,
          question: '宅基地的规划条件在哪里查？'
        }),
        303
      );
      const id = (await person.get('/api/hall/consultations')).body.items.find((c: { question: string }) =>
        c.question.startsWith('宅基地')
      )!.id;
      await ok(
        window.post(`/api/office/consultations/${id}/forward`, { to: planningBureau, note: '规划条件由规划局答复。' })
      );
      const page = await ok(person.page('/hall/consultations'));
      expect(page).toContain(`已转交<strong>${planningBureau}</strong>`);
      expect(page).toContain('规划条件由规划局答复。');
      expect(page).toContain(`向${planningBureau}咨询`);
    });

    it("errors: a summary linking to the fields, what was typed kept and escaped; the service's rules are 422s; no CSRF field is a 403", async () => {
      const before = await count('consultations');
      const missing = await person.postForm('/hall/consultations', {
        matter: '',
        department: '',
        question: '<script>alert(1)</script>'
      });
      expect(missing.status).toBe(400);
      expect(missing.body).toContain('<div class="error-summary" role="alert"');
      expect(missing.body).toContain('<a href="#department">请选择咨询的事项或部门</a>');
      expect(missing.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
      expect(missing.body).not.toContain('<script>alert(1)');
      expect(missing.body).toMatch(
        /<select id="department" name="department" aria-describedby="department-hint department-error" aria-invalid="true">/
      );

      const empty = await person.postForm('/hall/consultations', { matter: '', department: housing, question: '   ' });
      expect(empty.status).toBe(400);
      expect(empty.body).toContain('<a href="#question">咨询内容不能为空</a>');
      expect(empty.body).toContain(`<option value="${housing}" selected="">`);
      const long = await person.postForm('/hall/consultations', {
        matter: '',
        department: housing,
        question: '问'.repeat(2001)
      });
      expect(long.status).toBe(400);
      expect(long.body).toContain('<a href="#question">咨询内容不能超过 2000 个字</a>');

      const unknown = await person.postForm('/hall/consultations', {
        matter: '',
        department: '市不存在局',
        question: '你好'
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toContain('<a href="#department">目录中没有“市不存在局”这个部门');
      const mismatch = await person.postForm('/hall/consultations', {
        matter: permit.code,
        department: planningBureau,
        question: '你好'
      });
      expect(mismatch.status).toBe(422);
      expect(mismatch.body).toContain(`<a href="#department">该事项由${housing}办理`);
      const gone = await person.postForm('/hall/consultations', {
        matter: '1'.repeat(33),
        department: '',
        question: '你好'
      });
      expect(gone.status).toBe(422);
      expect(gone.body).toContain('<a href="#matter">该事项未发布或已停办');

      const forged = await (
        await withoutCsrf(personLogin)
      ).postForm('/hall/consultations', { department: housing, question: '没有令牌' });
      expect(forged.status).toBe(403);
      const staff = await window.postForm('/hall/consultations', { department: housing, question: '工作人员不能咨询' });
      expect(staff.status).toBe(303);
      expect(staff.headers.get('location')).toContain('&staff=1');
      expect(await count('consultations')).toBe(before);
    });
  });

  describe('complaints (投诉)', () => {
    it("an applicant files a complaint; its outcome is published without the complainant's name or words", async () => {
      const content = '窗口人员态度生硬，让我回去等通知。';
      const filed = await person.postForm('/hall/complaints', {
        department: housing,
        matter: '',
        caseNumber: '',
        content
      });
      expect(filed.status, filed.body).toBe(303);
      expect(filed.headers.get('location')).toBe('/hall/complaints?done=filed#mine');
      const mine = await ok(person.page('/hall/complaints?done=filed'));
      for (const text of ['您的投诉已提交', content, '待受理', '2026年10月9日 00:00 前决定是否受理'])
        expect(mine, text).toContain(text);

      const id = (await person.get('/api/hall/complaints')).body.items.find(
        (c: { content: string }) => c.content === content
      )!.id;
      await ok(window.post(`/api/office/complaints/${id}/decide`, { accept: true, reply: '您的投诉已受理。' }));
      const summary = '经核查，窗口人员服务用语不规范，已批评教育并组织培训。';
      await ok(
        window.post(`/api/office/complaints/${id}/resolve`, {
          reply: '已对相关人员批评教育，感谢您的监督。',
          publicSummary: summary
        })
      );

      const published = await ok(t.anonymous.page('/hall/complaints'));
      expect(published).toContain('<th scope="col">被投诉部门</th>');
      expect(published).toContain(`<td>2026-09-28</td><td>${housing}</td><td>—</td><td>${summary}</td>`);
      expect(published).not.toContain(person.principal!.name);
      expect(published).not.toContain(personLogin);
      expect(published).not.toContain(content);
      expect(published).toContain(`href="/hall/login?next=${encodeURIComponent('/hall/complaints')}"`);
      expect(published).not.toContain('name="content"');
      const resolved = await ok(person.page('/hall/complaints'));
      for (const text of ['已办结', '已对相关人员批评教育，感谢您的监督。', summary])
        expect(resolved, text).toContain(text);
    });

    it("about a case: only the applicant's own, and only against a department that handled it; the matter named goes with it", async () => {
      const submitted = await ok(
        company.post('/api/hall/cases', { matterCode: permit.code, channel: 'express', answers: answersFor(permit) }),
        201
      );
      const before = await count('complaints');
      const others = await person.postForm('/hall/complaints', {
        department: housing,
        matter: '',
        caseNumber: submitted.caseNumber.toLowerCase(),
        content: '别人的办件'
      });
      expect(others.status).toBe(422);
      expect(others.body).toContain('<a href="#caseNumber">找不到这个办件。只能就本人的办件投诉。</a>');
      expect(others.body).toContain(`value="${submitted.caseNumber}"`);
      const nobody = await person.postForm('/hall/complaints', {
        department: housing,
        matter: '',
        caseNumber: '9'.repeat(24),
        content: '没有的办件'
      });
      expect(nobody.status).toBe(422);
      expect(nobody.body).toContain('<a href="#caseNumber">找不到这个办件');
      const elsewhere = await company.postForm('/hall/complaints', {
        department: education,
        matter: '',
        caseNumber: submitted.caseNumber,
        content: '不相干的部门'
      });
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.body).toContain(`<a href="#department">${education}没有参与办理这个办件`);
      expect(await count('complaints')).toBe(before);

      await ok(
        company.postForm('/hall/complaints', {
          department: housing,
          matter: permit.code,
          caseNumber: submitted.caseNumber,
          content: '受理拖延。'
        }),
        303
      );
      const mine = await ok(company.page('/hall/complaints'));
      expect(mine).toContain(`<a href="/hall/cases/${submitted.id}">${submitted.caseNumber}</a>`);
      expect(mine).toContain(`<dt>涉及事项</dt><dd>${permit.name}</dd>`);
      const [stored] = await t.store.db.query<{ matter_code: string; content: string }>(
        `select matter_code, content from complaints where content = '受理拖延。'`
      );
      expect(stored).toEqual({ matter_code: permit.code, content: '受理拖延。' });
    });

    it('errors: summary linking to the fields, what was typed kept and escaped; no CSRF field is a 403', async () => {
      const before = await count('complaints');
      const bad = await person.postForm('/hall/complaints', {
        department: '',
        matter: '',
        caseNumber: 'abc"><script>x</script>',
        content: '<script>alert(1)</script>'
      });
      expect(bad.status).toBe(400);
      const summary = bad.body.slice(
        bad.body.indexOf('error-summary'),
        bad.body.indexOf('</ul>', bad.body.indexOf('error-summary'))
      );
      expect(summary.indexOf('href="#department"')).toBeGreaterThan(0);
      expect(summary.indexOf('href="#caseNumber"')).toBeGreaterThan(summary.indexOf('href="#department"'));
      expect(bad.body).toContain('<a href="#department">请选择部门</a>');
      expect(bad.body).toContain('value="ABC&quot;&gt;&lt;SCRIPT&gt;X&lt;/SCRIPT&gt;"');
      expect(bad.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
      expect(bad.body).not.toMatch(/<script>/i);
      const empty = await person.postForm('/hall/complaints', {
        department: housing,
        matter: '',
        caseNumber: '',
        content: ''
      });
      expect(empty.status).toBe(400);
      expect(empty.body).toContain('<a href="#content">投诉内容不能为空</a>');
      const forged = await (
        await withoutCsrf(personLogin)
      ).postForm('/hall/complaints', { department: housing, content: '没有令牌' });
      expect(forged.status).toBe(403);
      expect(await count('complaints')).toBe(before);
    });

    it('the published outcomes come 20 to a page, by department', async () => {
      const userId = person.principal!.id;
      await t.store.db.query(
        `insert into complaints (id, user_id, department, content, status, reply, public_summary, created_at, accept_due, closed_at)
         select gen_random_uuid(), $1, $2, '内容', 'resolved', '答复', '第' || n || '号公示摘要。', now(), now(), timestamptz '2026-09-01T02:00:00Z' + n * interval '1 minute'
         from generate_series(1, 25) as n`,
        [userId, education]
      );
      // The filter form sends `department`, as the page reads it.
      expect(await ok(t.anonymous.page('/hall/complaints'))).toContain(
        '<select id="filter-department" name="department">'
      );
      const first = await ok(t.anonymous.page(`/hall/complaints?department=${encodeURIComponent(education)}`));
      expect(first.match(/号公示摘要。/g)).toHaveLength(20);
      expect(first).toContain('第25号公示摘要。');
      expect(first).not.toContain('第5号公示摘要。');
      expect(first).not.toContain(housing + '</td>');
      const next = `/hall/complaints?department=${encodeURIComponent(education).replace(/%20/g, '+')}&amp;page=2#published`;
      expect(first).toContain(`<a href="${next}">下一页</a>`);
      const second = await ok(t.anonymous.page(`/hall/complaints?department=${encodeURIComponent(education)}&page=2`));
      expect(second.match(/号公示摘要。/g)).toHaveLength(5);
      expect(second).toContain('第1号公示摘要。');
      expect(second).toContain('>上一页</a>');
      expect(second).not.toContain('>下一页</a>');
    });
  });

  describe('evaluations (好差评)', () => {
    async function command(client: Client, id: string, body: Record<string, unknown>) {
      await ok(client.post(`/api/office/cases/${id}/commands`, body));
    }

    /** A construction permit taken from the hall to completion, as service-routes.test does. */
    async function completedPermit(): Promise<{ id: string; caseNumber: string }> {
      const submitted = await ok(
        company.post('/api/hall/cases', { matterCode: permit.code, channel: 'express', answers: answersFor(permit) }),
        201
      );
      const id = submitted.id as string;
      await command(window, id, { type: 'passPreReview' });
      await command(window, id, { type: 'confirmPaper' });
      await command(window, id, { type: 'accept' });
      const handler = await t.as('handler');
      await command(handler, id, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
      await command(handler, id, { type: 'distribute' });
      await command(await t.as('planning'), id, { type: 'answerCoApproval', agree: true });
      await t.store.cases.execute(
        id,
        {
          type: 'answerCoApproval',
          by: { kind: 'staff', id: 'rf', name: '人防赵', department: '市人民防空办公室', roles: ['承办人'] },
          agree: true
        },
        t.clock.now
      );
      await command(handler, id, { type: 'consolidate', opinion: '各协办部门均同意' });
      await command(await t.as('chief'), id, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
      await command(await t.as('leader'), id, { type: 'decide', approve: true });
      await command(window, id, { type: 'deliver', method: 'online' });
      await command(window, id, { type: 'complete' });
      return { id, caseNumber: submitted.caseNumber };
    }

    it('the applicant rates their own completed case once; five levels in a fieldset; a bad rating needs a reason', async () => {
      const done = await completedPermit();
      const path = `/hall/cases/${done.id}/evaluation`;
      const visitor = await t.anonymous.page(path);
      expect(visitor.status).toBe(303);
      expect(visitor.headers.get('location')).toBe(`/hall/login?next=${encodeURIComponent(path)}`);

      const form = await ok(company.page(path));
      expect(form).toContain('<h1>服务评价</h1>');
      expect(form).toContain(done.caseNumber);
      expect(form).toContain(permit.name);
      expect(form).toContain('<fieldset class="group" aria-describedby="level-hint"><legend>您对这次办理的总体评价');
      for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
        expect(form).toContain(`${label}</label>`);
      expect(form.indexOf('value="5"')).toBeLessThan(form.indexOf('value="1"'));
      expect(form).toMatch(/<input type="radio" name="level" id="level" value="5" required=""\/>/);
      expect(form).toMatch(
        /<textarea id="reason" name="reason" rows="4" maxlength="500" aria-describedby="reason-hint">/
      );

      const before = await count('evaluations');
      const noLevel = await company.postForm(path, { reason: '<script>alert(1)</script>' });
      expect(noLevel.status).toBe(400);
      expect(noLevel.body).toContain('<a href="#level">请选择评价等级</a>');
      expect(noLevel.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
      expect(noLevel.body).not.toContain('<script>alert(1)');

      const noReason = await company.postForm(path, { level: '2', reason: '  ' });
      expect(noReason.status).toBe(422);
      expect(noReason.body).toContain('<a href="#reason">选择“不满意”或“非常不满意”时，请写明原因。</a>');
      expect(noReason.body).toMatch(/id="level-2" value="2" checked="" required=""/);
      expect(noReason.body).toMatch(
        /<textarea id="reason" name="reason" rows="4" maxlength="500" required="" aria-describedby="reason-hint reason-error" aria-invalid="true">/
      );
      const forged = await (await withoutCsrf(companyLogin)).postForm(path, { level: '5' });
      expect(forged.status).toBe(403);
      expect(await count('evaluations')).toBe(before);

      const rated = await company.postForm(path, { level: '2', reason: '补正要求反复，跑了三趟。' });
      expect(rated.status, rated.body).toBe(303);
      expect(rated.headers.get('location')).toBe(`${path}?done=rated`);
      const given = await ok(company.page(`${path}?done=rated`));
      for (const text of ['感谢您的评价', '<strong>不满意</strong>', '补正要求反复，跑了三趟。', `${housing}须于`])
        expect(given, text).toContain(text);
      expect(given).not.toContain('name="level"');

      const twice = await company.postForm(path, { level: '5' });
      expect(twice.status).toBe(409);
      expect(twice.body).toContain('这个办件已经评价过了');
      expect(await count('evaluations')).toBe(before + 1);
    });

    it("another applicant's case, or no case at all, is a 404; a case not yet completed cannot be rated", async () => {
      const done = await completedPermit();
      const path = `/hall/cases/${done.id}/evaluation`;
      const theirs = await person.page(path);
      expect(theirs.status).toBe(404);
      expect(theirs.body).toContain('找不到这个办件');
      expect(theirs.body).not.toContain(done.caseNumber);
      expect((await person.postForm(path, { level: '5' })).status).toBe(404);
      expect((await person.postForm(path, { level: '' })).status).toBe(404);
      expect((await company.page('/hall/cases/00000000-0000-4000-8000-000000000000/evaluation')).status).toBe(404);
      expect((await company.page('/hall/cases/not-a-case/evaluation')).status).toBe(404);
      expect((await company.postForm('/hall/cases/not-a-case/evaluation', { level: '5' })).status).toBe(404);

      const pending = await ok(
        company.post('/api/hall/cases', { matterCode: permit.code, channel: 'express', answers: answersFor(permit) }),
        201
      );
      const waiting = await ok(company.page(`/hall/cases/${pending.id}/evaluation`));
      expect(waiting).toContain('办件办结后才能评价');
      expect(waiting).not.toContain('name="level"');
      const early = await company.postForm(`/hall/cases/${pending.id}/evaluation`, { level: '5' });
      expect(early.status).toBe(409);
      expect(early.body).toContain('办件办结后才能评价');
    });
  });
});
