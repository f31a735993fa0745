import type { ValidationAcceptor } from 'langium';
import { levelDigits, parseMatterCode } from '@banshi/definition/identifiers';
import type { Channel, Fee, Matter, Result, Visits } from '../generated/ast.js';
import * as vocabulary from '../vocabulary.js';
import { report } from './report.js';
import { keywordRange, propertyRange, timesWritten } from './util.js';

const singleValued: Array<[keyof Matter & string, string]> = [
  ['code', '编码'],
  ['localCode', '地方编码'],
  ['type', '类型'],
  ['department', '部门'],
  ['level', '层级'],
  ['conditions', '条件'],
  ['fee', '收费'],
  ['hours', '办理时间'],
  ['appointment', '预约'],
  ['quantityLimit', '数量限制'],
  ['repeatLimit', '每证限办'],
  ['eligibility', '申请条件'],
  ['correction', '补正期限'],
  ['visits', '到场次数'],
  ['onlineDepth', '网办深度'],
  ['paper', '纸质材料'],
  ['form', '表单'],
  ['materials', '材料'],
  ['limits', '时限'],
  ['steps', '环节'],
  ['special', '特殊程序'],
  ['supervision', '监察'],
  ['inspection', '年检'],
  ['declaration', '网上申报']
];

const required: Array<[keyof Matter & string, string]> = [
  ['code', '编码'],
  ['type', '类型'],
  ['department', '部门'],
  ['level', '层级'],
  ['limits', '时限'],
  ['steps', '环节'],
  ['submission', '递交'],
  ['delivery', '送达'],
  ['paper', '纸质材料']
];

