/**
 * Generates a deterministic (seeded) catalogue of realistic, valid matters for the language benchmarks:
 *
 *   catalog/departments.matter   regions, ~30 departments (GB 32100 credit codes), the supervision defaults
 *   catalog/calendar-2026.matter the 2026 working-day calendar
 *   catalog/<dept>/<n>.matter    one matter per file, of varied shape
 *   editing/big.matter           one ~300-line matter, the file edited in the warm benchmark
 *
 * and, with `typescript: true`, the same information as TypeScript object literals (ts/…), type-checked by a
 * small set of interfaces, for the TypeScript compiler peer.
 *
 * Run it alone to write a catalogue you can look at: `node --import ./tools/node-polyfills.mjs --import tsx
 * tests/bench/generate-catalog.ts <dir> [--matters 1000] [--seed 20260301] [--typescript]`, then
 * `npm run -s banshi -- check <dir>/catalog <dir>/editing`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { creditCodeCheckChar } from '@banshi/definition/identifiers';

// ---------------------------------------------------------------------------------------------------------
// Randomness (mulberry32: small, fast, and the same on every machine)

export type Random = () => number;

export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Random, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const chance = (rng: Random, p: number) => rng() < p;
const pick = <T>(rng: Random, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
function sample<T>(rng: Random, items: readonly T[], count: number): T[] {
  return shuffle(rng, [...items]).slice(0, count);
}
const digits = (rng: Random, n: number) => Array.from({ length: n }, () => String(int(rng, 0, 9))).join('');

// ---------------------------------------------------------------------------------------------------------
// The specification of a matter: one structure, rendered as Matter and as TypeScript

type Level = '省级' | '市级' | '县级';
export type LimitSpec = { amount: number; unit: '工作日' | '小时' } | '当日';
type ConditionSpec =
  | { field: string; op?: string; value?: string | number | boolean }
  | { and: [ConditionSpec, ConditionSpec] }
  | { or: [ConditionSpec, ConditionSpec] }
  | { not: ConditionSpec };

interface RegionSpec {
  name: string;
  code: string;
  level: Level;
  parent?: string;
  ident: string;
}
interface DepartmentSpec {
  name: string;
  code: string;
  level: Level;
  region: string;
  slug: string;
  phone: string;
  complaintPhone: string;
  task: string;
  bases: BaseMatter[];
}
interface FieldSpec {
  name: string;
  kind: string;
  unit?: string;
  options?: string[];
  required?: boolean;
}
interface MaterialSpec {
  id: string;
  title?: string;
  template?: string;
  sample?: string;
  paper?: { form: '原件' | '复印件' | '原件或复印件'; copies?: number };
  paperSize?: 'A4' | 'A3';
  scan?: { maxPages?: number };
  necessity?: '必要' | '非必要' | '容缺后补';
  when?: ConditionSpec;
  source?:
    | { kind: '申请人自备' }
    | { kind: '电子证照'; licence: string; issuer?: string }
    | { kind: '中介机构'; provider?: string };
  replaces?: string[];
  note?: string;
}
type StepSpec =
  | { kind: '预审' | '受理' | '决定'; by: string; limit: LimitSpec }
  | { kind: '审查' | '审核' | '复核'; label?: string; by: string; limit: LimitSpec }
  | { kind: '送达'; by?: string; limit: LimitSpec }
  | {
      kind: '并联';
      limit: LimitSpec;
      lead: string;
      coApprovers: Array<{ department: string; task?: string; limit?: LimitSpec }>;
    }
  | { kind: '初审'; department: string; limit: LimitSpec; steps: StepSpec[] };

export interface MatterSpec {
  name: string;
  code: string;
  localCode?: string;
  type: string;
  department: string;
  level: Level;
  basis: string[];
  conditions?: string;
  serviceObjects: string[];
  fees:
    | '无'
    | { items: Array<{ name: string; amount: number; basis: string; waivable?: boolean }>; onlinePayment?: boolean };
  places: string[];
  hours?: string;
  consultation: Array<{ kind: string; value?: string }>;
  complaint: Array<{ kind: string; value?: string }>;
  result?: {
    kind: '证照' | '批文' | '其他';
    name: string;
    validity?: { amount: number; unit: '年' | '个月' | '日' } | '长期';
    sample?: string;
  };
  visits: { count: number; reason?: string };
  onlineDepth: '一级' | '二级' | '三级' | '四级';
  paper: '无需' | { how: '现场提交' | '邮寄' | '现场提交或邮寄'; goodRecordFirst?: boolean };
  form: FieldSpec[];
  materials: MaterialSpec[];
  submission: string[];
  delivery: string[];
  limits: { legal: LimitSpec; legalBasis?: string; promised: LimitSpec; extension?: LimitSpec };
  steps: StepSpec[];
  special?: Array<{ kind: string; max?: LimitSpec; basis?: string }>;
  supervision?: { warningBefore?: LimitSpec; correctionRounds?: number };
  inspection?: {
    modes: Array<{ kind: '书面' | '实地'; limit?: LimitSpec }>;
    joint: string[];
    window: [string, string];
    conclusions: string[];
    stages: Array<{ name: string; due?: string; limit?: LimitSpec }>;
  };
  declaration?: { period: string; due?: { date: string } | { daysAfterPeriod: number }; commitment: string };
}

// ---------------------------------------------------------------------------------------------------------
// Regions, departments and what each department does

const regions: RegionSpec[] = [
  { name: '福建省', code: '350000', level: '省级', ident: '福建省' },
  { name: '厦门市', code: '350200', level: '市级', parent: '福建省', ident: '厦门市' },
  { name: '思明区', code: '350203', level: '县级', parent: '厦门市', ident: '思明区' },
  { name: '海沧区', code: '350205', level: '县级', parent: '厦门市', ident: '海沧区' },
  { name: '湖里区', code: '350206', level: '县级', parent: '厦门市', ident: '湖里区' },
  { name: '集美区', code: '350211', level: '县级', parent: '厦门市', ident: '集美区' },
  { name: '同安区', code: '350212', level: '县级', parent: '厦门市', ident: '同安区' },
  { name: '翔安区', code: '350213', level: '县级', parent: '厦门市', ident: '翔安区' }
];

/** A base matter: `名称|类型|结果类型|结果名称`; 类型 L 许可, C 确认, P 公共服务, F 备案, A 年检, B 给付, R 奖励, O 其他. */
type BaseMatter = string;

