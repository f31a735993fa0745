/** One matter of the catalogue, of varied shape, drawn at random for a department and one of its base matters. */
import {
  applicantFields,
  basisPool,
  changeKind,
  conditionalMaterials,
  fieldPool,
  hoursText,
  lawOf,
  limitAmount,
  limitOf,
  personFields,
  places,
  roles
} from './building-blocks.ts';
import { typeNames } from './departments.ts';
import type {
  BaseMatter,
  DepartmentSpec,
  FieldSpec,
  Level,
  MaterialSpec,
  MatterSpec,
  StepSpec
} from './matter-spec.ts';
import { chance, int, pick, sample, type Random } from './random.ts';

const levelDigit: Record<Level, string> = { 省级: '2', 市级: '3', 县级: '4' };

/** What one matter is drawn for: a department, one of its base matters and one of the base's items (变更, 延续…). */
export interface Candidate {
  department: DepartmentSpec;
  base: BaseMatter;
  baseIndex: number;
  item: string | undefined;
  itemIndex: number;
}

export function matterFor(
  candidate: Candidate,
  departments: DepartmentSpec[],
  basicCode: string,
  rng: Random
): MatterSpec {
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
