import type { Definition } from './matter.ts';

/**
 * Whether a matter serves this kind of applicant (服务对象): a person where it names 自然人, an organisation where it
 * names any legal person or other organisation. A matter that names none serves anyone. One rule for the hall's list,
 * its apply page, the window and the engine.
 */
export function serves(definition: Pick<Definition, 'serviceObjects'>, kind: 'person' | 'organisation'): boolean {
  const named = definition.serviceObjects;
  if (named.length === 0) return true;
  return kind === 'person' ? named.includes('person') : named.some(o => o !== 'person');
}
