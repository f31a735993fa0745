/**
 * Typing into the studio's editor as a clerk does, and timing what follows each keystroke in the page (probes.ts).
 */
import type { Page } from 'playwright-core';
import { armKey } from './probes.ts';

/** One timed keystroke: key press to the target shown; the compile notification's arrival and the worker's own ms. */
export interface Keystroke {
  ms: number;
  compiledAt: number | null;
  workerMs: number | null;
  /** The guide preview's POST, from the key press (preview keystrokes only). */
  post: { start: number; end: number } | null;
  /** When the preview frame was given the new page (its srcdoc set), from the key press. */
  srcdocAt: number | null;
}

/** Where a character of `text` is, as Monaco counts: 1-based line and column (UTF-16 units). */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/**
 * Puts the cursor before `line:column` as a person does: Ctrl+G to the line, Home (to its first non-blank
 * character, where the line's indentation ends), then the arrow keys.
 */
export async function goTo(page: Page, text: string, at: { line: number; column: number }): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  // Typed before the box opens, the digits would go into the text.
  const box = page.locator('.quick-input-widget input');
  await box.waitFor({ state: 'visible' });
  await page.keyboard.type(String(at.line)); // after the ':' the box opens with
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.keyboard.press('Home');
  const indent = /^\s*/.exec(text.split('\n')[at.line - 1]!)![0].length;
  for (let i = indent + 1; i < at.column; i++) await page.keyboard.press('ArrowRight');
}

/**
 * Selects the character after (or before) the cursor and types `key` over it, timing from the keydown until
 * `target` shows (the status line, or the guide preview's 承诺时限); then waits until the draft has saved itself,
 * so that the next keystroke meets an idle page and server.
 */
export async function retype(
  page: Page,
  select: 'ArrowRight' | 'ArrowLeft',
  key: string,
  kind: 'status' | 'preview',
  target: string
): Promise<Keystroke> {
  await page.keyboard.press('Escape'); // a suggestion list opened by the last keystroke
  await page.keyboard.press(`Shift+${select}`);
  await page.evaluate(armKey(kind, target));
  await page.keyboard.press(key);
  const result = (await page.evaluate('window.__studioKey')) as Keystroke;
  await page
    .locator('.bar .status')
    .filter({ hasText: /已保存 \d/ })
    .waitFor({ timeout: 30_000 });
  return result;
}
