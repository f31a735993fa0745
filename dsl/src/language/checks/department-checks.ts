import type { ValidationAcceptor } from 'langium';
import { Level } from '@banshi/definition';
import type { Department, Region } from '../generated/ast.js';
import * as v from '../vocabulary.js';
import type { DuplicateFinder } from './catalog-checks.js';
import { checkDepartmentOfficeHours } from './guide-checks.js';
import { report } from './report.js';
import { propertyRange, timesWritten } from './util.js';

/** Rank of a level: national is 0, village the last, so a smaller rank is a higher level. */
function rank(level: string | undefined): number | undefined {
  const canonical = v.level(level);
  return canonical === undefined ? undefined : Level.options.indexOf(canonical);
}

function regionAncestors(region: Region | undefined): Set<Region> {
  const seen = new Set<Region>();
  for (let at = region?.parent?.ref; at && !seen.has(at); at = at.parent?.ref) seen.add(at);
  return seen;
}

/**
 * The parent department (上级部门): not itself, no circle, a level no lower than the child's, and in the child's
 * region or one of its ancestors — a city bureau may sit under a provincial department, never under another city's.
 */
export function checkDepartmentParent(department: Department, accept: ValidationAcceptor): void {
  if (timesWritten(department, 'parent') > 1) {
    report(
      accept,
      'error',
      'department.duplicate-property',
      `部门“${department.name}”的同一项写了不止一次。`,
      department,
      {
        range: propertyRange(department, 'parent', 1)
      }
    );
  }
  const parent = department.parent?.ref;
  if (!parent) return;
  if (parent === department) {
    report(accept, 'error', 'department.parent-self', `部门“${department.name}”不能是自己的上级部门。`, department, {
      property: 'parent'
    });
    return;
  }
  const chain = [department.name];
  for (let at: Department | undefined = parent; at; at = at.parent?.ref) {
    chain.push(at.name);
    if (at === department) {
      report(accept, 'error', 'department.parent-cycle', `上级部门绕成了一个圈：${chain.join(' → ')}。`, department, {
        property: 'parent'
      });
      return;
    }
    if (chain.length > 64) break;
  }
  const own = rank(department.level);
  const above = rank(parent.level);
  if (own !== undefined && above !== undefined && above > own) {
    report(
      accept,
      'warning',
      'department.parent-level',
      `上级部门“${parent.name}”是${v.levelLabel[Level.options[above]!]}，低于本部门的${v.levelLabel[Level.options[own]!]}：上级部门的层级应不低于本部门。`,
      department,
      { property: 'parent' }
    );
  }
  const ownRegion = department.region?.ref;
  const parentRegion = parent.region?.ref;
  if (ownRegion && parentRegion && ownRegion !== parentRegion && !regionAncestors(ownRegion).has(parentRegion)) {
    report(
      accept,
      'warning',
      'department.parent-region',
      `上级部门“${parent.name}”在${parentRegion.name}，不是本部门所在的${ownRegion.name}或它的上级地区。`,
      department,
      { property: 'parent' }
    );
  }
}

/** Former names (曾用名): none twice, none the current name of this or another department. */
export function checkFormerNames(
  department: Department,
  accept: ValidationAcceptor,
  duplicates: DuplicateFinder
): void {
  department.formerNames.forEach((name, index) => {
    if (department.formerNames.indexOf(name) !== index) {
      report(accept, 'error', 'department.former-name-duplicate', `曾用名“${name}”重复。`, department, {
        property: 'formerNames',
        index
      });
      return;
    }
    if (name === department.name) {
      report(accept, 'error', 'department.former-name-current', `曾用名“${name}”就是本部门的现用名。`, department, {
        property: 'formerNames',
        index
      });
      return;
    }
    const others = duplicates.others(department, 'Department', name);
    if (others.length > 0) {
      report(
        accept,
        'error',
        'department.former-name-current',
        `曾用名“${name}”是另一个部门的现用名（见 ${others.join('、')}）。`,
        department,
        { property: 'formerNames', index }
      );
    }
  });
}

/** Places (办理地点): no address twice; each place's own hours in order, as the department's are. */
export function checkPlaces(department: Department, accept: ValidationAcceptor): void {
  department.places.forEach((place, index) => {
    // A place the parser recovered from a syntax error may have no address: the parser has said what is wrong
    // (`npm run proof`'s fuzzer found the check failing on one).
    const address = place.address as string | undefined;
    if (address !== undefined) {
      if (department.places.findIndex(other => other.address === address) !== index) {
        report(accept, 'error', 'department.place-duplicate', `办理地点“${address}”重复。`, place, {
          property: 'address'
        });
      }
      if (address.trim() === '') {
        report(accept, 'error', 'department.place-empty', '办理地点不能为空。', place, { property: 'address' });
      }
    }
    checkDepartmentOfficeHours(place, accept);
  });
}
