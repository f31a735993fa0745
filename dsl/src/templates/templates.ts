/**
 * New matters from a template, one per kind a reform-office clerk starts from: the studio fills in the name, code
 * and department and opens the text in the editor. Each template is a complete matter that checks without errors
 * (templates.test.ts), with the usual steps and the law's limits, and comments saying what to change.
 * Pure text: the studio's page imports this without the language server.
 */

export type TemplateKind = 'licence' | 'filing' | 'annualInspection' | 'declaration' | 'publicService' | 'immediate';

export interface TemplateFacts {
  name: string;
  /** The 33-character matter code from the catalogue of matters (事项目录). */
  code: string;
  department: string;
  /** Consultation and complaint phone numbers, if known. */
  consultationPhone?: string;
  complaintPhone?: string;
}

export const templateKinds: ReadonlyArray<{ kind: TemplateKind; label: string; hint: string }> = [
  { kind: 'licence', label: '行政许可', hint: '受理、审查、决定、送达，法定时限 20 个工作日，可延期 10 个工作日' },
  { kind: 'filing', label: '备案', hint: '材料齐全当场或限时备案' },
  { kind: 'annualInspection', label: '年检', hint: '每年时间窗内报送，书面或实地检查，给出结论' },
  { kind: 'declaration', label: '网上申报', hint: '按周期网上申报并签署承诺' },
  { kind: 'publicService', label: '公共服务', hint: '面向群众的服务事项' },
  { kind: 'immediate', label: '即办件（按小时计时）', hint: '承诺时限以小时计，按办公时间计时' }
];

const levelNames: Record<string, string> = {
  '1': '国家级',
  '2': '省级',
  '3': '市级',
  '4': '县级',
  '5': '乡级',
  '6': '村级'
};

/** The level a code says (its 19th character), as the language writes it; 市级 when the code is not complete. */
export function levelOfCode(code: string): string {
  return levelNames[code.charAt(18)] ?? '市级';
}

const quoted = (text: string) => `"${text.replace(/["\\]/g, '')}"`;
/** A name as the language reads it: unquoted when it is a plain word, else in quotes. */
const nameOf = (text: string) => (/^[\p{L}\p{N}_·]+$/u.test(text) ? text : quoted(text));

function header(facts: TemplateFacts, type: string, result?: string): string {
  const lines = [
    `事项 ${nameOf(facts.name)} {`,
    `  编码 ${quoted(facts.code)}`,
    `  类型 ${type}`,
    `  部门 ${nameOf(facts.department)}`,
    `  层级 ${levelOfCode(facts.code)}`
  ];
  if (result) lines.push(`  结果 ${result}`);
  lines.push(`  咨询 电话 ${quoted(facts.consultationPhone ?? '请填写咨询电话')}`);
  lines.push(`  投诉 电话 ${quoted(facts.complaintPhone ?? '请填写投诉电话')}`);
  return lines.join('\n');
}

