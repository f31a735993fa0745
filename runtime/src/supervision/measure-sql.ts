import type { Sql } from '../platform/db/db.ts';
import { units, type Figure } from './performance.ts';

/**
 * The SQL of performance evaluation over `case_measures` (migration 019). Every query takes the same parameters:
 * $1 the period's start and $2 its end (far instants when open), $3 the department's names (its current
 * name and former names; null for all), $4 a matter code (null for all), $5 now. A case is in scope when received
 * before the period's end, as `performance` reads it; figures are counted per (department as written, matter).
 */
export interface MeasureParams {
  from: string;
  to: string;
  departments: string[] | null;
  matter: string | null;
  now: string;
}

const params = (p: MeasureParams) => [p.from, p.to, p.departments, p.matter, p.now];

const scope = `m.received_at < $2 and ($3::text[] is null or m.department = any($3::text[])) and ($4::text is null or m.matter_code = $4)`;
const inPeriod = (column: string) => `${column} >= $1 and ${column} < $2`;
const decided = inPeriod('m.decided_at');
const overrun = (which: 'promised' | 'legal') =>
  `m.active_until = 'infinity' and ${inPeriod(`m.${which}_deadline`)} and m.${which}_deadline <= $5 and not m.${which}_movable`;
const count = (condition: string, as: string) => `count(*) filter (where ${condition})::int as ${as}`;

const timeliness = (which: 'promised' | 'legal') => [
  count(`${decided} and m.${which}_verdict = 'early'`, `${which}_early`),
  count(`${decided} and m.${which}_verdict = 'onTime'`, `${which}_on_time`),
  count(`${decided} and m.${which}_verdict = 'late'`, `${which}_late_decided`),
  count(overrun(which), `${which}_late_open`),
  ...units.flatMap(unit => [
    count(`${decided} and m.${which}_unit = '${unit}'`, `${which}_${unit}_cases`),
    `coalesce(sum(m.${which}_used) filter (where ${decided} and m.${which}_unit = '${unit}'), 0)::float8 as ${which}_${unit}_used`,
    `coalesce(sum(m.${which}_limit) filter (where ${decided} and m.${which}_unit = '${unit}'), 0)::float8 as ${which}_${unit}_limit`
  ])
];

/** The counted figures of one (department, matter) pair. */
export type FigureSums = Record<string, number> & { department: string; matter_code: string };

/**
 * One pass over the cases active in the period (received before its end, not closed before its start): every
 * figure but cards, ratings and complaints, with early before cards.
 */
export function caseSums(sql: Sql, p: MeasureParams): Promise<FigureSums[]> {
  const received = inPeriod('m.received_at');
  return sql.query<FigureSums>(
    `select m.department, m.matter_code,
       ${count(received, 'received')},
       coalesce(sum(m.correction_rounds) filter (where ${received}), 0)::int as correction_rounds,
       ${count(`${received} and m.correction_rounds > 0`, 'corrected')},
       ${count(`${received} and m.channel = 'online'`, 'online')},
       ${count(`${received} and m.channel = 'window'`, 'window')},
       ${count(`${received} and m.channel = 'express'`, 'express')},
       ${count(inPeriod('m.accepted_at'), 'accepted')},
       ${count(inPeriod('m.refused_at'), 'refused')},
       ${count(inPeriod('m.withdrawn_at'), 'withdrawn')},
       ${count(decided, 'decided')},
       ${[...timeliness('promised'), ...timeliness('legal')].join(',\n       ')}
     from case_measures m
     where ${scope} and m.active_until >= $1 and $5::timestamptz is not null
     group by m.department, m.matter_code`,
    params(p)
  );
}

const cardLevels = `('yellowCard', 'redCard')`;
const carded = `exists (select 1 from supervision_events e where e.case_id = m.case_id and e.level in ${cardLevels})`;

/** Decided cases of the period judged early before cards that earned a yellow or red card: on time instead. */
export function cardedEarly(sql: Sql, p: MeasureParams) {
  return sql.query<{ department: string; matter_code: string; promised: number; legal: number }>(
    `select m.department, m.matter_code,
       ${count(`m.promised_verdict = 'early'`, 'promised')}, ${count(`m.legal_verdict = 'early'`, 'legal')}
     from case_measures m
     where m.case_id in (select e.case_id from supervision_events e where e.case_id is not null and e.level in ${cardLevels})
       and ${decided} and ${scope} and $5::timestamptz is not null
     group by m.department, m.matter_code`,
    params(p)
  );
}

/** Warnings, cards and anomalies on the cases received in the period, by level. */
export function supervisionSums(sql: Sql, p: MeasureParams) {
  return sql.query<{ department: string; matter_code: string; level: string; n: number }>(
    `select m.department, m.matter_code, e.level, count(*)::int as n
     from supervision_events e join case_measures m on m.case_id = e.case_id
     where ${inPeriod('m.received_at')} and ${scope} and $5::timestamptz is not null
     group by m.department, m.matter_code, e.level`,
    params(p)
  );
}

/** Ratings (评价) given in the period, by level. */
export function ratingSums(sql: Sql, p: MeasureParams) {
  return sql.query<{ department: string; matter_code: string; level: number; n: number }>(
    `select m.department, m.matter_code, v.level, count(*)::int as n
     from evaluations v join case_measures m on m.case_id = v.case_id
     where ${inPeriod('v.created_at')} and ${scope} and $5::timestamptz is not null
     group by m.department, m.matter_code, v.level`,
    params(p)
  );
}

