import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredUploads } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { pdf } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const hygiene = byName('公共场所卫生许可');
const inspection = byName('民办非企业单位年度检查');
const annualReport = byName('企业年度报告公示');

/** A form's answers as a browser sends them: text, 是/否. */
function typed(definition: Definition, overrides: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(answersFor(definition)))
    fields[`answer.${name}`] = value === true ? '是' : value === false ? '否' : String(value);
  for (const [name, value] of Object.entries(overrides)) fields[`answer.${name}`] = value;
  return fields;
}

/** Posts the apply form as a browser without script: multipart, the files in it, the CSRF token as a field. */
async function postApply(
  client: Client,
  csrf: string,
  definition: Definition,
  fields: Record<string, string>,
  files: Record<string, Uint8Array | string> = {},
  keep: string[] = []
) {
  const form = new FormData();
  for (const k of keep) form.append('keep', k);
  form.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [material, content] of Object.entries(files))
    form.append(`file.${material}`, new File([Buffer.from(content)], `${material}.pdf`));
  return client.request<string>('POST', `/hall/matters/${definition.code}/apply`, form);
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const draftOf = (html: string) => /name="draft" value="([^"]+)"/.exec(html)![1]!;
/** The files a re-rendered form carries along, as the browser posts them back. */
const keptOf = (html: string) => [...html.matchAll(/name="keep" value="([^"]+)"/g)].map(m => m[1]!);

