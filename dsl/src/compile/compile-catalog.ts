import { Catalog, type SupervisionPolicy } from '@banshi/definition';
import type { LangiumDocument } from 'langium';
import {
  isCalendar,
  isDepartment,
  isRegion,
  isSupervisionDefaults,
  type SupervisionDefaults,
  type TimeRange,
  type Workspace
} from '../language/generated/ast.js';
import { nearestByFolder } from '../language/folders.js';
import { applyRules, documentedDefaults } from '../language/policy.js';
import * as v from '../language/vocabulary.js';
import { sourceRange } from './source-range.js';

function elements(documents: LangiumDocument<Workspace>[]) {
  return documents.flatMap(d => d.parseResult.value.elements ?? []);
}

/** The supervision defaults that apply to files in `path`'s folder (the nearest catalogue's), over the documented ones. */
export function supervisionDefaults(documents: LangiumDocument<Workspace>[], path?: string): SupervisionPolicy {
  const written = documents.flatMap(d =>
    (d.parseResult.value.elements ?? []).filter(isSupervisionDefaults).map(node => ({ node, path: d.uri.path }))
  );
  const nearest = path === undefined ? written[0] : nearestByFolder(written, w => w.path, path);
  return applyRules(documentedDefaults, nearest?.node as SupervisionDefaults | undefined);
}

function pad(time: string): string {
  return time.length === 4 ? `0${time}` : time;
}

function hours(ranges: readonly TimeRange[]): { from: string; to: string }[] {
  return ranges.map(r => ({ from: pad(r.from ?? ''), to: pad(r.to ?? '') }));
}

export type CatalogResult = { ok: true; catalog: Catalog } | { ok: false; message: string };

/**
 * Everything besides matters that the runtime needs: calendars, departments, regions, supervision defaults.
 * Returns a message instead of throwing when the files are not complete enough (they have errors).
 */
export function compileCatalog(documents: LangiumDocument<Workspace>[], root: string): CatalogResult {
  const all = elements(documents);
  const catalog = {
    schemaVersion: 1 as const,
    calendars: all
      .filter(isCalendar)
      .filter(c => typeof c.year === 'number')
      .map(c => ({
        year: c.year,
        ...(c.source ? { source: c.source } : {}),
        holidays: c.holidays.map(h => ({ name: h.name, from: h.from, to: h.to ?? h.from })),
        adjustedWorkdays: [...c.adjustedWorkdays].sort(),
        officeHours: c.officeHours.map(r => ({ from: pad(r.from ?? ''), to: pad(r.to ?? '') }))
      }))
      .sort((a, b) => a.year - b.year),
    departments: all
      .filter(isDepartment)
      .filter(d => typeof d.name === 'string')
      .map(d => {
        const level = v.level(d.level);
        return {
          name: d.name,
          ...(d.code ? { code: d.code } : {}),
          ...(level ? { level } : {}),
          ...(d.region?.ref ? { region: d.region.ref.name } : {}),
          roles: d.roles.map(r => ({ name: r.name, ...(r.title ? { title: r.title } : {}) })),
          phones: d.phones.map(p => {
            const purpose = v.channelPurpose(p.purpose);
            return { ...(purpose ? { purpose } : {}), number: p.number };
          }),
          ...(d.officeHours.length ? { officeHours: hours(d.officeHours) } : {}),
          ...(d.parent?.ref ? { parent: d.parent.ref.name } : {}),
          ...(d.places.length
            ? {
                places: d.places.map(p => ({
                  address: p.address,
                  ...(p.officeHours.length ? { officeHours: hours(p.officeHours) } : {})
                }))
              }
            : {}),
          ...(d.formerNames.length ? { formerNames: [...d.formerNames] } : {}),
          source: sourceRange(d, root)
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    regions: all
      .filter(isRegion)
      .filter(r => typeof r.name === 'string')
      .map(r => {
        const level = v.level(r.level);
        return {
          name: r.name,
          ...(r.code ? { code: r.code } : {}),
          ...(level ? { level } : {}),
          ...(r.parent?.ref ? { parent: r.parent.ref.name } : {})
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    supervisionDefaults: supervisionDefaults(documents)
  };
  const parsed = Catalog.safeParse(catalog);
  if (parsed.success) return { ok: true, catalog: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `目录不完整，无法编译：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() };
}
