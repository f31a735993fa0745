/** The building blocks matters are made of: roles, form fields, materials, legal bases, places and limits. */
import type { DepartmentSpec, FieldSpec, LimitSpec, MaterialSpec } from './matter-spec.ts';
import { chance, int, pick, type Random } from './random.ts';

export const roles = { window: '窗口', handler: '承办人', head: '处室负责人', leader: '分管领导' } as const;

export const fieldPool: FieldSpec[] = [
  { name: '项目名称', kind: '文本', required: true },
  { name: '项目地址', kind: '地址', required: true },
  { name: '项目类型', kind: '选项', options: ['新建', '扩建', '改建'], required: true },
  { name: '合同价格', kind: '金额', unit: '万元', required: true },
  { name: '建筑面积', kind: '数字', unit: '平方米' },
  { name: '计划开工日期', kind: '日期' },
  { name: '涉及消防', kind: '是否', required: true },
  { name: '委托代理', kind: '是否' },
  { name: '从业人员数', kind: '数字', unit: '人' },
  { name: '注册资本', kind: '金额', unit: '万元' },
  { name: '经营范围', kind: '文本' },
  { name: '申请事由', kind: '文本' },
  { name: '经营场所面积', kind: '数字', unit: '平方米' },
  { name: '申请人类别', kind: '选项', options: ['个人', '单位'] }
];

export const changeKind: FieldSpec = {
  name: '变更类型',
  kind: '选项',
  options: ['名称变更', '地址变更', '法定代表人变更'],
  required: true
};

export const applicantFields: FieldSpec[] = [
  { name: '申请单位名称', kind: '文本', required: true },
  { name: '申请单位信用代码', kind: '统一社会信用代码', required: true },
  { name: '法定代表人', kind: '文本', required: true },
  { name: '法定代表人身份证号', kind: '身份证号' },
  { name: '联系人', kind: '文本', required: true },
  { name: '联系电话', kind: '电话', required: true },
  { name: '通讯地址', kind: '地址' }
];
export const personFields: FieldSpec[] = [
  { name: '申请人姓名', kind: '文本', required: true },
  { name: '申请人身份证号', kind: '身份证号', required: true },
  { name: '联系电话', kind: '电话', required: true },
  { name: '户籍地址', kind: '地址' },
  { name: '现居住地址', kind: '地址' }
];

/** Conditional materials: the fields their conditions need, and the material. */
export const conditionalMaterials: Array<{ needs: string[]; material: MaterialSpec }> = [
  {
    needs: ['委托代理'],
    material: {
      id: '授权委托书',
      title: '授权委托书及受托人身份证明',
      paper: { form: '原件', copies: 1 },
      when: { field: '委托代理' }
    }
  },
  {
    needs: ['涉及消防'],
    material: {
      id: '消防设计文件',
      title: '消防设计文件',
      paper: { form: '复印件', copies: 1 },
      scan: { maxPages: 5 },
      when: { field: '涉及消防' }
    }
  },
  {
    needs: ['合同价格'],
    material: {
      id: '施工合同',
      title: '施工合同',
      paper: { form: '复印件', copies: 1 },
      scan: {},
      when: { field: '合同价格', op: '>=', value: 100 }
    }
  },
  {
    needs: ['项目类型'],
    material: {
      id: '原建筑权属证明',
      title: '原建筑物权属证明',
      paper: { form: '原件或复印件', copies: 1 },
      when: {
        or: [
          { field: '项目类型', op: '=', value: '扩建' },
          { field: '项目类型', op: '=', value: '改建' }
        ]
      }
    }
  },
  {
    needs: ['合同价格', '委托代理'],
    material: {
      id: '资金到位证明',
      title: '建设资金已经落实承诺书',
      paper: { form: '原件', copies: 1 },
      when: { and: [{ field: '合同价格', op: '>=', value: 400 }, { not: { field: '委托代理' } }] }
    }
  },
  {
    needs: ['变更类型'],
    material: {
      id: '名称变更核准文件',
      title: '名称变更核准文件',
      scan: {},
      when: { field: '变更类型', op: '=', value: '名称变更' }
    }
  },
  {
    needs: ['计划开工日期'],
    material: {
      id: '开工条件说明',
      title: '施工场地已具备施工条件的说明',
      paper: { form: '原件', copies: 1 },
      when: { field: '计划开工日期', op: '<', value: '2026-07-01' }
    }
  },
  {
    needs: ['从业人员数', '涉及消防'],
    material: {
      id: '疏散预案',
      title: '人员疏散应急预案',
      paper: { form: '原件', copies: 1 },
      when: {
        or: [
          { field: '从业人员数', op: '>', value: 50 },
          { field: '涉及消防', op: '=', value: true }
        ]
      }
    }
  },
  {
    needs: ['申请人类别'],
    material: {
      id: '单位介绍信',
      title: '单位介绍信',
      paper: { form: '原件', copies: 1 },
      when: { field: '申请人类别', op: '=', value: '单位' }
    }
  }
];

export const basisPool = [
  '《中华人民共和国行政许可法》第二十九条',
  '《优化营商环境条例》第三十五条',
  '《福建省优化营商环境条例》第二十条',
  '《厦门经济特区优化营商环境条例》第十八条',
  '《政务服务事项实施清单编制规范》第四条',
  '《国务院关于加快推进政务服务标准化规范化便利化的指导意见》'
];
export const lawOf: Record<string, string> = {
  L: '《中华人民共和国行政许可法》第十二条',
  C: '《中华人民共和国行政许可法》第二十条',
  P: '《政务服务事项实施清单编制规范》第五条',
  F: '《优化营商环境条例》第四十条',
  A: '《社会团体登记管理条例》第二十八条',
  B: '《社会救助暂行办法》第十一条',
  R: '《中华人民共和国科学技术进步法》第八条',
  O: '《政务服务事项实施清单编制规范》第七条'
};

export const places = (department: DepartmentSpec, rng: Random) => {
  if (department.level === '省级')
    return [
      `福州市鼓楼区${pick(rng, ['五四路', '东街', '湖东路'])}${int(rng, 10, 300)}号福建省行政服务中心${int(rng, 1, 30)}号窗口`
    ];
  if (department.level === '县级')
    return [`厦门市${department.region}行政服务中心${int(rng, 1, 3)}楼${int(rng, 1, 40)}号窗口`];
  const main = `厦门市思明区体育路95号厦门市行政服务中心${pick(rng, ['A', 'B', 'C', 'D'])}区${int(rng, 1, 60)}号窗口`;
  return chance(rng, 0.3) ? [main, `厦门市集美区行政服务中心${int(rng, 1, 20)}号窗口`] : [main];
};

export const hoursText = '工作日上午9:00-12:00，下午13:00-17:00（法定节假日除外）';

export const limitOf = (amount: number, unit: '工作日' | '小时' = '工作日'): LimitSpec => ({ amount, unit });
export const limitAmount = (limit: LimitSpec) => (limit === '当日' ? 0 : limit.amount);