/** Complaints (投诉) made in the period: about a case in scope, or naming no case (its department and matter). */
export function complaintSums(sql: Sql, p: MeasureParams) {
  return sql.query<{ department: string; matter_code: string | null; about_case: boolean; n: number }>(
    `select m.department, m.matter_code, true as about_case, count(*)::int as n
     from complaints c join case_measures m on m.case_id = c.case_id
     where ${inPeriod('c.created_at')} and ${scope} and $5::timestamptz is not null
     group by m.department, m.matter_code
     union all
     select c.department, c.matter_code, false, count(*)::int
     from complaints c
     where c.case_id is null and ${inPeriod('c.created_at')}
       and ($3::text[] is null or c.department = any($3::text[])) and ($4::text is null or c.matter_code = $4)
     group by c.department, c.matter_code`,
    params(p)
  );
}

/**
 * Every (department, matter) pair with a case received before the period's end, figures or none: a row the period
 * shows. A skip scan over the pairs index, one probe per pair, whatever the number of cases.
 */
export function pairs(sql: Sql, p: MeasureParams) {
  return sql.query<{ department: string; matter_code: string }>(
    `with recursive pairs(department, matter_code) as (
       (select department, matter_code from case_measures order by department, matter_code limit 1)
       union all
       select n.department, n.matter_code from pairs q cross join lateral (
         select m.department, m.matter_code from case_measures m
         where (m.department, m.matter_code) > (q.department, q.matter_code)
         order by m.department, m.matter_code limit 1) n
     )
     select q.department, q.matter_code from pairs q
     where exists (select 1 from case_measures m where m.department = q.department and m.matter_code = q.matter_code
                     and ${scope} and $1::timestamptz is not null and $5::timestamptz is not null)`,
    params(p)
  );
}

/** The condition under which a case in scope (`m`) is behind a figure, as `performance` lists it. */
export function behindCondition(figure: Figure): string {
  const received = inPeriod('m.received_at');
  const against = (which: 'promised' | 'legal', verdict: 'Early' | 'OnTime' | 'Late') => {
    const v = `m.${which}_verdict`;
    if (verdict === 'Early') return `${decided} and ${v} = 'early' and not ${carded}`;
    if (verdict === 'OnTime') return `${decided} and (${v} = 'onTime' or (${v} = 'early' and ${carded}))`;
    return `((${decided} and ${v} = 'late') or (${overrun(which)}))`;
  };
  const event = (level: string) =>
    `${received} and exists (select 1 from supervision_events e where e.case_id = m.case_id and e.level = '${level}')`;
  const rated = (bad: boolean) =>
    `exists (select 1 from evaluations v where v.case_id = m.case_id and ${inPeriod('v.created_at')}${bad ? ' and v.level <= 2' : ''})`;
  switch (figure) {
    case 'received':
      return received;
    case 'accepted':
    case 'refused':
    case 'withdrawn':
    case 'decided':
      return inPeriod(`m.${figure}_at`);
    case 'promisedEarly':
      return against('promised', 'Early');
    case 'promisedOnTime':
      return against('promised', 'OnTime');
    case 'promisedLate':
      return against('promised', 'Late');
    case 'legalEarly':
      return against('legal', 'Early');
    case 'legalOnTime':
      return against('legal', 'OnTime');
    case 'legalLate':
      return against('legal', 'Late');
    case 'corrected':
      return `${received} and m.correction_rounds > 0`;
    case 'warnings':
      return event('warning');
    case 'yellowCards':
      return event('yellowCard');
    case 'redCards':
      return event('redCard');
    case 'anomalies':
      return event('anomaly');
    case 'complaints':
      return `exists (select 1 from complaints c where c.case_id = m.case_id and ${inPeriod('c.created_at')})`;
    case 'rated':
      return rated(false);
    case 'badRatings':
      return rated(true);
    case 'online':
    case 'window':
    case 'express':
      return `${received} and m.channel = '${figure}'`;
    default:
      return unknownFigure(figure);
  }
}

function unknownFigure(figure: never): never {
  throw new RangeError(`unknown figure ${String(figure)}`);
}

/** The cases in scope behind a figure, oldest received first, at most `limit` after the first `offset`. */
export function behind(sql: Sql, p: MeasureParams, figure: Figure, limit: number, offset = 0) {
  return sql.query<{
    case_id: string;
    case_number: string;
    matter_code: string;
    matter_name: string;
    department: string;
    channel: string;
    status: string;
    received_at: Date;
    decided_at: string | null;
    promised_deadline: Date | null;
    legal_deadline: Date | null;
  }>(
    `select m.case_id, c.case_number, m.matter_code, m.matter_name, m.department, c.state->>'channel' as channel,
       c.status, m.received_at, c.state->'decision'->>'at' as decided_at, m.promised_deadline, m.legal_deadline
     from case_measures m join cases c on c.case_id = m.case_id
     where ${scope} and (${behindCondition(figure)}) and $5::timestamptz is not null
     order by m.received_at, c.case_number
     limit ${Math.max(1, Math.floor(limit))} offset ${Math.max(0, Math.floor(offset))}`,
    params(p)
  );
}
