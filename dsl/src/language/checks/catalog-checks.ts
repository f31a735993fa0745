import type {
  AstNode,
  AstNodeDescription,
  AstNodeLocator,
  IndexManager,
  LangiumSharedCoreServices,
  ValidationAcceptor
} from 'langium';
import { AstUtils, DocumentState, WorkspaceCache } from 'langium';
import { isRealDate, isValidCreditCode } from '@banshi/definition/identifiers';
import type { Calendar, Department, Matter, Region, SupervisionDefaults, Supervision } from '../generated/ast.js';
import { CalendarYearType, MatterCodeType } from '../scope.js';
import { report } from './report.js';
import type { SupervisionPolicy } from '@banshi/definition';
import { limitValue, type LimitValue } from '../policy.js';
import { describeLimit, timesWritten, propertyRange } from './util.js';

/** Looks up other elements with the same exported name through the index, so each check is one scan. */
export class DuplicateFinder {
  /** Exported descriptions by type, then by name; rebuilt once the index has changed. */
  private readonly byName: WorkspaceCache<string, Map<string, AstNodeDescription[]>>;

  constructor(
    private readonly index: IndexManager,
    private readonly locator: AstNodeLocator,
    shared: LangiumSharedCoreServices
  ) {
    this.byName = new WorkspaceCache(shared, DocumentState.IndexedContent);
  }

  private named(type: string, name: string): AstNodeDescription[] {
    return (
      this.byName
        .get(type, () => {
          const map = new Map<string, AstNodeDescription[]>();
          for (const description of this.index.allElements(type)) {
            const list = map.get(description.name);
            if (list) list.push(description);
            else map.set(description.name, [description]);
          }
          return map;
        })
        .get(name) ?? []
    );
  }

  /** Where else an element of `type` is named `name` (file and line), leaving out `node` itself. */
  others(node: AstNode, type: string, name: string): string[] {
    const candidates = this.named(type, name);
    if (candidates.length === 0) return [];
    const ownUri = AstUtils.getDocument(node).uri.toString();
    const ownPath = this.locator.getAstNodePath(node);
    const found: string[] = [];
    for (const description of candidates) {
      if (description.documentUri.toString() === ownUri && description.path === ownPath) continue;
      const path = description.documentUri.path.split('/').slice(-2).join('/');
      const line = (description.nameSegment?.range.start.line ?? 0) + 1;
      found.push(`${path} 第 ${line} 行`);
    }
    return found;
  }
}

export function checkDepartment(department: Department, accept: ValidationAcceptor, duplicates: DuplicateFinder): void {
  const others = duplicates.others(department, 'Department', department.name);
  if (others.length > 0) {
    report(
      accept,
      'error',
      'duplicate.department',
      `部门“${department.name}”重复定义（另见 ${others.join('、')}）。`,
      department,
      { property: 'name' }
    );
  }
  if (department.code !== undefined && !isValidCreditCode(department.code)) {
    report(
      accept,
      'error',
      'department.code-malformed',
      `“${department.code}”不是有效的统一社会信用代码（18 位，校验位按 GB 32100 计算）。`,
      department,
      { property: 'code' }
    );
  }
  if (department.roles.length === 0) {
    report(
      accept,
      'warning',
      'department.no-roles',
      `部门“${department.name}”没有定义角色，事项环节无法指定由谁办理。`,
      department,
      { property: 'name' }
    );
  }
  department.roles.forEach((role, index) => {
    if (department.roles.findIndex(other => other.name === role.name) !== index) {
      report(accept, 'error', 'duplicate.role', `角色“${role.name}”在部门“${department.name}”中重复。`, role, {
        property: 'name'
      });
    }
  });
  for (const property of ['code', 'region', 'level'] as const) {
    if (timesWritten(department, property) > 1) {
      report(
        accept,
        'error',
        'department.duplicate-property',
        `部门“${department.name}”的同一项写了不止一次。`,
        department,
        { range: propertyRange(department, property, 1) }
      );
    }
  }
}

export function checkRegion(region: Region, accept: ValidationAcceptor, duplicates: DuplicateFinder): void {
  const others = duplicates.others(region, 'Region', region.name);
  if (others.length > 0) {
    report(accept, 'error', 'duplicate.region', `地区“${region.name}”重复定义（另见 ${others.join('、')}）。`, region, {
      property: 'name'
    });
  }
  if (region.code !== undefined && !/^\d{6}$/.test(region.code)) {
    report(accept, 'error', 'region.code-malformed', `行政区划代码“${region.code}”应为 6 位数字。`, region, {
      property: 'code'
    });
  }
  if (region.parent?.ref === region) {
    report(accept, 'error', 'region.parent-self', `地区“${region.name}”不能是自己的上级。`, region, {
      property: 'parent'
    });
  }
}

