/** The big matter (~300 lines) edited in the warm benchmark: a joint construction permit with ~100 fields. */
import { applicantFields, conditionalMaterials, fieldPool, hoursText, limitOf, roles } from './building-blocks.ts';
import type { DepartmentSpec, FieldSpec, MaterialSpec, MatterSpec } from './matter-spec.ts';
import { chance, int, pick, type Random } from './random.ts';

const bigTopics = [
  '建设工程',
  '施工',
  '监理',
  '勘察',
  '设计',
  '消防',
  '人防',
  '节能',
  '绿色建筑',
  '质量',
  '安全生产',
  '环境保护',
  '规划',
  '用地',
  '资金',
  '劳务',
  '机械设备',
  '深基坑',
  '幕墙',
  '装配式建筑'
];
const bigDocuments = ['合同', '证明', '报告', '方案', '承诺书', '审查意见', '备案表', '登记表', '许可文件', '资料'];
const bigAttributes: Array<[string, string, string?]> = [
  ['负责人', '文本'],
  ['联系电话', '电话'],
  ['金额', '金额', '万元'],
  ['日期', '日期'],
  ['面积', '数字', '平方米'],
  ['说明', '文本']
];

export function bigMatter(
  department: DepartmentSpec,
  others: DepartmentSpec[],
  rng: Random,
  fields = 104,
  materialCount = 144
): MatterSpec {
  const base = fieldPool.filter(f =>
    ['项目名称', '项目地址', '项目类型', '合同价格', '涉及消防', '委托代理', '计划开工日期'].includes(f.name)
  );
  const form: FieldSpec[] = [...applicantFields, ...base];
  for (const topic of bigTopics) {
    for (const [attribute, kind, unit] of bigAttributes) {
      if (form.length >= fields) break;
      form.push({
        name: `${topic}${attribute}`,
        kind,
        ...(unit ? { unit } : {}),
        ...(chance(rng, 0.3) ? { required: true } : {})
      });
    }
  }
  const materials: MaterialSpec[] = [
    {
      id: '申请表',
      title: '建筑工程施工许可申请表',
      template: 'c12-1-申请表.docx',
      sample: 'c12-1-申请表示例.pdf',
      paper: { form: '原件', copies: 1 },
      paperSize: 'A4',
      scan: { maxPages: 3 },
      necessity: '必要',
      note: '申请表须由建设单位法定代表人签字并加盖公章'
    },
    {
      id: '营业执照',
      title: '营业执照',
      source: { kind: '电子证照', licence: '营业执照', issuer: '市市场监督管理局' }
    },
    ...conditionalMaterials
      .filter(c => c.needs.every(n => form.some(f => f.name === n)))
      .map(c => structuredClone(c.material))
  ];
  outer: for (const topic of bigTopics) {
    for (const document of bigDocuments) {
      if (materials.length >= materialCount) break outer;
      const i = materials.length;
      if (materials.some(m => m.id === `${topic}${document}`)) continue;
      materials.push({
        id: `${topic}${document}`,
        title: `${topic}${document}（第${i}项）`,
        paper: { form: pick(rng, ['原件', '复印件', '原件或复印件'] as const), copies: int(rng, 1, 3) },
        ...(i % 3 === 0 ? { scan: { maxPages: int(rng, 1, 5) } } : {}),
        necessity: pick(rng, ['必要', '必要', '非必要', '容缺后补'] as const)
      });
    }
  }
  const coApprovers = others.slice(0, 3).map(d => ({ department: d.name, task: d.task, limit: limitOf(3) }));
  return {
    name: '建筑工程施工许可证核发（联合审批）',
    code: `${department.code}3${'101100200300'}01`,
    localCode: 'XMC12BIG01',
    type: '行政许可',
    department: department.name,
    level: department.level,
    basis: [
      '《中华人民共和国建筑法》第八条',
      '《建筑工程施工许可管理办法》第四条',
      '《厦门市建设工程质量安全管理条例》第十二条'
    ],
    conditions: '依法应当办理用地批准手续的，已经办理；已经取得建设工程规划许可证；施工场地已经基本具备施工条件。',
    serviceObjects: ['企业法人', '事业法人', '行政机关'],
    fees: {
      items: [{ name: '证书工本费', amount: 10, basis: '《福建省行政事业性收费目录清单》第十二项', waivable: true }],
      onlinePayment: true
    },
    places: ['厦门市思明区体育路95号厦门市行政服务中心A区12号窗口', '厦门市集美区行政服务中心8号窗口'],
    hours: hoursText,
    consultation: [
      { kind: '电话', value: department.phone },
      { kind: '网上', value: 'https://zwfw.xm.gov.cn/zxzx' }
    ],
    complaint: [
      { kind: '电话', value: '12345' },
      { kind: '邮箱', value: 'ts@xm.gov.cn' }
    ],
    result: {
      kind: '证照',
      name: '建筑工程施工许可证',
      validity: { amount: 3, unit: '年' },
      sample: '建筑工程施工许可证样本.pdf'
    },
    visits: { count: 1, reason: '现场核验原件' },
    onlineDepth: '三级',
    paper: { how: '现场提交或邮寄', goodRecordFirst: true },
    form,
    materials,
    submission: ['现场', '网上', '快递'],
    delivery: ['现场', '网上', '快递'],
    limits: { legal: limitOf(45), promised: limitOf(15), extension: limitOf(15) },
    steps: [
      { kind: '预审', by: roles.window, limit: limitOf(1) },
      { kind: '受理', by: roles.window, limit: '当日' },
      { kind: '审查', by: roles.handler, limit: limitOf(3) },
      { kind: '审查', label: '现场核查', by: roles.handler, limit: limitOf(2) },
      { kind: '并联', limit: limitOf(5), lead: department.name, coApprovers },
      { kind: '审核', by: roles.head, limit: limitOf(2) },
      { kind: '决定', by: roles.leader, limit: limitOf(2) },
      { kind: '送达', by: roles.window, limit: limitOf(5) }
    ],
    special: [
      { kind: '专家评审', max: limitOf(20) },
      { kind: '公示', max: limitOf(5) }
    ],
    supervision: { warningBefore: limitOf(2), correctionRounds: 1 }
  };
}