const departmentTable: Array<[name: string, level: Level, region: string, task: string, bases: BaseMatter[]]> = [
  [
    '福建省交通运输厅',
    '省级',
    '福建省',
    '交通运输审查',
    [
      '道路运输经营许可|L|证照|道路运输经营许可证',
      '省际客运班线经营许可|L|证照|道路客运班线经营许可证',
      '危险货物水路运输从业资格认定|C|证照|危险货物水路运输从业资格证',
      '公路建设项目施工许可|L|批文|公路建设项目施工许可决定书',
      '港口经营许可|L|证照|港口经营许可证'
    ]
  ],
  [
    '福建省市场监督管理局',
    '省级',
    '福建省',
    '市场主体审查',
    [
      '食品生产许可|L|证照|食品生产许可证',
      '特种设备生产单位许可|L|证照|特种设备生产许可证',
      '检验检测机构资质认定|L|证照|检验检测机构资质认定证书',
      '计量标准器具核准|L|证照|计量标准考核证书'
    ]
  ],
  [
    '市发展和改革委员会',
    '市级',
    '厦门市',
    '投资项目审查',
    [
      '企业投资项目核准|L|批文|项目核准批复',
      '企业投资项目备案|F|其他|项目备案证明',
      '固定资产投资项目节能审查|L|批文|节能审查意见',
      '政府投资项目可行性研究报告审批|L|批文|可行性研究报告批复',
      '价格认定|P|其他|价格认定结论书',
      '粮食收购资格认定|L|证照|粮食收购许可证',
      '招标方案核准|L|批文|招标方案核准意见'
    ]
  ],
  [
    '市工业和信息化局',
    '市级',
    '厦门市',
    '工业和信息化审查',
    [
      '民用爆炸物品销售许可|L|证照|民用爆炸物品销售许可证',
      '无线电台执照核发|L|证照|无线电台执照',
      '技术改造项目备案|F|其他|技术改造项目备案证明',
      '新型墙体材料认定|C|证照|新型墙体材料认定证书',
      '工业企业技术中心认定|R|其他|企业技术中心认定通知',
      '软件企业认定|C|证照|软件企业证书',
      '通信建设项目审批|L|批文|通信建设项目批复'
    ]
  ],
  [
    '市教育局',
    '市级',
    '厦门市',
    '教育审查',
    [
      '民办学校设立|L|证照|民办学校办学许可证',
      '教师资格认定|C|证照|教师资格证书',
      '中外合作办学机构设立|L|批文|中外合作办学批复',
      '民办学校年度检查|A|其他|年度检查结论',
      '校外培训机构审批|L|证照|校外培训机构办学许可证',
      '学历证明书补办|P|其他|学历证明书',
      '普通话水平测试等级证书核发|P|证照|普通话水平测试等级证书'
    ]
  ],
  [
    '市科学技术局',
    '市级',
    '厦门市',
    '科技审查',
    [
      '高新技术企业认定|C|证照|高新技术企业证书',
      '技术合同认定登记|C|其他|技术合同登记证明',
      '科技型中小企业评价|C|其他|科技型中小企业入库登记编号',
      '外国人来华工作许可|L|证照|外国人工作许可证',
      '实验动物生产许可|L|证照|实验动物生产许可证',
      '科技成果登记|F|其他|科技成果登记证明',
      '新型研发机构认定|R|其他|新型研发机构认定通知'
    ]
  ],
  [
    '市公安局',
    '市级',
    '厦门市',
    '治安审查',
    [
      '居民身份证核发|P|证照|居民身份证',
      '户口迁移审批|L|批文|准予迁入证明',
      '旅馆业特种行业许可|L|证照|特种行业许可证',
      '公章刻制业特种行业许可|L|证照|特种行业许可证',
      '大型群众性活动安全许可|L|批文|安全许可决定书',
      '剧毒化学品购买许可|L|证照|剧毒化学品购买许可证',
      '保安服务公司设立许可|L|证照|保安服务许可证',
      '机动车登记|C|证照|机动车登记证书'
    ]
  ],
  [
    '市民政局',
    '市级',
    '厦门市',
    '民政审查',
    [
      '社会团体成立登记|L|证照|社会团体法人登记证书',
      '民办非企业单位成立登记|L|证照|民办非企业单位登记证书',
      '基金会设立登记|L|证照|基金会法人登记证书',
      '社会组织年度检查|A|其他|年度检查结论',
      '养老机构备案|F|其他|养老机构备案回执',
      '婚姻登记|C|证照|结婚证',
      '最低生活保障审核|B|其他|低保待遇通知书',
      '殡葬设施建设审批|L|批文|殡葬设施建设批复'
    ]
  ],
  [
    '市司法局',
    '市级',
    '厦门市',
    '司法行政审查',
    [
      '律师事务所设立|L|证照|律师事务所执业许可证',
      '律师执业许可|L|证照|律师执业证',
      '公证员执业审核|L|证照|公证员执业证',
      '司法鉴定机构登记|L|证照|司法鉴定许可证',
      '基层法律服务工作者执业核准|L|证照|法律服务工作者执业证',
      '法律援助申请|B|批文|给予法律援助决定书',
      '律师事务所年度检查|A|其他|年度检查考核结果'
    ]
  ],
  [
    '市人力资源和社会保障局',
    '市级',
    '厦门市',
    '人力资源审查',
    [
      '人力资源服务许可|L|证照|人力资源服务许可证',
      '劳务派遣经营许可|L|证照|劳务派遣经营许可证',
      '特殊工时制度审批|L|批文|特殊工时制度批复',
      '技工学校设立|L|证照|技工学校办学许可证',
      '职业技能等级认定|C|证照|职业技能等级证书',
      '失业保险金申领|B|其他|失业保险待遇核定表',
      '社会保险登记|C|其他|社会保险登记证明',
      '工伤认定|C|批文|工伤认定决定书'
    ]
  ],
  [
    '市自然资源和规划局',
    '市级',
    '厦门市',
    '规划条件核实',
    [
      '建设用地规划许可|L|证照|建设用地规划许可证',
      '建设工程规划许可|L|证照|建设工程规划许可证',
      '乡村建设规划许可|L|证照|乡村建设规划许可证',
      '不动产登记|C|证照|不动产权证书',
      '临时用地审批|L|批文|临时用地批复',
      '测绘资质审批|L|证照|测绘资质证书',
      '建设项目用地预审与选址意见书核发|L|证照|用地预审与选址意见书',
      '地质灾害治理工程资质审批|L|证照|地质灾害治理资质证书'
    ]
  ],
  [
    '市生态环境局',
    '市级',
    '厦门市',
    '环境影响评价审查',
    [
      '建设项目环境影响报告书审批|L|批文|环境影响报告书批复',
      '建设项目环境影响报告表审批|L|批文|环境影响报告表批复',
      '排污许可|L|证照|排污许可证',
      '危险废物经营许可|L|证照|危险废物经营许可证',
      '辐射安全许可|L|证照|辐射安全许可证',
      '环境影响登记表备案|F|其他|环境影响登记表备案回执',
      '放射性同位素转让审批|L|批文|放射性同位素转让批复'
    ]
  ],
  [
    '市住房和建设局',
    '市级',
    '厦门市',
    '建设工程审查',
    [
      '建筑工程施工许可证核发|L|证照|建筑工程施工许可证',
      '商品房预售许可|L|证照|商品房预售许可证',
      '建筑业企业资质核准|L|证照|建筑业企业资质证书',
      '房地产开发企业资质核定|L|证照|房地产开发企业资质证书',
      '燃气经营许可|L|证照|燃气经营许可证',
      '建设工程竣工验收备案|F|其他|竣工验收备案证明',
      '城市建筑垃圾处置核准|L|批文|建筑垃圾处置核准决定书',
      '物业服务企业备案|F|其他|物业服务企业备案回执',
      '建设工程消防验收|L|批文|消防验收意见书'
    ]
  ],
  [
    '市交通运输局',
    '市级',
    '厦门市',
    '交通运输审查',
    [
      '道路货物运输经营许可|L|证照|道路运输经营许可证',
      '出租汽车经营许可|L|证照|出租汽车经营许可证',
      '机动车维修经营备案|F|其他|机动车维修经营备案回执',
      '公路超限运输许可|L|证照|超限运输车辆通行证',
      '占用挖掘公路许可|L|批文|路政许可决定书',
      '巡游出租汽车驾驶员从业资格注册|C|证照|从业资格证',
      '道路运输车辆年度审验|A|其他|年度审验结论',
      '港口岸线使用审批|L|批文|港口岸线使用批复'
    ]
  ],
  [
    '市农业农村局',
    '市级',
    '厦门市',
    '农业审查',
    [
      '农药经营许可|L|证照|农药经营许可证',
      '兽药经营许可|L|证照|兽药经营许可证',
      '动物防疫条件合格证核发|L|证照|动物防疫条件合格证',
      '种子生产经营许可|L|证照|农作物种子生产经营许可证',
      '渔业捕捞许可|L|证照|渔业捕捞许可证',
      '农机驾驶证核发|L|证照|拖拉机和联合收割机驾驶证',
      '生猪定点屠宰厂设立审批|L|批文|生猪定点屠宰批复',
      '家庭农场名录登记|F|其他|家庭农场名录登记回执'
    ]
  ],
  [
    '市水利局',
    '市级',
    '厦门市',
    '水行政审查',
    [
      '取水许可|L|证照|取水许可证',
      '河道管理范围内建设项目审批|L|批文|河道建设项目批复',
      '水土保持方案审批|L|批文|水土保持方案批复',
      '洪水影响评价审批|L|批文|洪水影响评价批复',
      '水利工程质量检测单位资质认定|L|证照|水利工程质量检测单位资质证书',
      '农村集中供水工程备案|F|其他|供水工程备案回执'
    ]
  ],
  [
    '市商务局',
    '市级',
    '厦门市',
    '商务审查',
    [
      '对外贸易经营者备案|F|其他|对外贸易经营者备案登记表',
      '单用途商业预付卡备案|F|其他|预付卡备案回执',
      '拍卖企业设立许可|L|证照|拍卖经营批准证书',
      '成品油零售经营资格审批|L|证照|成品油零售经营批准证书',
      '酒类流通备案|F|其他|酒类流通备案登记表',
      '再生资源回收经营者备案|F|其他|再生资源回收备案回执',
      '外商投资企业设立信息报告|F|其他|外商投资信息报告回执'
    ]
  ],
  [
    '市文化和旅游局',
    '市级',
    '厦门市',
    '文化市场审查',
    [
      '旅行社业务经营许可|L|证照|旅行社业务经营许可证',
      '娱乐场所经营许可|L|证照|娱乐经营许可证',
      '营业性演出许可|L|批文|营业性演出批准文件',
      '网络文化经营许可|L|证照|网络文化经营许可证',
      '文物保护单位修缮审批|L|批文|文物修缮批复',
      '导游证核发|L|证照|导游证',
      '互联网上网服务营业场所经营许可|L|证照|网络文化经营许可证'
    ]
  ],
  [
    '市卫生健康委员会',
    '市级',
    '厦门市',
    '卫生学评价审查',
    [
      '医疗机构执业登记|L|证照|医疗机构执业许可证',
      '医师执业注册|L|证照|医师执业证书',
      '护士执业注册|L|证照|护士执业证书',
      '放射诊疗许可|L|证照|放射诊疗许可证',
      '饮用水供水单位卫生许可|L|证照|卫生许可证',
      '出生医学证明补发|P|证照|出生医学证明',
      '母婴保健技术服务执业许可|L|证照|母婴保健技术服务执业许可证',
      '计划生育家庭特别扶助金申领|B|其他|扶助金核定通知'
    ]
  ],
  [
    '市应急管理局',
    '市级',
    '厦门市',
    '安全条件审查',
    [
      '危险化学品经营许可|L|证照|危险化学品经营许可证',
      '烟花爆竹经营许可|L|证照|烟花爆竹经营许可证',
      '危险化学品建设项目安全条件审查|L|批文|安全条件审查意见书',
      '生产安全事故应急预案备案|F|其他|应急预案备案登记表',
      '非药品类易制毒化学品生产备案|F|其他|易制毒化学品备案证明',
      '特种作业操作证核发|L|证照|特种作业操作证'
    ]
  ],
  [
    '市市场监督管理局',
    '市级',
    '厦门市',
    '市场主体审查',
    [
      '企业设立登记|L|证照|营业执照',
      '企业变更登记|L|证照|营业执照',
      '企业注销登记|L|批文|准予注销登记通知书',
      '食品经营许可|L|证照|食品经营许可证',
      '药品零售企业许可|L|证照|药品经营许可证',
      '特种设备使用登记|C|证照|特种设备使用登记证',
      '工业产品生产许可|L|证照|工业产品生产许可证',
      '企业年度报告公示|F|其他|年度报告公示回执',
      '医疗器械经营备案|F|其他|医疗器械经营备案凭证'
    ]
  ],
  [
    '市医疗保障局',
    '市级',
    '厦门市',
    '医保审查',
    [
      '定点医药机构申请|L|批文|定点医药机构协议',
      '异地就医备案|F|其他|异地就医备案回执',
      '医疗费用手工报销|B|其他|医疗费用结算单',
      '门诊特殊病种待遇认定|C|其他|门诊特病待遇认定通知',
      '生育保险待遇核定|B|其他|生育保险待遇核定表',
      '医保关系转移接续|P|其他|参保凭证'
    ]
  ],
  [
    '市城市管理局',
    '市级',
    '厦门市',
    '市容审查',
    [
      '城市道路挖掘许可|L|批文|道路挖掘许可决定书',
      '户外广告设置许可|L|证照|户外广告设置许可证',
      '城市绿地占用审批|L|批文|绿地占用批复',
      '古树名木迁移审批|L|批文|古树名木迁移批复',
      '生活垃圾经营性清扫收集运输许可|L|证照|城市生活垃圾经营性服务许可证',
      '临时占用城市道路许可|L|批文|占道许可决定书'
    ]
  ],
  [
    '市消防救援支队',
    '市级',
    '厦门市',
    '消防设计审查',
    [
      '公众聚集场所投入使用营业前消防安全检查|L|证照|消防安全检查合格证',
      '消防设施维护保养检测机构备案|F|其他|消防技术服务机构备案回执',
      '大型活动消防安全检查|L|批文|消防安全检查意见书',
      '消防产品现场检查判定|C|其他|消防产品检查判定意见'
    ]
  ],
  [
    '市海洋发展局',
    '市级',
    '厦门市',
    '海域使用审查',
    [
      '海域使用权审批|L|证照|海域使用权证书',
      '无居民海岛开发利用审批|L|批文|无居民海岛开发利用批复',
      '海洋工程建设项目环境影响报告书核准|L|批文|海洋环评核准意见',
      '渔业船舶登记|C|证照|渔业船舶登记证书',
      '水产苗种生产许可|L|证照|水产苗种生产许可证'
    ]
  ],
  [
    '市体育局',
    '市级',
    '厦门市',
    '体育审查',
    [
      '高危险性体育项目经营许可|L|证照|高危险性体育项目经营许可证',
      '体育类民办非企业单位业务主管审查|O|批文|业务主管单位审查意见',
      '举办健身气功活动审批|L|批文|健身气功活动批复',
      '运动员技术等级称号授予|R|证照|运动员技术等级证书',
      '社会体育指导员技术等级认定|C|证照|社会体育指导员证书'
    ]
  ],
  [
    '市退役军人事务局',
    '市级',
    '厦门市',
    '优抚审查',
    [
      '退役士兵安置|B|其他|安置通知书',
      '伤残等级评定|C|证照|残疾军人证',
      '优待证核发|P|证照|退役军人优待证',
      '烈士褒扬金发放|B|其他|褒扬金发放通知',
      '自主就业退役士兵一次性经济补助|B|其他|经济补助核定表'
    ]
  ],
  [
    '思明区市场监督管理局',
    '县级',
    '思明区',
    '市场主体审查',
    [
      '个体工商户设立登记|L|证照|个体工商户营业执照',
      '个体工商户变更登记|L|证照|个体工商户营业执照',
      '小餐饮登记|L|证照|小餐饮登记证',
      '食品小作坊登记|L|证照|食品小作坊登记证',
      '个体工商户年度报告|F|其他|年度报告回执',
      '农民专业合作社设立登记|L|证照|农民专业合作社营业执照'
    ]
  ],
  [
    '湖里区住房和建设局',
    '县级',
    '湖里区',
    '建设工程审查',
    [
      '小型建设工程施工许可|L|证照|建筑工程施工许可证',
      '房屋建筑工程竣工验收备案|F|其他|竣工验收备案证明',
      '住宅专项维修资金使用审核|O|批文|维修资金使用核准书',
      '限额以下建设工程备案|F|其他|建设工程备案回执',
      '保障性住房资格审核|C|批文|保障性住房资格审核意见',
      '房屋安全鉴定|P|其他|房屋安全鉴定报告'
    ]
  ],
  [
    '集美区卫生健康局',
    '县级',
    '集美区',
    '卫生学评价审查',
    [
      '诊所备案|F|其他|诊所备案凭证',
      '公共场所卫生许可|L|证照|公共场所卫生许可证',
      '乡村医生执业注册|L|证照|乡村医生执业证书',
      '托育机构备案|F|其他|托育机构备案回执',
      '生育登记|P|其他|生育登记服务单',
      '独生子女父母光荣证核发|P|证照|独生子女父母光荣证'
    ]
  ],
  [
    '海沧区民政局',
    '县级',
    '海沧区',
    '民政审查',
    [
      '临时救助|B|其他|临时救助审批表',
      '特困人员供养审核|B|其他|特困人员供养证明',
      '残疾人两项补贴|B|其他|补贴核定通知',
      '社区社会组织备案|F|其他|社区社会组织备案证明',
      '高龄津贴申领|B|其他|高龄津贴核定通知',
      '区级社会团体年度检查|A|其他|年度检查结论'
    ]
  ],
  [
    '同安区农业农村局',
    '县级',
    '同安区',
    '农业审查',
    [
      '农村宅基地审批|L|批文|农村宅基地批准书',
      '设施农业用地备案|F|其他|设施农业用地备案回执',
      '乡村兽医登记|L|证照|乡村兽医登记证',
      '农作物种子经营备案|F|其他|种子经营备案回执',
      '耕地地力保护补贴|B|其他|补贴发放通知',
      '农业机械报废更新补贴|B|其他|补贴核定通知'
    ]
  ],
  [
    '翔安区教育局',
    '县级',
    '翔安区',
    '教育审查',
    [
      '幼儿园设立|L|证照|民办学校办学许可证',
      '义务教育阶段入学登记|P|其他|入学通知书',
      '学生资助申请|B|其他|资助发放通知',
      '民办幼儿园年度检查|A|其他|年度检查结论',
      '适龄儿童延缓入学审批|L|批文|延缓入学批复',
      '教师资格定期注册|C|其他|定期注册合格证明'
    ]
  ]
];

