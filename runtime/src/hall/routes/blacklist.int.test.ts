import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../web/session-middleware.ts';
import { createSession, createApplicant } from '../../accounts/index.ts';
import { testCreditCode } from '../../testing/accounts.ts';
import { decideAppeal } from '../../blacklist/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { confirmedFalseMaterials } from '../../testing/restrictions.ts';
import { submitted } from '../../testing/submissions.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const hostile = '"><script>alert(1)</script>';

describe.each(dbKinds)('the blacklist page (/hall/restriction) on %s', kind => {
  let t: TestApp;
  let serial = 0;

  beforeAll(async () => {
    t = await openTestApp(kind);
  });
  afterAll(async () => t?.close());

  async function as(login: string): Promise<Client> {
    const [user] = await t.store.db.query<{ id: string }>('select id from users where login = $1', [login]);
    const session = await createSession(t.store.db, user!.id, t.clock.now);
    return new Client(t.app, undefined, `${sessionCookieName}=${session.token}`, session.csrfToken);
  }

  /** An organisation with a case in which the housing bureau found false materials (named with markup). */
  async function restricted(): Promise<{ id: string; login: string; caseNumber: string; restrictionId: string }> {
    const n = 700 + serial++;
    const login = testCreditCode(n);
    const org = await createApplicant(t.store.db, {
      kind: 'organisation',
      name: `厦门市页面${n}有限公司`,
      creditCode: login,
      contactName: '张三',
      phone: '13800138000',
      password: 'abc12345'
    });
    const { caseId, caseNumber } = await submitted(t, permit, login);
    const recorded = await confirmedFalseMaterials(
      t.store.db,
      {
        caseId,
        department: '市住房和建设局',
        materials: ['营业执照副本<b>'],
        reason: `执照编号不存在 <img src=x onerror=alert(1)>`,
        calendar: t.services.calendar()
      },
      t.clock.now
    );
    return { id: org.id, login, caseNumber, restrictionId: recorded.restriction!.id };
  }

  it('asks to sign in; staff are sent to sign in as an applicant', async () => {
    const anonymous = await t.anonymous.page('/hall/restriction');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/hall/login?next=%2Fhall%2Frestriction');
    expect((await (await as('window')).page('/hall/restriction')).headers.get('location')).toContain('staff=1');
  });

  it('an applicant who is not restricted is told so, with what counts so far', async () => {
    const page = await (await as('11010519491231002X')).page('/hall/restriction');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).toContain('您目前没有被限制网上申请');
    expect(page.body).toContain('预约失约 0 次');
    expect(page.body).not.toContain('<form method="post" action="/hall/restriction/appeal"');
  });

  it('shows each ground with its dates, until when, the appeal deadline, and takes an appeal from the form', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await restricted();
    t.clock.set('2026-10-12 09:00');
    const client = await as(org.login);
    const page = await client.page('/hall/restriction');
    expect(page.status).toBe(200);
    for (const text of [
      '您已被列入网上办事黑名单，2027年9月29日 10:00前不能在网上提出办事申请',
      '提供虚假申请材料或信息（限制中）',
      `办件编号 ${org.caseNumber}`,
      '2026年9月29日 10:00 至 2027年9月29日 10:00',
      '2026年11月16日前（收到通知之日起 30 个工作日内）',
      '市住房和建设局认定',
      '提出申诉'
    ]) {
      expect(page.body, text).toContain(text);
    }
    // What staff typed is text, never markup.
    expect(page.body).toContain('营业执照副本&lt;b&gt;');
    expect(page.body).toContain('执照编号不存在 &lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('<form method="post" action="/hall/restriction/appeal">');
    expect(page.body).toMatch(/<input type="hidden" name="_csrf" value="[^"]+"\/?>/);
    expect(page.body).toContain(`name="restrictionId" value="${org.restrictionId}"`);

    // Without the page's token the post is refused.
    expect(
      (
        await client.postForm('/hall/restriction/appeal', {
          _csrf: 'forged',
          restrictionId: org.restrictionId,
          reason: '理由'
        })
      ).status
    ).toBe(403);
    const empty = await client.postForm('/hall/restriction/appeal', {
      restrictionId: org.restrictionId,
      reason: '   '
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain(`<a href="#reason-${org.restrictionId}">请写明申诉理由</a>`);
    expect(empty.body).toContain('aria-invalid="true"');
    const long = `${hostile}${'长'.repeat(2000)}`;
    const tooLong = await client.postForm('/hall/restriction/appeal', {
      restrictionId: org.restrictionId,
      reason: long
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toContain('申诉理由不能超过 2000 个字');
    expect(tooLong.body).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;长');
    expect(tooLong.body).not.toContain('<script>alert(1)');

    const posted = await client.postForm('/hall/restriction/appeal', {
      restrictionId: org.restrictionId,
      reason: `执照由代办公司提供，本公司不知情。${hostile}`
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/hall/restriction?done=appealed');
    const after = await client.page('/hall/restriction?done=appealed');
    expect(after.body).toContain('您的申诉已提交');
    expect(after.body).toContain('正在核实');
    expect(after.body).toContain('执照由代办公司提供，本公司不知情。&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(after.body).not.toContain('<script>alert(1)');
    expect(after.body).not.toContain('<form method="post" action="/hall/restriction/appeal">');
    const again = await client.postForm('/hall/restriction/appeal', {
      restrictionId: org.restrictionId,
      reason: '再申诉一次'
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain('每项限制只能申诉一次');
    const audited = await t.store.db.query<{ outcome: string }>(
      `select outcome from audit_log where action = 'restriction.appeal' and target = $1 order by id`,
      [org.restrictionId]
    );
    expect(audited.map(a => a.outcome)).toEqual(['ok', 'rejected']);

    // Someone else's restriction is not found.
    const other = await as('11010519491231002X');
    const foreign = await other.postForm('/hall/restriction/appeal', {
      restrictionId: org.restrictionId,
      reason: '冒名'
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toContain('找不到这项限制');

    // The decision shows on the page.
    const [appeal] = await t.store.db.query<{ id: string }>(
      'select id from restriction_appeals where restriction_id = $1',
      [org.restrictionId]
    );
    await decideAppeal(
      t.store.db,
      { id: appeal!.id, staffId: randomUUID(), lift: true, reasons: '经核实，申请人不知情，予以除名。<i>' },
      t.clock.now
    );
    const lifted = await client.page('/hall/restriction');
    expect(lifted.body).toContain('您目前没有被限制网上申请');
    expect(lifted.body).toContain('（已解除）');
    expect(lifted.body).toContain('申诉成立，已解除限制');
    expect(lifted.body).toContain('予以除名。&lt;i&gt;');
  });

  it('after 30 workdays the form is gone, and a post is refused with the deadline', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await restricted();
    t.clock.set('2026-11-17 09:00');
    const client = await as(org.login);
    const page = await client.page('/hall/restriction');
    expect(page.body).toContain('申诉期限已于2026年11月16日届满，不能再提出申诉');
    expect(page.body).not.toContain('<form method="post" action="/hall/restriction/appeal">');
    const late = await client.postForm('/hall/restriction/appeal', {
      restrictionId: org.restrictionId,
      reason: '晚了'
    });
    expect(late.status).toBe(409);
    expect(late.body).toContain('申诉期限已于2026年11月16日届满');
    const bogus = await client.postForm('/hall/restriction/appeal', { restrictionId: 'not-an-id', reason: '理由' });
    expect(bogus.status).toBe(400);
    expect(bogus.body).toContain('找不到要申诉的限制');
  });
});
