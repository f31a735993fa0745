import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { CasePage } from './case-page-schemas.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');

type Expected = { id: string; title: string; form: string; formLabel: string; copies: number };

describe.each(dbKinds)('the paper check, item by item, through the API on %s', kind => {
  let t: TestApp;
  let company: Client;
  let window: Client;
  let handler: Client;
  let planning: Client;
  let id: string;

  beforeAll(async () => {
    t = await openTestApp(kind);
    company = await t.as('91350100M000100Y43');
    window = await t.as('window');
    handler = await t.as('handler');
    planning = await t.as('planning');
    t.clock.set('2026-09-28 09:00');
    const answers = answersFor(permit);
    const created = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    const passed = await window.post(`/api/office/cases/${id}/commands`, { type: 'passPreReview' });
    expect(passed.status, JSON.stringify(passed.body)).toBe(200);
  });
  afterAll(async () => t?.close());

  const page = async (by: Client) => {
    const r = await by.get(`/api/office/cases/${id}/page`);
    expect(r.status).toBe(200);
    return CasePage.parse(r.body);
  };

  it('the window’s case page offers the check with each material and what the guide asks of its paper', async () => {
    const action = (await page(window)).actions.find(a => a.type === 'confirmPaper');
    expect(action?.ready).toBe(true);
    expect(action?.form.kind).toBe('paperCheck');
    const items = (action!.form as { items: Expected[] }).items;
    expect(items.find(i => i.id === '申请表')).toEqual({
      id: '申请表',
      title: '建筑工程施工许可证申请表',
      form: 'original',
      formLabel: '原件',
      copies: 1
    });
    expect(items.find(i => i.id === '施工合同')?.formLabel).toBe('原件或复印件');
    // Fetched as electronic licences: nothing on paper to check.
    expect(items.some(i => i.id === '用地批准' || i.id === '规划许可')).toBe(false);
    // The handler holds no post for the paper.
    expect((await page(handler)).actions.some(a => a.type === 'confirmPaper')).toBe(false);
  });

  it('a check that does not conform is refused with its findings in Chinese, and nothing changes', async () => {
    const before = await page(window);
    const items = (before.actions.find(a => a.type === 'confirmPaper')!.form as { items: Expected[] }).items;
    const checked = items.map(i => ({
      material: i.id,
      form: i.id === '申请表' ? 'copy' : 'original',
      copies: 1,
      matchesUpload: i.id !== '资金承诺'
    }));
    const r = await window.post(`/api/office/cases/${id}/commands`, { type: 'confirmPaper', items: checked });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('“建筑工程施工许可证申请表”应交原件，收到的是复印件');
    expect(r.body.error.message).toContain('“建设资金已经落实承诺书”纸质材料与网上提交的不一致');
    const after = await page(window);
    expect(after.status).toBe('awaitingPaper');
    expect(after.timeline.length).toBe(before.timeline.length);
  });

  it('malformed items are refused at the boundary, and another department cannot check the paper', async () => {
    const bad = await window.post(`/api/office/cases/${id}/commands`, {
      type: 'confirmPaper',
      items: [{ material: '申请表', form: 'scan', copies: -1, matchesUpload: 'yes' }]
    });
    expect(bad.status).toBe(400);
    const other = await planning.post(`/api/office/cases/${id}/commands`, { type: 'confirmPaper', items: [] });
    expect(other.status).toBe(403);
  });

  it('a check that conforms is recorded on each material of the case page', async () => {
    const items = ((await page(window)).actions.find(a => a.type === 'confirmPaper')!.form as { items: Expected[] })
      .items;
    const checked = items.map(i => ({
      material: i.id,
      form: i.form === 'copy' ? 'copy' : 'original',
      copies: i.copies + (i.id === '施工合同' ? 1 : 0),
      matchesUpload: true,
      ...(i.id === '施工合同' ? { note: '另附补充协议一份' } : {})
    }));
    const r = await window.post(`/api/office/cases/${id}/commands`, { type: 'confirmPaper', items: checked });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await page(handler);
    expect(after.status).toBe('preReviewed');
    const contract = after.materials.find(m => m.id === '施工合同')!;
    expect(contract.paperCheck).toMatchObject({
      form: 'original',
      formLabel: '原件',
      copies: 2,
      matchesUpload: true,
      note: '另附补充协议一份'
    });
    expect(contract.paperCheck!.by).toMatch(/^市住房和建设局 /);
    expect(after.materials.find(m => m.id === '用地批准')!.paperCheck).toBeNull();
  });
});