export function checkMatterDuplicates(matter: Matter, accept: ValidationAcceptor, duplicates: DuplicateFinder): void {
  if (matter.code) {
    const others = duplicates.others(matter, MatterCodeType, matter.code.trim());
    if (others.length > 0) {
      report(
        accept,
        'error',
        'code.duplicate',
        `事项编码“${matter.code}”在目录中重复（另见 ${others.join('、')}）。`,
        matter,
        { property: 'code' }
      );
    }
  }
  const sameName = duplicates.others(matter, 'Matter', matter.name);
  if (sameName.length > 0) {
    report(
      accept,
      'warning',
      'duplicate.matter-name',
      `事项名称“${matter.name}”在目录中重复（另见 ${sameName.join('、')}）；申请人会分不清。`,
      matter,
      { property: 'name' }
    );
  }
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function checkCalendar(calendar: Calendar, accept: ValidationAcceptor, duplicates: DuplicateFinder): void {
  const year = calendar.year;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    report(accept, 'error', 'calendar.year-invalid', `“${year}”不是有效的年份。`, calendar, { property: 'year' });
    return;
  }
  const others = duplicates.others(calendar, CalendarYearType, String(year));
  if (others.length > 0) {
    report(accept, 'error', 'duplicate.calendar', `${year} 年的日历重复定义（另见 ${others.join('、')}）。`, calendar, {
      property: 'year'
    });
  }
  const inYear = (date: string) => date.startsWith(`${year}-`);
  const holidayDays = new Set<string>();
  for (const holiday of calendar.holidays) {
    for (const property of ['from', 'to'] as const) {
      const date = holiday[property];
      if (!date) continue;
      if (!isRealDate(date)) {
        report(accept, 'error', 'calendar.date-invalid', `“${date}”不是存在的日期。`, holiday, { property });
      } else if (!inYear(date)) {
        report(
          accept,
          'error',
          'calendar.date-outside-year',
          `“${date}”不在 ${year} 年内：${year} 年日历只能写 ${year} 年的日期。`,
          holiday,
          { property }
        );
      }
    }
    const to = holiday.to ?? holiday.from;
    if (holiday.from && to < holiday.from) {
      report(accept, 'error', 'calendar.range-reversed', `节假日“${holiday.name}”的结束日期早于开始日期。`, holiday, {
        property: 'to'
      });
      continue;
    }
    if (holiday.from && isRealDate(holiday.from) && isRealDate(to)) {
      for (
        let day = new Date(`${holiday.from}T00:00:00Z`);
        day.toISOString().slice(0, 10) <= to;
        day.setUTCDate(day.getUTCDate() + 1)
      ) {
        holidayDays.add(day.toISOString().slice(0, 10));
      }
    }
  }
  calendar.adjustedWorkdays.forEach((date, index) => {
    if (!isRealDate(date)) {
      report(accept, 'error', 'calendar.date-invalid', `“${date}”不是存在的日期。`, calendar, {
        property: 'adjustedWorkdays',
        index
      });
      return;
    }
    if (!inYear(date)) {
      report(
        accept,
        'error',
        'calendar.date-outside-year',
        `“${date}”不在 ${year} 年内：${year} 年日历只能写 ${year} 年的日期。`,
        calendar,
        { property: 'adjustedWorkdays', index }
      );
    }
    if (holidayDays.has(date)) {
      report(accept, 'error', 'calendar.holiday-and-workday', `${date} 既是节假日又是调休上班日。`, calendar, {
        property: 'adjustedWorkdays',
        index
      });
    }
    const day = weekday(date);
    if (day !== 0 && day !== 6) {
      report(
        accept,
        'warning',
        'calendar.adjusted-weekday',
        `调休上班日 ${date} 不是周末：工作日本来就上班。`,
        calendar,
        { property: 'adjustedWorkdays', index }
      );
    }
    if (calendar.adjustedWorkdays.indexOf(date) !== index) {
      report(accept, 'warning', 'calendar.duplicate-date', `调休上班日 ${date} 重复。`, calendar, {
        property: 'adjustedWorkdays',
        index
      });
    }
  });
  for (const range of calendar.officeHours) {
    if (range.from >= range.to) {
      report(accept, 'error', 'calendar.office-hours', `办公时间 ${range.from}-${range.to} 的开始不早于结束。`, range, {
        property: 'to'
      });
    }
  }
}

type Rules = SupervisionDefaults | Supervision;

/** A matter may tighten the supervision defaults that apply to it (its catalogue's, else the documented ones), never loosen them. */
export function checkSupervisionTightens(
  supervision: Supervision,
  base: SupervisionPolicy,
  accept: ValidationAcceptor
): void {
  const compare = (
    property: 'warningBefore' | 'yellowAfter' | 'redAfter',
    own: LimitValue | undefined,
    limit: LimitValue,
    label: string,
    tighterIsLarger: boolean
  ) => {
    if (!own || own.unit !== limit.unit) return;
    const looser = tighterIsLarger ? own.amount < limit.amount : own.amount > limit.amount;
    if (looser) {
      report(
        accept,
        'error',
        'supervision.looser-than-default',
        `${label} ${describeLimit(own)}比默认的 ${describeLimit(limit)}宽松：事项只能收紧监察规则，不能放宽。`,
        supervision,
        { property }
      );
    }
  };
  compare('warningBefore', limitValue(supervision.warningBefore), base.warningBefore, '预警提前', true);
  compare('yellowAfter', limitValue(supervision.yellowAfter), base.yellowCardGrace, '黄牌宽限', false);
  compare('redAfter', limitValue(supervision.redAfter), base.redCardGrace, '红牌宽限', false);
  if (supervision.correctionRounds !== undefined && supervision.correctionRounds > base.correctionRoundsAnomaly) {
    report(
      accept,
      'error',
      'supervision.looser-than-default',
      `补正超过 ${supervision.correctionRounds} 次才算异常，比默认的 ${base.correctionRoundsAnomaly} 次宽松：事项只能收紧。`,
      supervision,
      { property: 'correctionRounds' }
    );
  }
}

export function checkSupervisionDefaultsUnique(defaults: Rules, accept: ValidationAcceptor, count: number): void {
  if (count > 1) {
    report(accept, 'error', 'duplicate.supervision-defaults', '目录中只能有一处“默认监察”。', defaults);
  }
}
