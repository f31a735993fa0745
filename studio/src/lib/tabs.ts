/**
 * Tabs as the ARIA pattern wants them: the arrow keys move between tabs and focus follows (the studio's tab lists
 * share the look in app.css: `[role='tablist']` and `.tab`).
 */
export function arrowTab<T extends { id: string }>(
  event: KeyboardEvent,
  index: number,
  tabs: readonly T[],
  idPrefix: string
): T | null {
  const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : null;
  if (next === null) return null;
  const target = tabs[(next + tabs.length) % tabs.length]!;
  document.getElementById(`${idPrefix}${target.id}`)?.focus();
  return target;
}
