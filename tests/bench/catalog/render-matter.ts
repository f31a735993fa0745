/** Renders matters, the departments and the 2026 calendar as Matter source. */
import { regions } from './departments.ts';
import type {
  ConditionSpec,
  DepartmentSpec,
  FieldSpec,
  LimitSpec,
  MaterialSpec,
  MatterSpec,
  StepSpec
} from './matter-spec.ts';

const q = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const limitText = (limit: LimitSpec) => (limit === '当日' ? '当日' : `${limit.amount} ${limit.unit}`);
export const identifier =
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

export function renderDepartments(departments: DepartmentSpec[]): string {
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

export const calendar2026 = `日历 2026 {
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
