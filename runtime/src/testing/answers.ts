import type { Definition } from '@banshi/definition';

/** Answers to every required field of a matter's form, of the right kind. */
export function answersFor(definition: Definition, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const field of definition.form) {
    if (!field.required) continue;
    sample[field.name] =
      field.kind === 'number' || field.kind === 'money'
        ? 100
        : field.kind === 'yesNo'
          ? false
          : field.kind === 'choice'
            ? field.options?.[0]
            : field.kind === 'date'
              ? '2026-10-01'
              : field.kind === 'creditCode'
                ? '91350100M000100Y43'
                : field.kind === 'idNumber'
                  ? '11010519491231002X'
                  : field.kind === 'phone'
                    ? '0592-5000001'
                    : '示例';
  }
  return { ...sample, ...overrides };
}
