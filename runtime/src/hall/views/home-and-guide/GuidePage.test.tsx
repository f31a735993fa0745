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
