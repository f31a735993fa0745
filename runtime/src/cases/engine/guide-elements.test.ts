import { describe, expect, it } from 'vitest';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { exampleMatter } from '../../testing/examples.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { notices } from './notices.ts';
import { thresholds } from './thresholds.ts';

const { calendar } = loadCatalog();

describe('limits counted in calendar days (日)', () => {
  const passenger = exampleMatter('县内道路旅客运输经营许可');
  const transport = (role: string) => staff('示例市交通运输局', [role]);

  it('given an application accepted on 24 September 2026, the promised 3 日 end on Monday 28 September after the 中秋 holiday and the legal 20 日 on 14 October', () => {
    const s = new Scenario(passenger, calendar)
      .when('2026-09-24 09:00', citizen, {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'N1',
        applicant: company,
        channel: 'online',
        answers: {},
        materials: []
      })
      .when('2026-09-24 10:00', transport('窗口'), { type: 'passPreReview' })
      .when('2026-09-24 10:00', transport('窗口'), { type: 'confirmPaper' })
      .when('2026-09-24 10:00', transport('窗口'), { type: 'accept' });
    // 3 days after 24 September is Sunday 27 September, the last day of 中秋: the period ends on Monday 28.
    expect(s.state!.deadlines!.promised).toBe(at('2026-09-29 00:00'));
    expect(s.state!.deadlines!.legal).toBe(at('2026-10-15 00:00'));
    expect(notices(passenger, s.state!, calendar)[1]!.lines[1]).toBe('承诺办结时限 3 日，法定办结时限 20 日。');
  });

  it('a supervision warning written in days (预警 到期前 2 日) comes two calendar days before the deadline ends', () => {
    const strict = {
      ...passenger,
      supervision: { ...passenger.supervision, warningBefore: { amount: 2, unit: 'days' as const } }
    };
    const item = {
      id: 'promised',
      kind: 'promised' as const,
      at: at('2026-10-09 00:00'),
      unit: 'days' as const,
      label: '承诺办结期限',
      department: '示例市交通运输局'
    };
    expect(thresholds(strict, calendar, item)).toEqual({
      warning: at('2026-10-07 00:00'),
      yellow: at('2026-10-09 00:00')
    });
  });
});

describe('eligibility rules (申请条件)', () => {
  const driver = exampleMatter('巡游出租汽车驾驶员从业资格注册');
  const submit = (answers: Record<string, unknown>) =>
    new Scenario(driver, calendar).attempt('2026-10-12 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'N2',
      applicant: { id: 'applicant-1', kind: 'person', name: '李四', goodRecord: true },
      channel: 'online',
      answers,
      materials: ['从业资格证', '劳动合同']
    });
  const eligible = { 年龄: 45, 驾龄: 10, 已签订劳动合同: true, 注册类型: '首次注册', 近三年无交通责任死亡事故: true };

  it('refuse an application whose answers fail them, naming every rule failed and its requirement', () => {
    expect(submit(eligible).ok).toBe(true);
    const refused = submit({ ...eligible, 年龄: 61, 驾龄: 2 });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.rejection).toEqual({
      code: 'eligibility.unmet',
      message:
        '不符合申请条件“年龄不超过六十周岁”（申请人年龄不超过 60 周岁）、“驾龄三年以上”（取得相应准驾车型机动车驾驶证 3 年以上），不能提交申请。'
    });
  });

  it('check a rule written for one kind of application only on that kind', () => {
    expect(submit({ ...eligible, 注册类型: '延续注册', 近三年无交通责任死亡事故: false }).ok).toBe(true);
    expect(submit({ ...eligible, 近三年无交通责任死亡事故: false }).ok).toBe(false);
  });
});

