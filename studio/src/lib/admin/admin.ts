/** What the administration pages share: who administers what (as the server decides it), labels, problems. */
import { ApiProblem } from '$lib/api/client';
import type { StaffPrincipal } from '$lib/session.svelte';

/** The reform office and system administrators administer every department; a department's administrator theirs. */
export function adminScope(me: StaffPrincipal | null): 'all' | string | undefined {
  const duties = me?.duties ?? [];
  if (duties.includes('reformOffice')) return 'all';
  if (duties.includes('admin')) return me?.department ?? 'all';
  return undefined;
}

export const isReformOffice = (me: StaffPrincipal | null) => (me?.duties ?? []).includes('reformOffice');

export const purposeLabels: Record<string, string> = { consultation: '咨询', complaint: '投诉' };

/** A failed request's Chinese message. */
export const messageOf = (error: unknown, fallback: string) => (error instanceof ApiProblem ? error.message : fallback);

/** The problems a refusal carries in its details (a department's or a catalogue's), if any. */
export function problemsOf(
  error: unknown
): Array<{ file: string; line: number; column: number; message: string; field?: string }> {
  if (!(error instanceof ApiProblem)) return [];
  const details = error.details as { problems?: unknown } | undefined;
  return Array.isArray(details?.problems) ? (details.problems as never) : [];
}

/** The field a refusal names (`details.field`), if any. */
export function fieldOf(error: unknown): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const details = error.details as { field?: unknown } | undefined;
  return typeof details?.field === 'string' ? details.field : undefined;
}

export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');