const bodies: Record<TemplateKind, (facts: TemplateFacts) => string> = {
  licence: f => `// 行政许可：按办事指南改写结果、材料和时限；受理后到决定的环节时限合计不能超过承诺时限。
${header(f, '行政许可', '证照 ' + nameOf(f.name.replace(/(核发|审批|许可)$/, '') + '许可证') + ' 有效期 3 年')}
  递交 网上, 现场
  送达 现场, 快递
  纸质材料 预审后 现场提交或邮寄
  // 法定时限见《行政许可法》第四十二条；延期须经负责人批准并告知申请人
  时限 法定 20 工作日 承诺 10 工作日 延期 10 工作日

  表单 {
    项目名称: 文本 必填
    委托代理人办理: 是否 必填
  }

  材料 {
    申请表 ${quoted(f.name + '申请表')} 原件 1 份 规格 A4 必要
    // 有条件的材料：答“是”时才需要
    委托书 "授权委托书" 原件 1 份 当 委托代理人办理
  }

  环节 {
    预审 由 窗口 1 工作日
    受理 由 窗口 当日
    审查 由 承办人 5 工作日
    审核 由 处室负责人 3 工作日
    决定 由 处室负责人 2 工作日
    送达 由 窗口 2 工作日
  }
}
`,
  filing: f => `// 备案：材料齐全即予备案。
${header(f, '备案', '其他 备案回执')}
  递交 网上, 现场
  送达 网上
  纸质材料 无需
  时限 法定 5 工作日 承诺 1 工作日

  材料 {
    备案表 ${quoted(f.name + '备案表')} 扫描件 最多 5 页 必要
  }

  环节 {
    预审 由 窗口 1 工作日
    受理 由 窗口 当日
    决定 由 承办人 1 工作日
  }
}
`,
  annualInspection: f => `// 年检：写明检查方式、时间窗和结论；阶段截止不能晚于时间窗结束。
${header(f, '年检', '其他 年度检查结论')}
  递交 网上, 现场
  送达 网上
  纸质材料 预审后 现场提交或邮寄
  时限 法定 20 工作日 承诺 10 工作日

  环节 {
    预审 由 窗口 2 工作日
    受理 由 窗口 当日
    审查 由 承办人 5 工作日
    决定 由 处室负责人 3 工作日
  }

  年检 {
    方式 书面 2 工作日, 实地 3 工作日
    时间窗 01-01 至 05-31
    结论 合格, 基本合格, 不合格
  }
}
`,
  declaration: f => `// 网上申报：按周期申报，签署承诺。
${header(f, '公共服务')}
  到场次数 0
  网办深度 四级
  纸质材料 无需
  递交 网上
  送达 网上
  时限 法定 当日 承诺 当日

  环节 {
    预审 由 窗口 当日
    受理 由 窗口 当日
    决定 由 承办人 当日
  }

  网上申报 {
    周期 每季度
    截止 期满后 15 日
    承诺内容 "本单位承诺所报内容真实、准确、完整，如有虚假愿承担相应法律责任。"
  }
}
`,
  publicService: f => `// 公共服务：面向群众的服务事项。
${header(f, '公共服务', '其他 ' + nameOf(f.name + '结果'))}
  递交 现场, 网上
  送达 现场
  纸质材料 预审后 现场提交
  时限 法定 5 工作日 承诺 1 工作日

  环节 {
    预审 由 窗口 1 工作日
    受理 由 窗口 当日
    决定 由 承办人 1 工作日
  }
}
`,
  immediate: f => `// 即办件：承诺时限以小时计（按日历中的办公时间计时），所有环节也以小时计。
${header(f, '行政确认', '其他 ' + nameOf(f.name + '结果'))}
  递交 现场, 网上
  送达 现场
  纸质材料 预审后 现场提交
  时限 法定 3 工作日 承诺 2 小时

  环节 {
    预审 由 窗口 1 小时
    受理 由 窗口 1 小时
    决定 由 承办人 1 小时
    送达 由 窗口 1 小时
  }
}
`
};

/** The text of a new matter of `kind`, with the facts filled in. */
export function matterTemplate(kind: TemplateKind, facts: TemplateFacts): string {
  return bodies[kind](facts);
}

/**
 * Another matter's text as the start of a new one: the new name and code replace the old (the first 事项 line and
 * the 编码 line), and the 层级 follows the new code. Everything else is kept for the author to change.
 */
export function copyOfMatter(source: string, facts: Pick<TemplateFacts, 'name' | 'code'>): string {
  return source
    .replace(/^(\s*(?:事项|matter)\s+)("[^"\n]*"|[^\s{｛]+)/m, (_, head: string) => `${head}${nameOf(facts.name)}`)
    .replace(/^(\s*(?:编码|code)\s+)"[^"\n]*"/m, (_, head: string) => `${head}${quoted(facts.code)}`)
    .replace(/^(\s*(?:层级|level)\s+)\S+/m, (_, head: string) => `${head}${levelOfCode(facts.code)}`);
}
