/** @jsxImportSource hono/jsx */
import { readFileSync } from 'node:fs';
import { Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { GuidePage } from './GuidePage.tsx';

const golden = (code: string) =>
  Definition.parse(
    JSON.parse(readFileSync(new URL(`../../../../../tests/golden/examples/${code}.json`, import.meta.url), 'utf8'))
  );
/** examples/01-minimal.matter: a public service that states no visits, no fees and no extension. */
const minimal = golden('11990100MB000006XP399110600100001');
/** examples/13-immediate-hours.matter: an immediate matter, promised in hours, legal limit in workdays. */
const immediate = golden('11990100MB0000027F399071301300001');
/** examples/09-limits-and-steps.matter: a licence with its own extension written. */
const licence = golden('11990100MB0000019L399011700300001');
/** examples/42-channel-steps.matter: `审查 "现场核验原件" 由 窗口 当日 仅 现场`. */
const windowCheck = golden('11990100MB000006XP399070602500001');

async function render(definition: Definition): Promise<string> {
  const html = await (<GuidePage definition={definition} version={1} publishedAt={0} />).toString();
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('the guide prints only what the author wrote or the law fixes', () => {
  it('no visits, no fees and no extension when the matter says nothing of them', async () => {
    expect(minimal.visits).toBeUndefined();
    expect(minimal.fees).toBeUndefined();
    expect(minimal.limits.extensionFromLaw).toBe(true);
    const text = await render(minimal);
    expect(text).not.toContain('到现场次数');
    expect(text).not.toContain('收费');
    expect(text).not.toContain('可延长');
    expect(text).toContain('法定时限 5 个工作日');
  });

  it("a licence's extension, when not written, as the law's, citing Art. 42", async () => {
    const { extension: _written, extensionBasis: _basis, ...limits } = licence.limits;
    const text = await render({
      ...licence,
      limits: { ...limits, extension: { amount: 10, unit: 'workdays' }, extensionFromLaw: true }
    });
    expect(text).toContain('可延长 依照《中华人民共和国行政许可法》第四十二条，经本机关负责人批准，可延长 10 个工作日');
  });

  it('the visits and fees the matter states, even 0 and free', async () => {
    const text = await render({
      ...minimal,
      visits: { count: 0 },
      fees: { free: true, items: [], onlinePayment: false }
    });
    expect(text).toContain('到现场次数 0 次');
    expect(text).toContain('收费 不收费。');
  });

  it('the legal limit of an immediate matter beside its promise in hours', async () => {
    const text = await render(immediate);
    expect(text).toContain('法定时限 3 个工作日');
    expect(text).toContain('即办 材料齐全当场办结（2 个工作小时内）');
  });

  it('a paper material without a number of copies prints none', async () => {
    const material = {
      id: '申请表',
      title: '施工许可申请表',
      necessity: 'required' as const,
      paper: { form: 'original' as const },
      origin: { kind: 'applicant' as const },
      replaces: [],
      source: licence.source
    };
    const text = await render({ ...licence, materials: [material] });
    expect(text).toContain('纸质原件');
    expect(text).not.toContain('纸质原件 1 份');
  });
});

describe('待确认 in a previewed guide', () => {
  it('marks each entry whose value the author marked, and says what it means at the top', async () => {
    const source = { file: 'm.matter', line: 16, column: 28, endLine: 16, endColumn: 31 };
    const text = await render({
      ...licence,
      toConfirm: [
        { place: 'limits.promised', label: '时限 法定 20 工作日 承诺 7 工作日', source },
        { place: 'materials.items.申请表', label: '申请表', source }
      ]
    });
    expect(text).toContain(
      '本指南中标“（待确认）”的内容，原办事指南没有写明，还要向部门核实；核实前这个事项不能提交审批。'
    );
    expect(text).toContain('承诺时限 （待确认）');
    expect(text).toContain('申请材料 （待确认）');
    expect(text).not.toContain('法定时限 （待确认）');
    expect(await render(licence)).not.toContain('待确认');
  });
});

describe("the guide's 办理地点", () => {
  /** examples/40-department-places.matter: a matter that names no place of its own, its department two. */
  const placeless = golden('11990100MB0000110E300011110000001');
  const catalog = JSON.parse(
    readFileSync(new URL('../../../../../tests/golden/examples/catalog.json', import.meta.url), 'utf8')
  ) as { departments: Array<{ name: string; places?: Array<{ address: string; officeHours?: unknown[] }> }> };
  const places = catalog.departments.find(d => d.name === placeless.department.name)!.places!;

  it("are the department's, each with its own hours, when the matter names none", async () => {
    expect(placeless.places).toEqual([]);
    const html = await (
      <GuidePage definition={placeless} version={1} publishedAt={0} departmentPlaces={places as never} />
    ).toString();
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(
      '办理地点 示例市民中心 A 区 1 楼社保窗口（示例路 8 号）（办公时间：工作日 08:30—12:00、14:30—17:30）'
    );
    expect(text).toContain('示例市东区社保服务站（东兴路 3 号） ');
    expect(text).not.toContain('示例市东区社保服务站（东兴路 3 号）（办公时间');
  });

  it("are the matter's own when it names them, not its department's", async () => {
    const own = { ...placeless, places: ['示例市民中心 3 号窗口'] };
    const text = await (
      <GuidePage definition={own} version={1} publishedAt={0} departmentPlaces={places as never} />
    ).toString();
    expect(text).toContain('示例市民中心 3 号窗口');
    expect(text).not.toContain('社保服务站');
  });

  it('are left out when neither the matter nor its department names one', async () => {
    const html = await (<GuidePage definition={placeless} version={1} publishedAt={0} />).toString();
    expect(html).toContain('<h2>办理地点与咨询投诉</h2>');
    expect(html).not.toContain('<dt>办理地点');
  });
});

describe('the guide’s 办理流程 with a step taken on some channels only', () => {
  it('tells the applicant which applications pass it, and says nothing of that on the other steps', async () => {
    const text = await render(windowCheck);
    expect(text).toContain('现场核验原件（示例市民政局 窗口，当日；仅窗口递交的申请）');
    expect(text.match(/仅窗口递交的申请/g)).toHaveLength(1);
  });
});
