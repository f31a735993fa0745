import type { Definition } from '@banshi/definition';

/**
 * Answers to every required field of a matter's form, of the right kind and within its bounds, for a simulation that
 * does not say what the applicant wrote; the scenario's own answers replace them.
 */
export function sampleAnswers(definition: Definition): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const field of definition.form) {
    if (!field.required) continue;
    switch (field.kind) {
      case 'number':
      case 'money':
        sample[field.name] = Math.min(Math.max(100, field.min ?? 0), field.max ?? Infinity);
        break;
      case 'yesNo':
        sample[field.name] = false;
        break;
      case 'choice':
        sample[field.name] = field.options?.[0];
        break;
      case 'date':
        sample[field.name] = '2026-10-01';
        break;
      case 'creditCode':
        sample[field.name] = '91350100M000100Y43';
        break;
      case 'idNumber':
        sample[field.name] = '11010519491231002X';
        break;
      case 'phone':
        sample[field.name] = '0592-5000001';
        break;
      default:
        sample[field.name] = '模拟';
    }
  }
  return sample;
}
