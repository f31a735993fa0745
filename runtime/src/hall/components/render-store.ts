import { jsx } from 'hono/jsx';

/**
 * Keeps hono/jsx off Node's async hooks: call once, before anything in the process draws a page.
 *
 * hono/jsx (4.12, 4.13) looks for `AsyncLocalStorage` once, at its first render, through
 * `process.getBuiltinModule('node:async_hooks')` (or `process.mainModule.require`), and when it finds it draws every
 * page, and every `<head>`, `<form>`, `<input>` and `<script>` in it, inside `AsyncLocalStorage.run`. That store is
 * for components that `await` and read a context afterwards. On Node 20 the first `run` turns on async hooks for the
 * whole process, for good: from then on every promise any request makes calls into them, a tenth to a seventh of the
 * runtime's CPU a tracking lookup in two rigs on two machines (docs/scaling.md, 2026-12-05).
 *
 * Banshi's components are synchronous: a page is drawn with `String(node)`, which would print `[object Promise]`
 * for an async one. Without `AsyncLocalStorage` hono/jsx keeps the context's store for the length of the synchronous
 * render instead (its documented path for runtimes without one), so contexts such as the studio's preview banner
 * read the same. So its probe is run here with both ways to the module hidden, and it keeps that answer for the life
 * of the process. Tested in render-store.test.tsx: a page drawn afterwards never enters `AsyncLocalStorage.run`.
 */
export function keepRendersOffAsyncHooks(): void {
  const host = process as unknown as Record<'getBuiltinModule' | 'mainModule', unknown>;
  const hidden = (['getBuiltinModule', 'mainModule'] as const).map(
    key => [key, Object.getOwnPropertyDescriptor(host, key)] as const
  );
  for (const [key, descriptor] of hidden) if (descriptor?.configurable) delete host[key];
  try {
    String(jsx('i', {}));
  } finally {
    for (const [key, descriptor] of hidden) if (descriptor?.configurable) Object.defineProperty(host, key, descriptor);
  }
}
