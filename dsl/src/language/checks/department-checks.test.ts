import type { ValidationAcceptor } from 'langium';
import { describe, expect, it } from 'vitest';
import type { Department } from '../generated/ast.js';
import { checkPlaces } from './department-checks.js';

describe('the places check', () => {
  // `npm run proof`'s fuzzer (seed 20261123, run 39,791) met a department whose place, recovered by the parser from
  // a syntax error, had no address: the check threw, and the file's other checks were lost behind “An error
  // occurred during validation”.
  it('passes over a place recovered without an address, and still finds the empty one beside it', () => {
    const found: string[] = [];
    const accept: ValidationAcceptor = (_severity, message) => void found.push(message);
    const department = {
      $type: 'Department',
      places: [
        { $type: 'Place', officeHours: [] },
        { $type: 'Place', address: ' ', officeHours: [] }
      ]
    } as unknown as Department;
    expect(() => checkPlaces(department, accept)).not.toThrow();
    expect(found).toEqual(['办理地点不能为空。']);
  });
});
