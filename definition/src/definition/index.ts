/**
 * The Definition: what the Matter language compiles to and the runtime executes. This module imports nothing
 * but zod, so the compiler, the runtime, the hall and the studio can all depend on it.
 */
export * from './common.ts';
export * from './condition.ts';
export * from './supervision.ts';
export * from './catalog.ts';
export * from './steps.ts';
export * from './matter.ts';
export * from './identifiers.ts';
export * from './answers.ts';
export * from './labels.ts';
export * from './service-objects.ts';