describe.each(dbKinds)('applying in the hall on %s', kind => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-10-12 10:00');
  });
  afterAll(async () => t?.close());

  it('sends an anonymous visitor to sign in and back', async () => {
    const response = await t.anonymous.page(`/hall/matters/${permit.code}/apply`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/hall/login?next=${encodeURIComponent(`/hall/matters/${permit.code}/apply`)}`
    );
  });

  it('generates the form from the definition, tells a person this matter is for organisations', async () => {
    const person = await t.as('11010519491231002X');
    const page = await person.page(`/hall/matters/${hygiene.code}/apply`);
    expect(page.status).toBe(200);
    for (const f of hygiene.form) expect(page.body).toContain(f.name);
    expect(page.body).toContain('name="answer.营业面积"');
    expect(page.body).toContain('单位：平方米');
    expect(page.body).toContain('<script type="module" src="/hall/hall.js">');
    expect(page.body).toContain('电子证照，无需上传');
    const forOrganisations = await person.page(`/hall/matters/${permit.code}/apply`);
    expect(forOrganisations.body).toContain('本事项面向企业和其他组织');
  });

  it('deleting a draft says so only when it happened, and is audited either way (security-audit §1.14)', async () => {
    const person = await t.as('11010519491231002X');
    const company = await t.as('91350100M000100Y43');
    const page = await person.page(`/hall/matters/${hygiene.code}/apply`);
    const saved = await postApply(person, csrfOf(page.body), hygiene, {
      draft: draftOf(page.body),
      intent: 'save',
      ...typed(hygiene)
    });
    expect(saved.status).toBe(303);
    const draft = draftOf(page.body);
    // Another applicant cannot delete it, and is not told it was deleted.
    const other = await company.postForm(`/hall/drafts/${draft}/delete`, {});
    expect(other.headers.get('location')).toBe('/hall/my?done=not-deleted');
    expect((await company.page('/hall/my?done=not-deleted')).body).toContain('没有删除任何内容');
    expect(await t.store.db.query('select 1 from application_drafts where id = $1', [draft])).toHaveLength(1);
    const own = await person.postForm(`/hall/drafts/${draft}/delete`, {});
    expect(own.headers.get('location')).toBe('/hall/my?done=deleted');
    expect(await t.store.db.query('select 1 from application_drafts where id = $1', [draft])).toHaveLength(0);
    const lines = await t.store.db.query<{ actor_id: string; outcome: string }>(
      `select actor_id, outcome from audit_log where action = 'draft.delete' and target = $1 order by id`,
      [draft]
    );
    expect(lines).toEqual([
      { actor_id: company.principal!.id, outcome: 'denied' },
      { actor_id: person.principal!.id, outcome: 'ok' }
    ]);
  });

  it('keeps a draft, shows every error at once with what was typed, escaped, and loses nothing', async () => {
    const person = await t.as('11010519491231002X');
    const page = await person.page(`/hall/matters/${hygiene.code}/apply`);
    const csrf = csrfOf(page.body);
    const draft = draftOf(page.body);
    const saved = await postApply(person, csrf, hygiene, {
      draft,
      intent: 'save',
      'answer.单位名称': '<script>alert(1)</script>宾馆'
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/hall/matters/${hygiene.code}/apply?draft=${draft}&done=saved`);
    const back = await person.page(saved.headers.get('location')!);
    expect(back.body).toContain('草稿已保存');
    expect(back.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;宾馆');
    expect(back.body).not.toContain('<script>alert(1)');
    expect((await person.page('/hall/my')).body).toContain(hygiene.name);

    const wrong = await postApply(person, csrf, hygiene, {
      draft,
      intent: 'submit',
      channel: 'online',
      delivery: 'online',
      ...typed(hygiene, {
        联系电话: '12345',
        营业面积: '二百',
        负责人身份证号: '110105194912310021',
        单位名称: '<b>宾馆</b>'
      })
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('class="error-summary"');
    const phone = hygiene.form.findIndex(f => f.name === '联系电话');
    expect(wrong.body).toContain(`<a href="#f${phone}">“联系电话”请填写 11 位手机号码`);
    expect(wrong.body).toContain('value="12345"');
    expect(wrong.body).toContain('“营业面积”请填写数字（单位：平方米）');
    expect(wrong.body).toContain('不是有效的 18 位居民身份证号码');
    expect(wrong.body).toContain('&lt;b&gt;宾馆&lt;/b&gt;');
    // Required materials for an online application, by the answers: no files yet.
    expect(wrong.body).toContain('请上传“公共场所卫生许可证申请表”');
  });

  it('changes the materials list with the answers: the air-conditioning report, the commitment letter standing in', async () => {
    const person = await t.as('11010519491231002X');
    const page = await person.page(`/hall/matters/${hygiene.code}/apply`);
    const refreshed = await postApply(person, csrfOf(page.body), hygiene, {
      draft: draftOf(page.body),
      intent: 'refresh',
      ...typed(hygiene, { 使用集中空调通风系统: '是', 选择告知承诺: '是' })
    });
    expect(refreshed.status).toBe(200);
    const box = (id: string) =>
      new RegExp(
        `<div class="material" id="m${hygiene.materials.findIndex(m => m.id === id)}-box" data-material="m\\d+"( hidden="")?>`
      ).exec(refreshed.body)?.[1];
    expect(box('空调检测报告')).toBeUndefined();
    expect(box('承诺书')).toBeUndefined();
    expect(box('检测报告')).toBe(' hidden=""');
    expect(refreshed.body).toContain('已由“公共场所卫生许可告知承诺书”代替');
  });

  it('refuses a file of the wrong type and a scan over its page limit, naming the material', async () => {
    const person = await t.as('11010519491231002X');
    const page = await person.page(`/hall/matters/${hygiene.code}/apply`);
    const response = await postApply(
      person,
      csrfOf(page.body),
      hygiene,
      { draft: draftOf(page.body), intent: 'save', ...typed(hygiene) },
      { 申请表: 'just text, not a pdf', 平面图: pdf(6) }
    );
    expect(response.status).toBe(422);
    expect(response.body).toContain('“公共场所卫生许可证申请表”：只接受');
    expect(response.body).toContain('扫描件最多 5 页，“平面图.pdf”有 6 页');
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(pdf(1));
    const tooBig = await postApply(
      person,
      csrfOf(response.body),
      hygiene,
      { draft: draftOf(page.body), intent: 'save', ...typed(hygiene) },
      { 申请表: big }
    );
    expect(tooBig.status).toBe(422);
    expect(tooBig.body).toContain('“公共场所卫生许可证申请表”：文件过大：单个文件不能超过 20 MB');
    expect(tooBig.body).toContain(`value="${typed(hygiene)['answer.单位名称']}"`);
  });

  it("a draft id that is another applicant's is never written over: what was typed goes to a draft of one's own", async () => {
    const person = await t.as('11010519491231002X');
    const company = await t.as('91350100M000100Y43');
    const theirs = await company.page(`/hall/matters/${hygiene.code}/apply`);
    const saved = await postApply(company, csrfOf(theirs.body), hygiene, {
      draft: draftOf(theirs.body),
      intent: 'save',
      'answer.单位名称': '公司的草稿'
    });
    expect(saved.status).toBe(303);
    const mine = await person.page(`/hall/matters/${hygiene.code}/apply`);
    const forged = await postApply(person, csrfOf(mine.body), hygiene, {
      draft: draftOf(theirs.body),
      intent: 'save',
      'answer.单位名称': '个人改写'
    });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).not.toContain(draftOf(theirs.body));
    const [row] = await t.store.db.query<{ name: string }>(
      `select answers->>'单位名称' as name from application_drafts where id = $1`,
      [draftOf(theirs.body)]
    );
    expect(row!.name).toBe('公司的草稿');
  });

  it('a missing CSRF field is refused and nothing is stored', async () => {
    const login = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: '11010519491231002X', password: 'banshi-demo-2026' })
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const form = new FormData();
    form.append('intent', 'save');
    form.append('answer.单位名称', '不该保存');
    const response = await t.app.request(`/hall/matters/${hygiene.code}/apply`, {
      method: 'POST',
      headers: { cookie },
      body: form
    });
    expect(response.status).toBe(403);
    const drafts = await t.store.db.query(`select 1 from application_drafts where answers->>'单位名称' = '不该保存'`);
    expect(drafts).toEqual([]);
    // The same form with its CSRF field (no header, as a browser without script sends it) is taken.
    const page = await t.app.request(`/hall/matters/${hygiene.code}/apply`, { headers: { cookie } });
    form.append('_csrf', csrfOf(await page.text()));
    const taken = await t.app.request(`/hall/matters/${hygiene.code}/apply`, {
      method: 'POST',
      headers: { cookie },
      body: form
    });
    expect(taken.status).toBe(303);
  });

  it('an organisation applies with uploads, gets a receipt, fixes a correction in the same case, and follows it', async () => {
    const company = await t.as('91350100M000100Y43');
    const page = await company.page(`/hall/matters/${permit.code}/apply`);
    expect(page.status).toBe(200);
    const files = Object.fromEntries(requiredUploads(permit, answersFor(permit)).map(m => [m.id, pdf(1)]));
    const submitted = await postApply(
      company,
      csrfOf(page.body),
      permit,
      { draft: draftOf(page.body), intent: 'submit', channel: 'online', delivery: 'express', ...typed(permit) },
      files
    );
    expect(submitted.status, /<div class="error-summary"[\s\S]*?<\/div>/.exec(submitted.body)?.[0]).toBe(303);
    const receiptAt = submitted.headers.get('location')!;
    const caseId = /\/hall\/cases\/([0-9a-f-]{36})\/receipt/.exec(receiptAt)![1]!;
    const receipt = await company.page((await company.page(receiptAt)).headers.get('location')!);
    expect(receipt.body).toContain('申请材料收件回执');
    const number = /统一审批编码为 ([0-9A-Z]+)/.exec(receipt.body)![1]!;
    // Files sent with the form are in the audit log like the API's uploads (security-audit §1.14).
    const audited = await t.store.db.query<{ target: string }>(
      `select target from audit_log where action = 'file.upload' and actor_id = $1 and outcome = 'ok'`,
      [company.principal!.id]
    );
    const stored = await t.store.db.query<{ id: string }>('select id from files where case_id = $1', [caseId]);
    expect(stored.length).toBe(Object.keys(files).length);
    expect(audited.map(a => a.target)).toEqual(expect.arrayContaining(stored.map(f => f.id)));

    // The same draft posted again (a double click) makes no second case.
    const again = await postApply(company, csrfOf(page.body), permit, {
      draft: draftOf(page.body),
      intent: 'submit',
      channel: 'online',
      delivery: 'express',
      ...typed(permit)
    });
    expect(again.headers.get('location')).toBe(receiptAt);
    const cases = await t.store.db.query<{ n: number }>(
      'select count(*)::int as n from cases where applicant_id = $1 and matter_code = $2',
      [company.principal!.id, permit.code]
    );
    expect(cases[0]!.n).toBe(1);

    const window = await t.as('window');
    expect(
      (
        await window.post(`/api/office/cases/${caseId}/commands`, {
          type: 'requestCorrection',
          items: ['申请表缺少盖章', '施工合同缺第 3 页']
        })
      ).status
    ).toBe(200);
    const correcting = await company.page(`/hall/cases/${caseId}`);
    expect(correcting.body).toContain('需要补正');
    expect(correcting.body).toContain('申请表缺少盖章');
    expect(correcting.body).toContain('施工合同缺第 3 页');
    expect(correcting.body).toContain(number);
    const mine = await company.page('/hall/my');
    expect(mine.body).toContain('待补正（请补正）');

    const fix = new FormData();
    fix.append('_csrf', csrfOf(correcting.body));
    fix.append(`file.${permit.materials[0]!.id}`, new File([Buffer.from(pdf(1))], '盖章申请表.pdf'));
    const resubmitted = await company.request<string>('POST', `/hall/cases/${caseId}/resubmit`, fix);
    expect(resubmitted.status).toBe(303);
    const after = await company.page(resubmitted.headers.get('location')!);
    expect(after.body).toContain('补正材料已提交');
    expect(after.body).not.toContain('补正并重新提交');
    expect(after.body).toContain('盖章申请表.pdf');
    // A forged file reference in a correction is ignored, not a server error.
    const forged = await company.postForm(`/hall/cases/${caseId}/resubmit`, {
      add: `${permit.materials[0]!.id}:not-a-uuid`
    });
    expect(forged.status, forged.body.slice(0, 300)).not.toBe(500);

    // Another applicant learns nothing of it.
    const person = await t.as('11010519491231002X');
    expect((await person.page(`/hall/cases/${caseId}`)).status).toBe(404);
  });

  it('express submission: the pickup address is asked for, and the receipt and the window both have the pickup order', async () => {
    const company = await t.as('91350100M000100Y43');
    const page = await company.page(`/hall/matters/${permit.code}/apply`);
    expect(page.body).toContain('取件联系电话');
    // The window's channel is not offered: the window enters on-site cases (office-audit problem 6), and one sent anyway is refused.
    expect(page.body).not.toContain('name="channel" value="onSite"');
    expect(page.body).toContain('由窗口工作人员当场录入');
    const declared = await postApply(company, csrfOf(page.body), permit, {
      draft: draftOf(page.body),
      intent: 'submit',
      channel: 'onSite',
      delivery: 'onSite',
      ...typed(permit)
    });
    expect(declared.status).toBe(422);
    expect(declared.body).toContain('<a href="#channel">请选择递交方式</a>');
    const missing = await postApply(company, csrfOf(page.body), permit, {
      draft: draftOf(page.body),
      intent: 'submit',
      channel: 'express',
      delivery: 'onSite',
      ...typed(permit),
      'pickup.phone': '123'
    });
    expect(missing.status).toBe(422);
    for (const text of [
      '<a href="#pickupAddress">请填写取件地址</a>',
      '<a href="#pickupContact">请填写取件联系人</a>',
      '<a href="#pickupPhone">取件联系电话请填写 11 位手机号码或带区号的固定电话</a>'
    ])
      expect(missing.body).toContain(text);
    expect(missing.body).toContain('value="123"');
    const sent = await postApply(company, csrfOf(page.body), permit, {
      draft: draftOf(page.body),
      intent: 'submit',
      channel: 'express',
      delivery: 'onSite',
      ...typed(permit),
      'pickup.address': '厦门市思明区示例路 1 号',
      'pickup.contact': '王五',
      'pickup.phone': '13800000002'
    });
    expect(sent.status, /<div class="error-summary"[\s\S]*?<\/div>/.exec(sent.body)?.[0]).toBe(303);
    const caseId = /\/hall\/cases\/([0-9a-f-]{36})\/receipt/.exec(sent.headers.get('location')!)![1]!;
    const receipt = await company.page(`/hall/cases/${caseId}/notices/0`);
    expect(receipt.body).toMatch(/快递寄件单号 JJ[0-9A-Z]+：快递员将到 厦门市思明区示例路 1 号 取件，寄往 /);
    const detail = await (await t.as('window')).get(`/api/office/cases/${caseId}`);
    expect(detail.body).toMatchObject({
      channel: 'express',
      preferredDelivery: 'onSite',
      pickup: {
        address: '厦门市思明区示例路 1 号',
        contact: '王五',
        phone: '13800000002',
        orderNumber: expect.stringMatching(/^JJ/)
      }
    });
  });

  it('an organisation files its annual inspection (mode chosen) and a declaration with its signed commitment', async () => {
    t.clock.set('2026-03-10 10:00');
    const company = await t.as('91350100M000100Y43');
    const page = await company.page(`/hall/matters/${inspection.code}/apply`);
    expect(page.body).toContain('申报时间：每年 01-01 至 05-31');
    const files = Object.fromEntries(requiredUploads(inspection, answersFor(inspection)).map(m => [m.id, pdf(1)]));
    const noMode = await postApply(
      company,
      csrfOf(page.body),
      inspection,
      { draft: draftOf(page.body), intent: 'submit', channel: inspection.submission[0]!, ...typed(inspection) },
      files
    );
    expect(noMode.status).toBe(422);
    expect(noMode.body).toContain('<a href="#inspectionMode">请选择年检方式</a>');
    const kept = keptOf(noMode.body);
    expect(kept).toHaveLength(Object.keys(files).length);
    const filed = await postApply(
      company,
      csrfOf(noMode.body),
      inspection,
      {
        draft: draftOf(page.body),
        intent: 'submit',
        channel: inspection.submission[0]!,
        inspectionMode: 'written',
        delivery: inspection.delivery.find(x => x !== 'announcement')!,
        ...typed(inspection)
      },
      {},
      kept
    );
    expect(filed.status, /<div class="error-summary"[\s\S]*?<\/div>/.exec(filed.body)?.[0]).toBe(303);

    const report = await company.page(`/hall/matters/${annualReport.code}/apply`);
    expect(report.body).toContain(annualReport.declaration!.commitment);
    const reportFiles = Object.fromEntries(
      requiredUploads(annualReport, answersFor(annualReport)).map(m => [m.id, pdf(1)])
    );
    const unsigned = await postApply(
      company,
      csrfOf(report.body),
      annualReport,
      { draft: draftOf(report.body), intent: 'submit', channel: 'online', ...typed(annualReport) },
      reportFiles
    );
    expect(unsigned.status).toBe(422);
    expect(unsigned.body).toContain('请阅读并签署承诺');
    const signed = await postApply(
      company,
      csrfOf(report.body),
      annualReport,
      {
        draft: draftOf(report.body),
        intent: 'submit',
        channel: 'online',
        commitment: 'yes',
        delivery: annualReport.delivery.find(x => x !== 'announcement') ?? '',
        ...typed(annualReport)
      },
      {},
      keptOf(unsigned.body)
    );
    expect(signed.status, /<div class="error-summary"[\s\S]*?<\/div>/.exec(signed.body)?.[0]).toBe(303);
    t.clock.set('2026-10-12 10:00');
  });

  it('a blacklisted applicant is told why and may not apply online, before and on submission', async () => {
    const company = await t.as('91350100M000100Y43');
    const [found] = await t.store.db.query<{ case_id: string }>(
      'select case_id from cases where applicant_id = $1 and matter_code = $2',
      [company.principal!.id, permit.code]
    );
    const proposed = await (
      await t.as('handler')
    ).post(`/api/office/cases/${found!.case_id}/false-materials`, {
      materials: ['施工合同'],
      reason: '合同印章与登记不符',
      evidence: '与登记机关核对，合同备案号不存在'
    });
    expect(proposed.status).toBe(201);
    const { proposal } = proposed.body as { proposal: { id: string } };
    expect(
      (
        await (
          await t.as('chief')
        ).post(`/api/office/restriction-proposals/${proposal.id}/decide`, { confirm: true, reasons: '核实属实' })
      ).status
    ).toBe(200);
    const page = await company.page(`/hall/matters/${permit.code}/apply`);
    expect(page.body).toContain('您已被列入网上办事黑名单');
    expect(page.body).toContain('href="/hall/restriction"');
    const files = Object.fromEntries(requiredUploads(permit, answersFor(permit)).map(m => [m.id, pdf(1)]));
    const refused = await postApply(
      company,
      csrfOf(page.body),
      permit,
      { draft: draftOf(page.body), intent: 'submit', channel: 'online', delivery: 'express', ...typed(permit) },
      files
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('仍可到服务大厅窗口办理');
    expect(refused.body).toContain('虚假申请材料');
  });

  it('serves the script that checks forms with the same rules as the server', async () => {
    const response = await t.anonymous.page('/hall/hall.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.body).toContain('不是有效的 18 位居民身份证号码');
  });
});
