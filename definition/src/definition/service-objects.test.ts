import { describe, expect, it } from 'vitest';
import { serves } from './service-objects.ts';

describe('who a matter serves (服务对象)', () => {
  it('a person where it names 自然人, an organisation where it names any other object, anyone where it names none', () => {
    expect(serves({ serviceObjects: ['person'] }, 'person')).toBe(true);
    expect(serves({ serviceObjects: ['person'] }, 'organisation')).toBe(false);
    expect(serves({ serviceObjects: ['enterprise'] }, 'person')).toBe(false);
    expect(serves({ serviceObjects: ['enterprise', 'institution'] }, 'organisation')).toBe(true);
    expect(serves({ serviceObjects: ['person', 'socialOrganisation'] }, 'organisation')).toBe(true);
    expect(serves({ serviceObjects: [] }, 'person')).toBe(true);
    expect(serves({ serviceObjects: [] }, 'organisation')).toBe(true);
  });
});
