/**
 * The performance side of the supervision console (绩效测评): its scope in the page's address, the figures, the
 * cases behind one of them, and the download links (CSV, XLSX, the period report's PDF) for the same scope.
 */
import { api, must } from '$lib/api/client';
import type { paths } from '$lib/api/schema';

type Get<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? Q : never;
export type PerformanceQuery = NonNullable<Get<'/api/supervision/performance'>>;
export type Figure = NonNullable<Get<'/api/supervision/performance/cases'>>['figure'];

/** What the page shows: a period (or days from–to), rows by department or matter, one department or all. */
export interface PerformanceScope {
  period?: string;
  from?: string;
  to?: string;
  by: 'department' | 'matter';
  department?: string;
  matter?: string;
}

const keys = ['period', 'from', 'to', 'by', 'department', 'matter'] as const;

/** The scope a page address names (`?period=2026-Q4&by=matter`); unknown or empty parameters left out. */
export function scopeOf(params: URLSearchParams): PerformanceScope {
  const scope: PerformanceScope = { by: params.get('by') === 'matter' ? 'matter' : 'department' };
  for (const key of keys) {
    const value = params.get(key);
    if (value && key !== 'by') scope[key] = value;
  }
  return scope;
}

/** The scope as query parameters, in a stable order. */
export function scopeParams(scope: PerformanceScope, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = scope[key];
    if (value && !(key === 'by' && value === 'department')) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

export async function readPerformance(scope: PerformanceScope) {
  const answer = await must(
    api.GET('/api/supervision/performance', { params: { query: { ...scope, format: 'json' } } })
  );
  // The route also answers CSV and XLSX (format=csv, xlsx), which the document declares; format=json never does.
  if (typeof answer === 'string') throw new Error('绩效测评的答复不是 JSON。');
  return answer;
}
export type PerformanceAnswer = Awaited<ReturnType<typeof readPerformance>>;
export type PerformanceRow = PerformanceAnswer['items'][number];

/** A page of the cases behind a figure (oldest received first): `limit` from `offset`; `next` says where the next begins. */
export function readCasesBehind(scope: Omit<PerformanceScope, 'by'>, figure: Figure, offset = 0, limit = casesPage) {
  const { period, from, to, department, matter } = scope;
  return must(
    api.GET('/api/supervision/performance/cases', {
      params: { query: { period, from, to, department, matter, figure, offset, limit } }
    })
  );
}
/** How many cases a drill-down page lists. */
export const casesPage = 200;
export type CaseBehind = Awaited<ReturnType<typeof readCasesBehind>>['items'][number];

/** Where the same figures download: the table as CSV or XLSX, the period report as a PDF. */
export function downloadLinks(scope: PerformanceScope) {
  return {
    csv: `/api/supervision/performance?${scopeParams(scope, { format: 'csv' })}`,
    xlsx: `/api/supervision/performance?${scopeParams(scope, { format: 'xlsx' })}`,
    pdf: `/api/supervision/performance/report.pdf?${scopeParams(scope)}`
  };
}

/** The scope of the cases behind one figure of one row: the row's department or matter within the page's scope. */
export function rowScope(scope: PerformanceScope, row: PerformanceRow): Omit<PerformanceScope, 'by'> {
  const { by: _, ...rest } = scope;
  return scope.by === 'matter' && row.matterCode
    ? { ...rest, matter: row.matterCode }
    : { ...rest, department: row.department };
}
