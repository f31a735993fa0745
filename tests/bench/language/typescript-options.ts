import type ts from 'typescript';

/**
 * The TypeScript peer's compiler options: strict, no emit, and no default lib — the generated lib.d.ts declares
 * only the global types the checker needs, as the Matter language has no standard library to load either.
 */
export function peerCompilerOptions(typescript: typeof ts): ts.CompilerOptions {
  return {
    noLib: true,
    strict: true,
    noEmit: true,
    target: typescript.ScriptTarget.ES2022,
    module: typescript.ModuleKind.ESNext,
    moduleResolution: typescript.ModuleResolutionKind.Bundler,
    types: []
  };
}