describe("the applicant's correction deadline (补正期限 30 日 逾期 视为撤回)", () => {
  const society = exampleMatter('社会团体成立登记');
  const civil = staff('示例市民政局', ['窗口']);
  const corrected = () =>
    new Scenario(society, calendar)
      .when('2026-09-10 09:00', citizen, {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'N3',
        applicant: company,
        channel: 'online',
        answers: answersFor(society),
        materials: ['申请书', '章程', '验资报告']
      })
      .when('2026-09-11 10:00', civil, { type: 'requestCorrection', items: ['章程草案缺少会员条款'] });

  it('given a correction notice on 11 September, the applicant has until 12 October: 30 days end on Sunday 11 October, a rest day', () => {
    const s = corrected();
    expect(s.state!.correction!.dueAt).toBe(at('2026-10-13 00:00'));
    const [receipt, notice] = notices(society, s.state!, calendar);
    expect(receipt!.lines.slice(2)).toEqual([
      '申请材料不齐全或者不符合法定形式的，将在 2 个工作日内（2026年9月14日24时前）一次告知需要补正的全部内容；5 个工作日内（2026年9月17日24时前）未告知的，自收到申请之日起即为受理。',
      '收到补正通知后，请在 30 日内提交补正材料；逾期未补正的，视为撤回申请。'
    ]);
    expect(notice!.lines).toEqual([
      '请一次性补正以下全部内容后重新提交：',
      '1. 章程草案缺少会员条款',
      '请于 2026年10月12日24时前提交补正材料；逾期未补正的，视为撤回申请。'
    ]);
  });

  it('when the applicant corrects in time, the case goes on', () => {
    const s = corrected().when('2026-10-12 16:00', citizen, { type: 'resubmit', materials: ['章程'] });
    expect(s.state!.status).toBe('submitted');
    s.tick('2026-10-13 09:00');
    expect(s.state!.status).toBe('submitted');
  });

  it('when nothing arrives by the end of 12 October, the application is deemed withdrawn and a late correction is refused', () => {
    const s = corrected();
    s.tick('2026-10-12 23:59');
    expect(s.state!.status).toBe('correcting');
    const late = s.attempt('2026-10-13 08:30', citizen, { type: 'resubmit', materials: ['章程'] });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.rejection.code).toBe('correction.lapsed');
    s.tick('2026-10-13 09:00');
    expect(s.state!.status).toBe('withdrawn');
    expect(s.state!.withdrawal).toEqual({ reason: '逾期未补正，视为撤回申请', at: at('2026-10-13 00:00') });
  });

  it('the system cannot withdraw an application before the deadline, nor on a matter that does not say so', () => {
    const early = corrected().attempt('2026-10-01 10:00', { kind: 'system' }, { type: 'withdraw' });
    expect(early.ok).toBe(false);
  });
});

describe('several results, and a result for one kind of application only', () => {
  const freight = exampleMatter('道路货物运输经营许可');
  const transport = (role: string) => staff('示例市交通运输局', [role]);
  const approved = (kind: string) =>
    new Scenario(freight, calendar)
      .when('2026-10-12 09:00', citizen, {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'N4',
        applicant: company,
        channel: 'online',
        answers: { 经营类别: kind, 专用车辆数: 6, 有专用停车场地: true },
        materials: ['申请表', '安全制度']
      })
      .when('2026-10-12 10:00', transport('窗口'), { type: 'passPreReview' })
      .when('2026-10-12 10:00', transport('窗口'), { type: 'confirmPaper' })
      .when('2026-10-12 10:00', transport('窗口'), { type: 'accept' })
      .when('2026-10-13 10:00', transport('承办人'), { type: 'completeStep', stepId: 'review-1', opinion: '符合条件' })
      .when('2026-10-14 10:00', transport('处室负责人'), { type: 'decide', approve: true });
  const decisionLine = (kind: string) => {
    const s = approved(kind);
    return notices(freight, s.state!, calendar).find(n => n.kind === 'decision')!.lines[0];
  };

  it('the decision names every result the application gets: the hazardous-goods licence only for hazardous goods', () => {
    expect(decisionLine('危险货物')).toBe(
      '准予许可，颁发道路运输经营许可证、道路货物运输经营许可决定书、危险货物道路运输许可证。'
    );
    expect(decisionLine('普通货物')).toBe('准予许可，颁发道路运输经营许可证、道路货物运输经营许可决定书。');
  });
});

describe("a department's own office hours (办公时间 in a department)", () => {
  const licence = exampleMatter('营业执照遗失补领');
  const market = (role: string) => staff('示例市市场监督管理局', [role]);
  const accepted = (definition: typeof licence) =>
    new Scenario(definition, calendar)
      .when('2026-10-12 10:00', citizen, {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'N5',
        applicant: company,
        channel: 'online',
        answers: {},
        materials: []
      })
      .when('2026-10-12 10:30', market('窗口'), { type: 'passPreReview' })
      .when('2026-10-12 10:30', market('窗口'), { type: 'confirmPaper' })
      .when('2026-10-12 11:00', market('窗口'), { type: 'accept' });

  it("count an immediate matter's promised 2 hours at the department's window, not the calendar's", () => {
    // The calendar's hours (09:00-12:00, 13:30-17:30): 11:00 + 2 hours is 14:30.
    expect(accepted(licence).state!.deadlines!.promised).toBe(at('2026-10-12 14:30'));
    // The department's own (08:30-12:00, 14:30-18:00): one hour before lunch, one after 14:30.
    const own = {
      ...licence,
      department: {
        ...licence.department,
        officeHours: [
          { from: '08:30', to: '12:00' },
          { from: '14:30', to: '18:00' }
        ]
      }
    };
    expect(accepted(own).state!.deadlines!.promised).toBe(at('2026-10-12 15:30'));
  });
});