/** Properties every matter has, written once. */
export function checkMatterShape(matter: Matter, accept: ValidationAcceptor): void {
  for (const [property, label] of singleValued) {
    if (timesWritten(matter, property) > 1) {
      report(
        accept,
        'error',
        'matter.duplicate-property',
        `“${label}”写了不止一次：每个事项只能写一次${label}。`,
        matter,
        {
          range: propertyRange(matter, property, 1)
        }
      );
    }
  }
  const missing = required.filter(([property]) => {
    const value = matter[property];
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
  if (missing.length > 0) {
    report(
      accept,
      'error',
      'matter.missing-property',
      `事项“${matter.name}”缺少${missing.map(([, label]) => `“${label}”`).join('、')}。`,
      matter,
      { property: 'name' }
    );
  }
}

/** The matter code: 33 characters, the implementer's credit code, the level digit. */
export function checkMatterCode(matter: Matter, accept: ValidationAcceptor): void {
  if (matter.code === undefined) return;
  const parsed = parseMatterCode(matter.code);
  if (!parsed.ok) {
    report(accept, 'error', 'code.malformed', `事项编码“${matter.code}”格式不对：${parsed.reason}。`, matter, {
      property: 'code'
    });
    return;
  }
  const level = vocabulary.level(matter.level);
  if (level && parsed.level !== levelDigits[level]) {
    report(
      accept,
      'error',
      'code.level-mismatch',
      `事项编码第 19 位是行使层级“${parsed.level}”，与事项层级“${vocabulary.levelLabel[level]}”（应为 ${levelDigits[level]}）不一致。`,
      matter,
      { property: 'code' }
    );
  }
  const department = matter.department?.ref;
  if (department?.code && department.code !== parsed.implementer) {
    report(
      accept,
      'warning',
      'code.implementer-mismatch',
      `事项编码的前 18 位“${parsed.implementer}”与部门“${department.name}”的统一社会信用代码“${department.code}”不一致。`,
      matter,
      { property: 'code' }
    );
  }
}

export function checkMatterLevel(matter: Matter, accept: ValidationAcceptor): void {
  const department = matter.department?.ref;
  const level = vocabulary.level(matter.level);
  const departmentLevel = vocabulary.level(department?.level);
  if (level && departmentLevel && level !== departmentLevel) {
    report(
      accept,
      'warning',
      'matter.level-mismatch',
      `事项层级是“${vocabulary.levelLabel[level]}”，实施部门“${department!.name}”却是“${vocabulary.levelLabel[departmentLevel]}”。`,
      matter,
      { property: 'level' }
    );
  }
}

export function checkFee(fee: Fee, accept: ValidationAcceptor): void {
  if (fee.free && fee.onlinePayment) {
    const range = keywordRange(fee, '网上支付', 'onlinePayment');
    report(accept, 'error', 'fee.free-online-payment', '不收费的事项不能提供网上支付。', fee, {
      property: 'onlinePayment',
      ...(range ? { fix: { title: '删除“网上支付”', edits: [{ range, newText: '' }] } } : {})
    });
  }
  if (!fee.free && fee.items.length === 0) {
    report(accept, 'error', 'fee.no-items', '收费的事项要列出收费项目；不收费请写“收费 无”。', fee);
  }
  for (const item of fee.items) {
    if (!item.basis) {
      const end = item.$cstNode?.range.end;
      report(
        accept,
        'error',
        'fee.missing-basis',
        `收费项目“${item.name}”没有写收费依据：每项收费都要写明依据（文件名和条款）。`,
        item,
        {
          property: 'name',
          ...(end
            ? { fix: { title: '补写收费依据', edits: [{ range: { start: end, end }, newText: ' 依据 "《》第  条"' }] } }
            : {})
        }
      );
    }
  }
}

export function checkVisits(visits: Visits, accept: ValidationAcceptor): void {
  if (visits.count > 0 && !visits.reason) {
    const end = visits.$cstNode?.range.end;
    report(
      accept,
      'error',
      'visits.missing-reason',
      `需要到现场 ${visits.count} 次，要写明原因（如“现场核验原件”）。`,
      visits,
      {
        property: 'count',
        ...(end ? { fix: { title: '补写到场原因', edits: [{ range: { start: end, end }, newText: ' 原因 ""' }] } } : {})
      }
    );
  }
}

/** Fully online, paper, visits, and the channels that online delivery needs. */
export function checkOnlineConsistency(matter: Matter, accept: ValidationAcceptor): void {
  const depth = vocabulary.onlineDepth(matter.onlineDepth);
  if (matter.onlineDepth !== undefined && (depth === undefined || depth < 1 || depth > 4)) {
    report(accept, 'error', 'online.depth-invalid', '网办深度应为一级到四级（1–4）。', matter, {
      property: 'onlineDepth'
    });
  }
  const fullyOnline = depth === 4;
  const paperNone = matter.paper?.none === true;
  if (fullyOnline && matter.paper && !paperNone) {
    report(
      accept,
      'error',
      'online.paper-required',
      '网办深度为四级（全程网办）的事项不能要求提交纸质材料：请改为“纸质材料 无需”。',
      matter.paper
    );
  }
  if (fullyOnline && matter.visits && matter.visits.count > 0) {
    report(
      accept,
      'error',
      'online.visit-required',
      '网办深度为四级（全程网办）的事项不能要求申请人到现场：到场次数应为 0。',
      matter.visits,
      { property: 'count' }
    );
  }
  if (paperNone) {
    for (const material of matter.materials?.items ?? []) {
      if (material.copies !== undefined) {
        report(
          accept,
          'error',
          'online.paper-copies',
          `事项不收纸质材料，材料“${material.title ?? material.name}”却要求纸质份数。`,
          material,
          { property: 'copies' }
        );
      }
    }
  }
  const submission = matter.submission.map(vocabulary.submissionMode);
  const delivery = matter.delivery.map(vocabulary.deliveryMode);
  if (delivery.includes('online') && !submission.includes('online')) {
    report(
      accept,
      'error',
      'delivery.online-without-channel',
      '结果可以网上送达，但事项没有网上递交渠道：请在“递交”中加上“网上”，或去掉网上送达。',
      matter,
      {
        property: 'delivery',
        index: delivery.indexOf('online')
      }
    );
  }
  if (fullyOnline && !submission.includes('online')) {
    report(accept, 'error', 'online.no-online-submission', '全程网办的事项必须支持网上递交。', matter, {
      property: 'submission'
    });
  }
  const visits = matter.visits?.count ?? 0;
  if (visits === 0 && submission.length > 0 && !submission.includes('online') && !submission.includes('express')) {
    report(
      accept,
      'warning',
      'submission.zero-visits-on-site-only',
      '到场次数为 0，但只能现场递交：应提供网上或快递递交。',
      matter,
      { property: 'submission' }
    );
  }
  const duplicatesIn = (list: Array<string | undefined>, label: string, property: 'submission' | 'delivery') => {
    list.forEach((mode, index) => {
      if (mode && list.indexOf(mode) !== index) {
        report(accept, 'warning', 'matter.duplicate-option', `${label}方式重复。`, matter, { property, index });
      }
    });
  };
  duplicatesIn(submission, '递交', 'submission');
  duplicatesIn(delivery, '送达', 'delivery');
}

export function checkResult(matter: Matter, accept: ValidationAcceptor): void {
  if (matter.results.length === 0) {
    if (vocabulary.matterType(matter.type) === 'licensing') {
      report(accept, 'warning', 'result.missing', '行政许可事项应写明审批结果（证照或批文）。', matter, {
        property: 'name'
      });
    }
    return;
  }
  for (const result of matter.results) checkResultKind(result, accept);
}

function checkResultKind(result: Result, accept: ValidationAcceptor): void {
  const kind = vocabulary.resultKind(result.kind);
  if (kind === 'document' && /证$/.test(result.name)) {
    report(
      accept,
      'warning',
      'result.kind-mismatch',
      `结果“${result.name}”以“证”结尾，一般是证照，而不是批文。`,
      result,
      { property: 'kind' }
    );
  }
  if (kind === 'licence' && /(文|批复|决定书)$/.test(result.name)) {
    report(accept, 'warning', 'result.kind-mismatch', `结果“${result.name}”是文书，一般应写“批文”。`, result, {
      property: 'kind'
    });
  }
}

function phonesOf(channels: Channel[]): string[] {
  return channels.filter(c => vocabulary.channelKind(c.kind) === 'phone' && c.value).map(c => c.value!);
}

export function checkChannels(matter: Matter, accept: ValidationAcceptor): void {
  if (matter.consultation.length === 0) {
    report(accept, 'warning', 'channels.no-consultation', '办事指南应写明咨询方式（`咨询 电话 "…"`）。', matter, {
      property: 'name'
    });
  }
  if (matter.complaint.length === 0) {
    report(accept, 'warning', 'channels.no-complaint', '办事指南应写明监督投诉方式（`投诉 电话 "…"`）。', matter, {
      property: 'name'
    });
  }
  const consultation = phonesOf(matter.consultation);
  matter.complaint.forEach((channel, index) => {
    if (vocabulary.channelKind(channel.kind) === 'phone' && channel.value && consultation.includes(channel.value)) {
      report(accept, 'warning', 'channels.same-phone', '咨询电话和投诉电话相同：投诉应有独立的监督渠道。', matter, {
        property: 'complaint',
        index
      });
    }
  });
  for (const [list, property] of [
    [matter.consultation, 'consultation'],
    [matter.complaint, 'complaint']
  ] as const) {
    list.forEach((channel, index) => {
      if (
        vocabulary.channelKind(channel.kind) === 'phone' &&
        channel.value &&
        !/^(0\d{2,3}-?\d{5,8}|1\d{10}|400-?\d{3}-?\d{4}|\d{5})$/.test(channel.value.replace(/\s/g, ''))
      ) {
        report(
          accept,
          'warning',
          'channels.phone-format',
          `电话“${channel.value}”应带区号，如“0592-1234567”。`,
          matter,
          { property, index }
        );
      }
    });
  }
}