const typeNames: Record<string, string> = {
  L: '行政许可',
  C: '行政确认',
  P: '公共服务',
  F: '备案',
  A: '年检',
  B: '行政给付',
  R: '行政奖励',
  O: '其他行政权力'
};
const itemsByType: Record<string, string[]> = {
  L: ['首次申请', '变更', '延续', '注销', '补证', '换证'],
  C: ['首次申请', '变更', '补办', '注销'],
  P: ['申请', '补办', '变更', '注销'],
  F: ['首次备案', '变更备案', '注销备案'],
  A: [],
  B: ['申请', '变更', '停止'],
  R: ['申报'],
  O: ['申请', '变更']
};
const levelDigit: Record<Level, string> = { 省级: '2', 市级: '3', 县级: '4' };
const levelSlug: Record<Level, string> = { 省级: 'p', 市级: 'c', 县级: 'd' };

/** GB 11714 organisation code check character for 8 body characters (digits here). */
function orgCodeCheck(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * weights[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function departmentsFrom(rng: Random): DepartmentSpec[] {
  const used = new Set<string>();
  return departmentTable.map(([name, level, region, task, bases], index) => {
    const regionCode = regions.find(r => r.name === region)!.code;
    let code: string;
    do {
      const body = digits(rng, 8);
      const first17 = `11${regionCode}${body}${orgCodeCheck(body)}`;
      code = first17 + creditCodeCheckChar(first17);
    } while (used.has(code));
    used.add(code);
    const area = level === '省级' ? '0591' : '0592';
    return {
      name,
      level,
      region,
      task,
      bases,
      code,
      slug: `${levelSlug[level]}${String(index + 1).padStart(2, '0')}`,
      phone: `${area}-${int(rng, 2, 8)}${digits(rng, 6)}`,
      complaintPhone: `${area}-${int(rng, 2, 8)}${digits(rng, 6)}`
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Building blocks of matters

const roles = { window: '窗口', handler: '承办人', head: '处室负责人', leader: '分管领导' } as const;

const fieldPool: FieldSpec[] = [
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

const changeKind: FieldSpec = {
  name: '变更类型',
  kind: '选项',
  options: ['名称变更', '地址变更', '法定代表人变更'],
  required: true
};

const applicantFields: FieldSpec[] = [
  { name: '申请单位名称', kind: '文本', required: true },
  { name: '申请单位信用代码', kind: '统一社会信用代码', required: true },
  { name: '法定代表人', kind: '文本', required: true },
  { name: '法定代表人身份证号', kind: '身份证号' },
  { name: '联系人', kind: '文本', required: true },
  { name: '联系电话', kind: '电话', required: true },
  { name: '通讯地址', kind: '地址' }
];
const personFields: FieldSpec[] = [
  { name: '申请人姓名', kind: '文本', required: true },
  { name: '申请人身份证号', kind: '身份证号', required: true },
  { name: '联系电话', kind: '电话', required: true },
  { name: '户籍地址', kind: '地址' },
  { name: '现居住地址', kind: '地址' }
];

/** Conditional materials: the fields their conditions need, and the material. */
const conditionalMaterials: Array<{ needs: string[]; material: MaterialSpec }> = [
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

const basisPool = [
  '《中华人民共和国行政许可法》第二十九条',
  '《优化营商环境条例》第三十五条',
  '《福建省优化营商环境条例》第二十条',
  '《厦门经济特区优化营商环境条例》第十八条',
  '《政务服务事项实施清单编制规范》第四条',
  '《国务院关于加快推进政务服务标准化规范化便利化的指导意见》'
];
const lawOf: Record<string, string> = {
  L: '《中华人民共和国行政许可法》第十二条',
  C: '《中华人民共和国行政许可法》第二十条',
  P: '《政务服务事项实施清单编制规范》第五条',
  F: '《优化营商环境条例》第四十条',
  A: '《社会团体登记管理条例》第二十八条',
  B: '《社会救助暂行办法》第十一条',
  R: '《中华人民共和国科学技术进步法》第八条',
  O: '《政务服务事项实施清单编制规范》第七条'
};

const places = (department: DepartmentSpec, rng: Random) => {
  if (department.level === '省级')
    return [
      `福州市鼓楼区${pick(rng, ['五四路', '东街', '湖东路'])}${int(rng, 10, 300)}号福建省行政服务中心${int(rng, 1, 30)}号窗口`
    ];
  if (department.level === '县级')
    return [`厦门市${department.region}行政服务中心${int(rng, 1, 3)}楼${int(rng, 1, 40)}号窗口`];
  const main = `厦门市思明区体育路95号厦门市行政服务中心${pick(rng, ['A', 'B', 'C', 'D'])}区${int(rng, 1, 60)}号窗口`;
  return chance(rng, 0.3) ? [main, `厦门市集美区行政服务中心${int(rng, 1, 20)}号窗口`] : [main];
};

const hoursText = '工作日上午9:00-12:00，下午13:00-17:00（法定节假日除外）';

const limitOf = (amount: number, unit: '工作日' | '小时' = '工作日'): LimitSpec => ({ amount, unit });
const limitAmount = (limit: LimitSpec) => (limit === '当日' ? 0 : limit.amount);

// ---------------------------------------------------------------------------------------------------------
// One matter

interface Candidate {
  department: DepartmentSpec;
  base: BaseMatter;
  baseIndex: number;
  item: string | undefined;
  itemIndex: number;
}

function matterFor(candidate: Candidate, departments: DepartmentSpec[], basicCode: string, rng: Random): MatterSpec {
  const { department, item } = candidate;
  const [baseName, typeLetter, resultKind, resultName] = candidate.base.split('|') as [
    string,
    string,
    '证照' | '批文' | '其他',
    string
  ];
  const type = typeNames[typeLetter]!;
  const name = item ? `${baseName}（${item}）` : baseName;
  const code = `${department.code}${levelDigit[department.level]}${basicCode}${String(candidate.itemIndex + 1).padStart(2, '0')}`;
  const forPersons =
    ['B', 'P'].includes(typeLetter) ||
    (/个体|居民|婚姻|户口|教师|医师|护士|律师执业|导游|驾驶|入学|生育|退役|伤残|优待|资助|救助|补贴|津贴|报销|备案登记表/.test(
      baseName
    ) &&
      !/企业|机构|单位|公司/.test(baseName));
  const immediate = ['P', 'C', 'F', 'B'].includes(typeLetter) && chance(rng, 0.4) && department.level !== '省级';
  const firstReview = department.level === '省级' && typeLetter === 'L' && chance(rng, 0.6);
  const joint = !immediate && !firstReview && typeLetter === 'L' && chance(rng, 0.22);
  const depth: MatterSpec['onlineDepth'] = immediate
    ? '四级'
    : chance(rng, 0.25)
      ? '四级'
      : chance(rng, 0.8)
        ? '三级'
        : '二级';
  const paperNone = depth === '四级';

  // Form: who applies, plus what this kind of matter asks
  const form: FieldSpec[] = [...(forPersons ? personFields : applicantFields).filter(() => chance(rng, 0.85))];
  if (!form.some(f => f.name === '联系电话')) form.push({ name: '联系电话', kind: '电话', required: true });
  const extra = sample(rng, fieldPool, typeLetter === 'L' ? int(rng, 3, 9) : int(rng, 1, 5));
  if (item === '变更' || item === '变更备案') extra.push(changeKind);
  for (const field of extra) if (!form.some(f => f.name === field.name)) form.push(field);
  const fieldNames = new Set(form.map(f => f.name));

  // Materials
  const materials: MaterialSpec[] = [];
  const paper = (form: '原件' | '复印件' | '原件或复印件', copies = 1) => (paperNone ? undefined : { form, copies });
  const short = baseName.replace(/(核发|审批|许可|登记|认定|备案|申请|设立)$/, '');
  materials.push({
    id: '申请表',
    title: `${short}申请表`,
    template: `${department.slug}-${candidate.baseIndex + 1}-申请表.docx`,
    ...(chance(rng, 0.5) ? { sample: `${department.slug}-${candidate.baseIndex + 1}-申请表示例.pdf` } : {}),
    ...(paper('原件') ? { paper: paper('原件')!, paperSize: 'A4' as const } : {}),
    scan: {},
    necessity: '必要'
  });
  if (forPersons) {
    materials.push({
      id: '身份证明',
      title: '申请人居民身份证',
      source: { kind: '电子证照', licence: '居民身份证', issuer: '市公安局' }
    });
  } else {
    materials.push({
      id: '营业执照',
      title: '营业执照',
      source: { kind: '电子证照', licence: '营业执照', issuer: '市市场监督管理局' }
    });
    if (chance(rng, 0.5))
      materials.push({
        id: '法定代表人身份证明',
        title: '法定代表人身份证明',
        source: { kind: '电子证照', licence: '居民身份证' }
      });
  }
  if (item === '变更' || item === '延续' || item === '注销' || item === '补证' || item === '换证') {
    materials.push({
      id: '原证书',
      title: `原${resultName}`,
      ...(paper('原件') ? { paper: paper('原件')! } : {}),
      scan: {},
      ...(item === '补证' ? { necessity: '非必要' as const, note: '遗失的，提交登报遗失声明' } : {})
    });
  }
  if (typeLetter === 'L' || typeLetter === 'A') {
    const optional: MaterialSpec[] = [
      {
        id: '场地证明',
        title: '经营场所使用证明',
        ...(paper('原件或复印件') ? { paper: paper('原件或复印件')! } : {}),
        scan: { maxPages: 5 },
        necessity: '容缺后补'
      },
      {
        id: '人员资格证明',
        title: '专业技术人员资格证书',
        ...(paper('复印件', 2) ? { paper: paper('复印件', 2)! } : {}),
        scan: { maxPages: 3 },
        necessity: '必要',
        note: '提供证书原件核验，复印件加盖公章'
      },
      {
        id: '管理制度',
        title: '质量安全管理制度',
        ...(paper('复印件') ? { paper: paper('复印件')! } : {}),
        necessity: '非必要'
      },
      {
        id: '检测报告',
        title: '设备设施检测报告',
        source: { kind: '中介机构', provider: '具有相应资质的检测机构' },
        ...(paper('原件') ? { paper: paper('原件')! } : {}),
        scan: {}
      },
      { id: '可行性报告', title: '可行性研究报告', source: { kind: '中介机构' }, scan: { maxPages: 5 } },
      {
        id: '平面布局图',
        title: '场所平面布局图',
        ...(paper('原件') ? { paper: paper('原件')! } : {}),
        paperSize: 'A3',
        scan: { maxPages: 2 }
      }
    ];
    const chosen = sample(rng, optional, int(rng, 2, 5));
    materials.push(...chosen);
    if (chosen.some(m => m.id === '检测报告') && chosen.some(m => m.id === '管理制度') && chance(rng, 0.6)) {
      materials.push({
        id: '承诺书',
        title: '告知承诺书',
        template: '告知承诺书.docx',
        ...(paper('原件') ? { paper: paper('原件')! } : {}),
        replaces: ['检测报告', '管理制度']
      });
    }
  } else if (chance(rng, 0.6)) {
    materials.push({
      id: '情况说明',
      title: `${short}情况说明`,
      ...(paper('原件') ? { paper: paper('原件')! } : {}),
      necessity: '非必要'
    });
  }
  const conditional = conditionalMaterials.filter(c => c.needs.every(n => fieldNames.has(n)));
  for (const c of sample(rng, conditional, Math.min(conditional.length, int(rng, 0, 4)))) {
    const material = structuredClone(c.material);
    if (paperNone) delete material.paper;
    materials.push(material);
  }

  // Steps and limits
  const steps: StepSpec[] = [];
  let limits: MatterSpec['limits'];
  if (immediate) {
    steps.push(
      { kind: '预审', by: roles.window, limit: limitOf(1, '小时') },
      { kind: '受理', by: roles.window, limit: limitOf(1, '小时') }
    );
    let counted = 0;
    if (chance(rng, 0.6)) {
      steps.push({ kind: '审查', by: roles.handler, limit: limitOf(1, '小时') });
      counted++;
    }
    steps.push({ kind: '决定', by: roles.head, limit: limitOf(1, '小时') });
    counted++;
    steps.push({ kind: '送达', by: roles.window, limit: '当日' });
    limits = { legal: limitOf(1), promised: limitOf(counted + int(rng, 0, 2), '小时') };
  } else {
    steps.push(
      { kind: '预审', by: roles.window, limit: limitOf(1) },
      { kind: '受理', by: roles.window, limit: chance(rng, 0.5) ? limitOf(1) : '当日' }
    );
    let counted = 0;
    const add = (step: StepSpec) => {
      steps.push(step);
      counted += limitAmount(step.limit);
    };
    if (firstReview) {
      const lower =
        departments.find(d => d.level === '市级' && d.task === department.task) ??
        departments.find(d => d.name === '市交通运输局')!;
      add({
        kind: '初审',
        department: lower.name,
        limit: limitOf(10),
        steps: [
          { kind: '审查', by: roles.handler, limit: limitOf(5) },
          { kind: '审核', by: roles.head, limit: limitOf(3) }
        ]
      });
    }
    add({ kind: '审查', by: roles.handler, limit: limitOf(int(rng, 2, 5)) });
    if (chance(rng, 0.3)) add({ kind: '审查', label: '现场核查', by: roles.handler, limit: limitOf(int(rng, 1, 3)) });
    if (joint) {
      const p = int(rng, 3, 7);
      const others = sample(
        rng,
        departments.filter(d => d.level === '市级' && d.name !== department.name),
        int(rng, 1, 3)
      );
      add({
        kind: '并联',
        limit: limitOf(p),
        lead: department.name,
        coApprovers: others.map(d => ({
          department: d.name,
          task: d.task,
          ...(chance(rng, 0.4) ? { limit: limitOf(int(rng, 1, p)) } : {})
        }))
      });
    }
    if (chance(rng, 0.7)) add({ kind: '审核', by: roles.head, limit: limitOf(int(rng, 1, 3)) });
    add({ kind: '决定', by: roles.leader, limit: limitOf(int(rng, 1, 2)) });
    steps.push({ kind: '送达', by: roles.window, limit: limitOf(int(rng, 1, 10)) });
    const promised = counted + int(rng, 0, 3);
    if (joint) {
      const legal = Math.max(promised, pick(rng, [30, 45]));
      limits = {
        legal: limitOf(legal),
        promised: limitOf(promised),
        ...(chance(rng, 0.5) ? { extension: limitOf(15) } : {})
      };
    } else if (firstReview) {
      limits = { legal: limitOf(40), promised: limitOf(Math.max(promised, 20)), extension: limitOf(10) };
    } else if (typeLetter === 'L' && chance(rng, 0.15)) {
      limits = {
        legal: limitOf(60),
        legalBasis: '《建设项目环境保护管理条例》第九条',
        promised: limitOf(promised),
        extension: limitOf(10)
      };
    } else {
      limits = {
        legal: limitOf(Math.max(promised, 20)),
        promised: limitOf(promised),
        ...(typeLetter === 'L' && chance(rng, 0.5) ? { extension: limitOf(10) } : {})
      };
    }
  }

  const visits =
    paperNone || chance(rng, 0.7)
      ? { count: 0 }
      : { count: 1, reason: pick(rng, ['现场核验原件', '现场领取证书并签字', '现场采集指纹和照片']) };
  const submission =
    depth === '四级'
      ? chance(rng, 0.5)
        ? ['网上']
        : ['网上', '快递']
      : depth === '二级' && visits.count > 0
        ? ['现场', '快递']
        : ['现场', '网上', '快递'];
  const delivery = submission.includes('网上')
    ? chance(rng, 0.5)
      ? ['网上', '快递']
      : ['现场', '网上', '快递']
    : ['现场', '快递'];

  const spec: MatterSpec = {
    name,
    code,
    ...(chance(rng, 0.5)
      ? {
          localCode: `XM${department.slug.toUpperCase()}${String(candidate.baseIndex + 1).padStart(3, '0')}${String(candidate.itemIndex + 1).padStart(2, '0')}`
        }
      : {}),
    type,
    department: department.name,
    level: department.level,
    basis: [lawOf[typeLetter]!, ...sample(rng, basisPool, int(rng, 0, 2))],
    conditions: forPersons
      ? '申请人具有完全民事行为能力，材料真实有效。'
      : `申请人依法设立，具备${short}所需的场所、设备和专业技术人员。`,
    serviceObjects: forPersons
      ? ['自然人']
      : chance(rng, 0.3)
        ? ['企业法人', '事业法人', '社会组织法人']
        : ['企业法人'],
    fees:
      typeLetter === 'L' && chance(rng, 0.2)
        ? {
            items: [
              {
                name: '证书工本费',
                amount: pick(rng, [5, 10, 20, 50]),
                basis: '《福建省行政事业性收费目录清单》第十二项',
                ...(chance(rng, 0.5) ? { waivable: true } : {})
              }
            ],
            ...(chance(rng, 0.6) ? { onlinePayment: true } : {})
          }
        : '无',
    places: places(department, rng),
    hours: hoursText,
    consultation: [
      { kind: '电话', value: department.phone },
      ...(chance(rng, 0.5) ? [{ kind: '网上', value: 'https://zwfw.xm.gov.cn/zxzx' }] : [])
    ],
    complaint: [
      { kind: '电话', value: chance(rng, 0.5) ? '12345' : department.complaintPhone },
      ...(chance(rng, 0.3) ? [{ kind: '邮箱', value: 'ts@xm.gov.cn' }] : [])
    ],
    ...(resultKind !== '其他' || chance(rng, 0.7)
      ? {
          result: {
            kind: resultKind,
            name: resultName,
            ...(resultKind === '证照'
              ? {
                  validity: chance(rng, 0.2) ? ('长期' as const) : { amount: pick(rng, [3, 5, 6]), unit: '年' as const }
                }
              : {}),
            ...(chance(rng, 0.3) ? { sample: `${resultName}样本.pdf` } : {})
          }
        }
      : {}),
    visits,
    onlineDepth: depth,
    paper: paperNone
      ? '无需'
      : {
          how: pick(rng, ['现场提交', '邮寄', '现场提交或邮寄'] as const),
          ...(chance(rng, 0.3) ? { goodRecordFirst: true } : {})
        },
    form,
    materials,
    submission,
    delivery,
    limits,
    steps
  };
  if (typeLetter === 'L' && !immediate && chance(rng, 0.25)) {
    spec.special = sample(
      rng,
      [
        { kind: '专家评审', max: limitOf(20) },
        { kind: '公示', max: limitOf(5) },
        { kind: '听证', max: limitOf(20), basis: '《中华人民共和国行政许可法》第四十七条' },
        { kind: '检验', max: limitOf(10) }
      ],
      int(rng, 1, 2)
    );
  }
  if (chance(rng, 0.1))
    spec.supervision = { warningBefore: limitOf(2), ...(chance(rng, 0.5) ? { correctionRounds: 1 } : {}) };
  if (typeLetter === 'A') {
    const joint = departments.filter(
      d => d.name !== department.name && (d.name === '市民政局' || d.name === '市市场监督管理局')
    );
    spec.inspection = {
      modes: [
        { kind: '书面', limit: limitOf(2) },
        ...(chance(rng, 0.6) ? [{ kind: '实地' as const, limit: limitOf(3) }] : [])
      ],
      joint: chance(rng, 0.5) ? [joint[0]!.name] : [],
      window: ['03-01', '05-31'],
      conclusions: ['合格', '基本合格', '不合格'],
      stages: chance(rng, 0.6)
        ? [
            { name: '业务主管单位', due: '03-31', limit: limitOf(10) },
            { name: '登记管理机关', due: '05-31' }
          ]
        : []
    };
  }
  if (typeLetter === 'F' && chance(rng, 0.3)) {
    spec.declaration = {
      period: pick(rng, ['每年', '每半年', '每季度']),
      due: chance(rng, 0.5) ? { date: '06-30' } : { daysAfterPeriod: 15 },
      commitment: '本单位承诺所报内容真实、准确、完整，并承担相应法律责任。'
    };
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------------------
// The big matter edited in the warm benchmark (~300 lines)

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

// ---------------------------------------------------------------------------------------------------------
// Rendering as Matter

const q = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const limitText = (limit: LimitSpec) => (limit === '当日' ? '当日' : `${limit.amount} ${limit.unit}`);
const identifier =
  /^[A-Za-z_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF][A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·]*$/;
const nameText = (name: string) => (identifier.test(name) ? name : q(name));

function conditionText(condition: ConditionSpec, parent?: 'and' | 'or' | 'not'): string {
  if ('and' in condition) {
    const text = `${conditionText(condition.and[0], 'and')} 且 ${conditionText(condition.and[1], 'and')}`;
    return parent === 'not' ? `(${text})` : text;
  }
  if ('or' in condition) {
    const text = `${conditionText(condition.or[0], 'or')} 或 ${conditionText(condition.or[1], 'or')}`;
    return parent === 'and' || parent === 'not' ? `(${text})` : text;
  }
  if ('not' in condition) return `非 ${conditionText(condition.not, 'not')}`;
  if (condition.op === undefined) return nameText(condition.field);
  const value =
    typeof condition.value === 'string'
      ? q(condition.value)
      : typeof condition.value === 'boolean'
        ? condition.value
          ? '是'
          : '否'
        : String(condition.value);
  return `${nameText(condition.field)} ${condition.op} ${value}`;
}

function stepLines(step: StepSpec, indent: string): string[] {
  switch (step.kind) {
    case '预审':
    case '受理':
    case '决定':
      return [`${indent}${step.kind} 由 ${step.by} ${limitText(step.limit)}`];
    case '审查':
    case '审核':
    case '复核':
      return [`${indent}${step.kind}${step.label ? ` ${q(step.label)}` : ''} 由 ${step.by} ${limitText(step.limit)}`];
    case '送达':
      return [`${indent}送达${step.by ? ` 由 ${step.by}` : ''} ${limitText(step.limit)}`];
    case '并联':
      return [
        `${indent}并联 ${limitText(step.limit)} 牵头 ${step.lead} {`,
        ...step.coApprovers.map(
          c => `${indent}  ${c.department}${c.task ? ` ${q(c.task)}` : ''}${c.limit ? ` ${limitText(c.limit)}` : ''}`
        ),
        `${indent}}`
      ];
    case '初审':
      return [
        `${indent}初审 ${step.department} ${limitText(step.limit)} {`,
        ...step.steps.flatMap(s => stepLines(s, `${indent}  `)),
        `${indent}}`
      ];
  }
}

function materialText(m: MaterialSpec): string {
  const parts = [m.id];
  if (m.title) parts.push(q(m.title));
  if (m.template) parts.push('模板', q(m.template));
  if (m.sample) parts.push('样本', q(m.sample));
  if (m.paper) parts.push(m.paper.form, ...(m.paper.copies !== undefined ? [String(m.paper.copies), '份'] : []));
  if (m.paperSize) parts.push('规格', m.paperSize);
  if (m.scan) parts.push('扫描件', ...(m.scan.maxPages !== undefined ? ['最多', String(m.scan.maxPages), '页'] : []));
  if (m.necessity) parts.push(m.necessity);
  if (m.when) parts.push('当', conditionText(m.when));
  if (m.source) {
    if (m.source.kind === '电子证照')
      parts.push('来源', '电子证照', nameText(m.source.licence), ...(m.source.issuer ? ['核发', m.source.issuer] : []));
    else if (m.source.kind === '中介机构')
      parts.push('来源', '中介机构', ...(m.source.provider ? [q(m.source.provider)] : []));
    else parts.push('来源', '申请人自备');
  }
  if (m.replaces?.length) parts.push('代替', m.replaces.join(', '));
  if (m.note) parts.push('说明', q(m.note));
  return parts.join(' ');
}

function fieldText(f: FieldSpec): string {
  return [
    `${nameText(f.name)}: ${f.kind}`,
    ...(f.unit ? [`单位 ${q(f.unit)}`] : []),
    ...(f.options ? [`(${f.options.map(q).join(', ')})`] : []),
    ...(f.required ? ['必填'] : [])
  ].join(' ');
}

export function renderMatter(m: MatterSpec): string {
  const lines: string[] = [`事项 ${nameText(m.name)} {`];
  const add = (line: string) => lines.push(`  ${line}`);
  add(`编码 ${q(m.code)}`);
  if (m.localCode) add(`地方编码 ${q(m.localCode)}`);
  add(`类型 ${m.type}`);
  add(`部门 ${m.department}`);
  add(`层级 ${m.level}`);
  add(`依据 ${m.basis.map(q).join(', ')}`);
  if (m.conditions) add(`条件 ${q(m.conditions)}`);
  add(`服务对象 ${m.serviceObjects.join(', ')}`);
  if (m.fees === '无') add('收费 无');
  else {
    add('收费 {');
    for (const item of m.fees.items)
      add(`  ${item.name} ${item.amount} 元 依据 ${q(item.basis)}${item.waivable ? ' 可减免' : ''}`);
    add(`}${m.fees.onlinePayment ? ' 网上支付' : ''}`);
  }
  add(`办理地点 ${m.places.map(q).join(', ')}`);
  if (m.hours) add(`办理时间 ${q(m.hours)}`);
  add(`咨询 ${m.consultation.map(c => `${c.kind}${c.value ? ` ${q(c.value)}` : ''}`).join(', ')}`);
  add(`投诉 ${m.complaint.map(c => `${c.kind}${c.value ? ` ${q(c.value)}` : ''}`).join(', ')}`);
  if (m.result) {
    const r = m.result;
    add(
      `结果 ${r.kind} ${nameText(r.name)}${r.validity ? ` 有效期 ${r.validity === '长期' ? '长期' : `${r.validity.amount} ${r.validity.unit}`}` : ''}${r.sample ? ` 样本 ${q(r.sample)}` : ''}`
    );
  }
  add(`到场次数 ${m.visits.count} 次${m.visits.reason ? ` 原因 ${q(m.visits.reason)}` : ''}`);
  add(`网办深度 ${m.onlineDepth}`);
  add(
    m.paper === '无需'
      ? '纸质材料 无需'
      : `纸质材料 预审后 ${m.paper.how}${m.paper.goodRecordFirst ? ' 信用良好可先受理' : ''}`
  );
  add(`递交 ${m.submission.join(', ')}`);
  add(`送达 ${m.delivery.join(', ')}`);
  add('表单 {');
  for (const f of m.form) add(`  ${fieldText(f)}`);
  add('}');
  add('材料 {');
  for (const material of m.materials) add(`  ${materialText(material)}`);
  add('}');
  const l = m.limits;
  add(
    `时限 法定 ${limitText(l.legal)}${l.legalBasis ? ` (依据 ${q(l.legalBasis)})` : ''} 承诺 ${limitText(l.promised)}${l.extension ? ` 延期 ${limitText(l.extension)}` : ''}`
  );
  add('环节 {');
  for (const step of m.steps) lines.push(...stepLines(step, '    '));
  add('}');
  if (m.special) {
    add('特殊程序 {');
    for (const p of m.special)
      add(`  ${p.kind}${p.max ? ` 最长 ${limitText(p.max)}` : ''}${p.basis ? ` (依据 ${q(p.basis)})` : ''}`);
    add('}');
  }
  if (m.supervision) {
    const s = m.supervision;
    add('监察 {');
    if (s.warningBefore) add(`  预警 到期前 ${limitText(s.warningBefore)}`);
    if (s.correctionRounds !== undefined) add(`  异常 补正 超过 ${s.correctionRounds} 次`);
    add('}');
  }
  if (m.inspection) {
    const i = m.inspection;
    add('年检 {');
    add(`  方式 ${i.modes.map(mode => `${mode.kind}${mode.limit ? ` ${limitText(mode.limit)}` : ''}`).join(', ')}`);
    if (i.joint.length) add(`  联合 ${i.joint.join(', ')}`);
    add(`  时间窗 ${i.window[0]} 至 ${i.window[1]}`);
    add(`  结论 ${i.conclusions.join(', ')}`);
    if (i.stages.length) {
      add('  阶段 {');
      for (const s of i.stages)
        add(`    ${nameText(s.name)}${s.due ? ` 截止 ${s.due}` : ''}${s.limit ? ` ${limitText(s.limit)}` : ''}`);
      add('  }');
    }
    add('}');
  }
  if (m.declaration) {
    const d = m.declaration;
    add('网上申报 {');
    add(`  周期 ${d.period}`);
    if (d.due) add(`  截止 ${'date' in d.due ? d.due.date : `期满后 ${d.due.daysAfterPeriod} 日`}`);
    add(`  承诺内容 ${q(d.commitment)}`);
    add('}');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function renderDepartments(departments: DepartmentSpec[]): string {
  const lines: string[] = ['// 厦门市政务服务事项目录：地区、实施部门和电子监察默认规则（基准测试生成）', ''];
  for (const r of regions) {
    lines.push(
      `地区 ${r.name} {`,
      `  代码 ${q(r.code)}`,
      `  层级 ${r.level}`,
      ...(r.parent ? [`  上级 ${r.parent}`] : []),
      '}',
      ''
    );
  }
  for (const d of departments) {
    lines.push(
      `部门 ${d.name} {`,
      `  代码 ${q(d.code)}`,
      `  地区 ${d.region}`,
      `  层级 ${d.level}`,
      `  角色 窗口 "综合受理窗口", 承办人, 处室负责人, 分管领导`,
      `  电话 咨询 ${q(d.phone)}, 投诉 ${q(d.complaintPhone)}`,
      '}',
      ''
    );
  }
  lines.push(
    '默认监察 {',
    '  预警 到期前 1 工作日',
    '  黄牌 超期 0 工作日',
    '  红牌 超过法定时限',
    '  异常 补正 超过 2 次',
    '  咨询答复 3 工作日',
    '  咨询转办 2 工作日',
    '  投诉受理 3 工作日',
    '  差评整改 15 工作日',
    '}'
  );
  return `${lines.join('\n')}\n`;
}

const calendar2026 = `日历 2026 {
  来源 "国务院办公厅关于2026年部分节假日安排的通知"
  节假日 元旦 2026-01-01 至 2026-01-03
  节假日 春节 2026-02-15 至 2026-02-23
  节假日 清明节 2026-04-04 至 2026-04-06
  节假日 劳动节 2026-05-01 至 2026-05-05
  节假日 端午节 2026-06-19 至 2026-06-21
  节假日 中秋节 2026-09-25 至 2026-09-27
  节假日 国庆节 2026-10-01 至 2026-10-07
  调休上班 2026-01-04, 2026-02-14, 2026-02-28, 2026-05-09, 2026-09-20, 2026-10-10
  办公时间 09:00-12:00, 13:00-17:00
}
`;

// ---------------------------------------------------------------------------------------------------------
// Rendering as TypeScript (the peer: the same information, type-checked by interfaces)

const tsIdentifier = (name: string) => (identifier.test(name) ? name : `_${name.replace(/[^\p{L}\p{N}_]/gu, '_')}`);

/** A reference to a department or region constant, written as an identifier. */
interface Ref {
  $ref: string;
}
const ref = (name: string): Ref => ({ $ref: tsIdentifier(name) });

function tsInline(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tsInline).join(', ')}]`;
  if (value && typeof value === 'object') {
    if ('$ref' in value) return (value as Ref).$ref;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${tsInline(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot render ${String(value)}`);
}

/** An object literal laid out as a person would: one line per item while it fits in 160 characters. */
function tsValue(value: unknown, indent: string): string {
  const inline = tsInline(value);
  if (inline.length + indent.length <= 160 || value === null || typeof value !== 'object' || '$ref' in value)
    return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map(v => `${inner}${tsValue(v, inner)}`).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${k}: ${tsValue(v, inner)}`).join(',\n')}\n${indent}}`;
}

function tsStep(step: StepSpec): unknown {
  if (step.kind === '并联')
    return {
      ...step,
      lead: ref(step.lead),
      coApprovers: step.coApprovers.map(c => ({ ...c, department: ref(c.department) }))
    };
  if (step.kind === '初审') return { ...step, department: ref(step.department), steps: step.steps.map(tsStep) };
  return step;
}

export function renderMatterTs(m: MatterSpec, typesPath: string, departmentsPath: string): string {
  const used = new Set<string>([m.department]);
  const visit = (steps: StepSpec[]) => {
    for (const s of steps) {
      if (s.kind === '并联') {
        used.add(s.lead);
        s.coApprovers.forEach(c => used.add(c.department));
      }
      if (s.kind === '初审') {
        used.add(s.department);
        visit(s.steps);
      }
    }
  };
  visit(m.steps);
  for (const material of m.materials)
    if (material.source?.kind === '电子证照' && material.source.issuer) used.add(material.source.issuer);
  for (const j of m.inspection?.joint ?? []) used.add(j);
  const value = {
    ...m,
    department: ref(m.department),
    materials: m.materials.map(material =>
      material.source?.kind === '电子证照' && material.source.issuer
        ? { ...material, source: { ...material.source, issuer: ref(material.source.issuer) } }
        : material
    ),
    steps: m.steps.map(tsStep),
    ...(m.inspection ? { inspection: { ...m.inspection, joint: m.inspection.joint.map(ref) } } : {})
  };
  return [
    `import { defineMatter } from '${typesPath}';`,
    `import { ${[...used].sort().map(tsIdentifier).join(', ')} } from '${departmentsPath}';`,
    '',
    `export default defineMatter(${tsValue(value, '')});`,
    ''
  ].join('\n');
}

const tsLib = `/// <reference no-default-lib="true"/>
// The few global types the TypeScript checker needs (the Matter language has no standard library either).
interface Array<T> { readonly length: number; [n: number]: T }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T }
interface Boolean {}
interface Function {}
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
type NoInfer<T> = intrinsic;
`;

const tsTypes = `export type Level = '国家级' | '省级' | '市级' | '县级' | '乡级' | '村级';
export type RoleName = '窗口' | '承办人' | '处室负责人' | '分管领导';
export interface Region { readonly name: string; readonly code: string; readonly level: Level; readonly parent?: Region }
export interface Role { readonly name: RoleName; readonly title?: string }
export interface Phone { readonly purpose?: '咨询' | '投诉'; readonly number: string }
export interface Department {
  readonly name: string;
  readonly code: string;
  readonly region: Region;
  readonly level: Level;
  readonly roles: readonly Role[];
  readonly phones: readonly Phone[];
}
export type Limit = { readonly amount: number; readonly unit: '工作日' | '小时' } | '当日';
export type MatterType = '行政许可' | '行政处罚' | '行政强制' | '行政征收' | '行政给付' | '行政检查' | '行政确认' | '行政奖励'
  | '行政裁决' | '其他行政权力' | '公共服务' | '审核转报' | '备案' | '年检';
export type ServiceObject = '自然人' | '企业法人' | '事业法人' | '社会组织法人' | '非法人企业' | '行政机关' | '其他组织';
export type FieldKind = '文本' | '数字' | '金额' | '日期' | '选项' | '是否' | '身份证号' | '统一社会信用代码' | '地址' | '电话';
export interface Field<F extends string> {
  readonly name: F;
  readonly kind: FieldKind;
  readonly unit?: string;
  readonly options?: readonly string[];
  readonly required?: boolean;
}
export type Condition<F extends string> =
  | { readonly field: F; readonly op?: '=' | '!=' | '>' | '>=' | '<' | '<='; readonly value?: string | number | boolean }
  | { readonly and: readonly [Condition<F>, Condition<F>] }
  | { readonly or: readonly [Condition<F>, Condition<F>] }
  | { readonly not: Condition<F> };
export type MaterialSource =
  | { readonly kind: '申请人自备' }
  | { readonly kind: '电子证照'; readonly licence: string; readonly issuer?: Department }
  | { readonly kind: '中介机构'; readonly provider?: string };
export interface Material<F extends string, M extends string> {
  readonly id: M;
  readonly title?: string;
  readonly template?: string;
  readonly sample?: string;
  readonly paper?: { readonly form: '原件' | '复印件' | '原件或复印件'; readonly copies?: number };
  readonly paperSize?: 'A4' | 'A3';
  readonly scan?: { readonly maxPages?: number };
  readonly necessity?: '必要' | '非必要' | '容缺后补';
  /** Links to the matter's own form fields, as the Matter language's \`当\` does. */
  readonly when?: Condition<NoInfer<F>>;
  readonly source?: MaterialSource;
  /** Links to the matter's own materials, as \`代替\` does. */
  readonly replaces?: readonly NoInfer<M>[];
  readonly note?: string;
}
export type Step =
  | { readonly kind: '预审' | '受理' | '决定'; readonly by: RoleName; readonly limit: Limit }
  | { readonly kind: '审查' | '审核' | '复核'; readonly label?: string; readonly by: RoleName; readonly limit: Limit }
  | { readonly kind: '送达'; readonly by?: RoleName; readonly limit: Limit }
  | {
    readonly kind: '并联';
    readonly limit: Limit;
    readonly lead: Department;
    readonly coApprovers: readonly { readonly department: Department; readonly task?: string; readonly limit?: Limit }[];
  }
  | { readonly kind: '初审'; readonly department: Department; readonly limit: Limit; readonly steps: readonly Step[] };
export interface Channel { readonly kind: '电话' | '网上' | '现场' | '信函' | '邮箱'; readonly value?: string }
export type Mode = '现场' | '快递' | '网上';
export interface Matter<F extends string, M extends string> {
  readonly name: string;
  readonly code: string;
  readonly localCode?: string;
  readonly type: MatterType;
  readonly department: Department;
  readonly level: Level;
  readonly basis: readonly string[];
  readonly conditions?: string;
  readonly serviceObjects: readonly ServiceObject[];
  readonly fees: '无' | {
    readonly items: readonly { readonly name: string; readonly amount: number; readonly basis: string; readonly waivable?: boolean }[];
    readonly onlinePayment?: boolean;
  };
  readonly places: readonly string[];
  readonly hours?: string;
  readonly consultation: readonly Channel[];
  readonly complaint: readonly Channel[];
  readonly result?: {
    readonly kind: '证照' | '批文' | '其他';
    readonly name: string;
    readonly validity?: { readonly amount: number; readonly unit: '年' | '个月' | '日' } | '长期';
    readonly sample?: string;
  };
  readonly visits: { readonly count: number; readonly reason?: string };
  readonly onlineDepth: '一级' | '二级' | '三级' | '四级';
  readonly paper: '无需' | { readonly how: '现场提交' | '邮寄' | '现场提交或邮寄'; readonly goodRecordFirst?: boolean };
  readonly form: readonly Field<F>[];
  readonly materials: readonly Material<F, M>[];
  readonly submission: readonly Mode[];
  readonly delivery: readonly (Mode | '公告')[];
  readonly limits: { readonly legal: Limit; readonly legalBasis?: string; readonly promised: Limit; readonly extension?: Limit };
  readonly steps: readonly Step[];
  readonly special?: readonly { readonly kind: '听证' | '招标' | '拍卖' | '检验' | '检测' | '检疫' | '鉴定' | '专家评审' | '公示'; readonly max?: Limit; readonly basis?: string }[];
  readonly supervision?: { readonly warningBefore?: Limit; readonly correctionRounds?: number };
  readonly inspection?: {
    readonly modes: readonly { readonly kind: '书面' | '实地'; readonly limit?: Limit }[];
    readonly joint: readonly Department[];
    readonly window: readonly [string, string];
    readonly conclusions: readonly ('合格' | '基本合格' | '不合格')[];
    readonly stages: readonly { readonly name: string; readonly due?: string; readonly limit?: Limit }[];
  };
  readonly declaration?: {
    readonly period: '每年' | '每半年' | '每季度' | '每月';
    readonly due?: { readonly date: string } | { readonly daysAfterPeriod: number };
    readonly commitment: string;
  };
}
/** Field names and material ids are inferred from the form and the materials; conditions and replacements must use them. */
export function defineMatter<const F extends string, const M extends string>(matter: Matter<F, M>): Matter<F, M> {
  return matter;
}
`;

function renderDepartmentsTs(departments: DepartmentSpec[]): string {
  const lines = [`import type { Department, Region } from './types';`, ''];
  for (const r of regions) {
    lines.push(
      `export const ${r.ident}: Region = { name: '${r.name}', code: '${r.code}', level: '${r.level}'${r.parent ? `, parent: ${r.parent}` : ''} };`
    );
  }
  lines.push('');
  for (const d of departments) {
    lines.push(
      `export const ${tsIdentifier(d.name)}: Department = {`,
      `  name: '${d.name}',`,
      `  code: '${d.code}',`,
      `  region: ${d.region},`,
      `  level: '${d.level}',`,
      `  roles: [{ name: '窗口', title: '综合受理窗口' }, { name: '承办人' }, { name: '处室负责人' }, { name: '分管领导' }],`,
      `  phones: [{ purpose: '咨询', number: '${d.phone}' }, { purpose: '投诉', number: '${d.complaintPhone}' }]`,
      '};'
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Writing a catalogue

export interface GenerateOptions {
  /** How many matters (default 1,000). */
  matters?: number;
  seed?: number;
  /** Also write the TypeScript peer under ts/. */
  typescript?: boolean;
}

export interface GeneratedCatalog {
  /** The catalogue folder (holds departments.matter). */
  catalogDir: string;
  /** Every .matter file of the catalogue, sorted. */
  files: string[];
  matterCount: number;
  bytes: number;
  lines: number;
  /** The ~300-line matter edited in the warm benchmark, outside the catalogue folder. */
  big: { file: string; text: string; lines: number; bytes: number };
  typescript?: {
    dir: string;
    /** lib.d.ts, types.ts, departments.ts and one file per matter, sorted. */
    files: string[];
    bytes: number;
    big: { file: string; text: string; bytes: number };
  };
}

function write(path: string, text: string): number {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

export function generateCatalog(root: string, options: GenerateOptions = {}): GeneratedCatalog {
  const count = options.matters ?? 1000;
  const rng = seeded(options.seed ?? 20260301);
  const departments = departmentsFrom(rng);
  const candidates: Candidate[] = [];
  for (const department of departments) {
    department.bases.forEach((base, baseIndex) => {
      const items = itemsByType[base.split('|')[1]!]!;
      if (items.length === 0) candidates.push({ department, base, baseIndex, item: undefined, itemIndex: 0 });
      items.forEach((item, itemIndex) => candidates.push({ department, base, baseIndex, item, itemIndex }));
    });
  }
  if (candidates.length < count)
    throw new Error(`only ${candidates.length} distinct matters can be generated, ${count} asked`);
  const chosen = shuffle(rng, candidates)
    .slice(0, count)
    .sort(
      (a, b) =>
        departments.indexOf(a.department) - departments.indexOf(b.department) ||
        a.baseIndex - b.baseIndex ||
        a.itemIndex - b.itemIndex
    );

  const catalogDir = join(resolve(root), 'catalog');
  const files: string[] = [];
  let bytes = 0;
  let lines = 0;
  const put = (file: string, text: string) => {
    files.push(file);
    bytes += write(file, text);
    lines += text.split('\n').length - 1;
  };
  put(join(catalogDir, 'departments.matter'), renderDepartments(departments));
  put(join(catalogDir, 'calendar-2026.matter'), calendar2026);
  const basicCodes = new Map<string, string>();
  const usedCodes = new Set<string>();
  const specs: Array<{ file: string; spec: MatterSpec }> = [];
  chosen.forEach((candidate, index) => {
    const key = `${candidate.department.name}|${candidate.baseIndex}`;
    let basic = basicCodes.get(key);
    while (!basic || usedCodes.has(basic))
      basic = `${String(departments.indexOf(candidate.department) + 1).padStart(2, '0')}${String(candidate.baseIndex + 1).padStart(3, '0')}${digits(rng, 7)}`;
    basicCodes.set(key, basic);
    usedCodes.add(basic);
    const spec = matterFor(candidate, departments, basic, rng);
    const file = join(candidate.department.slug, `${String(index + 1).padStart(4, '0')}`);
    specs.push({ file, spec });
    put(join(catalogDir, `${file}.matter`), renderMatter(spec));
  });

  const housing = departments.find(d => d.name === '市住房和建设局')!;
  const coApprovers = ['市消防救援支队', '市自然资源和规划局', '市生态环境局'].map(n =>
    departments.find(d => d.name === n)!
  );
  const bigSpec = bigMatter(housing, coApprovers, seeded((options.seed ?? 20260301) + 1));
  const bigText = renderMatter(bigSpec);
  const bigFile = join(resolve(root), 'editing', 'big.matter');
  write(bigFile, bigText);

  const result: GeneratedCatalog = {
    catalogDir,
    files: [...files].sort(),
    matterCount: specs.length,
    bytes,
    lines,
    big: { file: bigFile, text: bigText, lines: bigText.split('\n').length - 1, bytes: Buffer.byteLength(bigText) }
  };

  if (options.typescript) {
    const dir = join(resolve(root), 'ts');
    const tsFiles: string[] = [];
    let tsBytes = 0;
    const putTs = (file: string, text: string) => {
      tsFiles.push(file);
      tsBytes += write(file, text);
    };
    putTs(join(dir, 'lib.d.ts'), tsLib);
    putTs(join(dir, 'types.ts'), tsTypes);
    putTs(join(dir, 'departments.ts'), renderDepartmentsTs(departments));
    for (const { file, spec } of specs)
      putTs(join(dir, `${file}.ts`), renderMatterTs(spec, '../types', '../departments'));
    const bigTs = renderMatterTs(bigSpec, '../types', '../departments');
    const bigTsFile = join(dir, 'editing', 'big.ts');
    write(bigTsFile, bigTs);
    result.typescript = {
      dir,
      files: tsFiles.sort(),
      bytes: tsBytes,
      big: { file: bigTsFile, text: bigTs, bytes: Buffer.byteLength(bigTs) }
    };
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('generate-catalog.ts')) {
  const args = process.argv.slice(2);
  const dir = args.find(a => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!dir) {
    process.stderr.write('usage: generate-catalog.ts <dir> [--matters N] [--seed N] [--typescript]\n');
    process.exit(2);
  }
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const generated = generateCatalog(dir, {
    matters: flag('--matters') ?? 1000,
    seed: flag('--seed') ?? 20260301,
    typescript: args.includes('--typescript')
  });
  process.stdout.write(
    `${generated.matterCount} matters, ${generated.files.length} files, ${generated.lines} lines, ${(generated.bytes / 1024).toFixed(0)} KiB in ${generated.catalogDir}\n`
  );
  process.stdout.write(`big matter: ${generated.big.lines} lines in ${generated.big.file}\n`);
  if (generated.typescript)
    process.stdout.write(
      `TypeScript peer: ${generated.typescript.files.length} files, ${(generated.typescript.bytes / 1024).toFixed(0)} KiB in ${generated.typescript.dir}\n`
    );
}
