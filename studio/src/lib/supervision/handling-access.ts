/**
 * Which parts of 监察 a member of staff has (the server decides what they may do; this only chooses what to show):
 * the console's event list for a department's supervisors and the city bureau; 要我说明的 for anyone holding a post
 * in a department, since any post may be asked to explain.
 */
import type { StaffPrincipal } from '$lib/session.svelte';

export const isBureau = (me: StaffPrincipal | null) => (me?.duties ?? []).includes('bureau');

/** A department's supervisor or the bureau: reads the event list and the performance figures. */
export const supervises = (me: StaffPrincipal | null) =>
  (me?.duties ?? []).some(d => d === 'supervisor' || d === 'bureau');

/** Holds a post in a department, so may be asked to explain an event (the explanations route answers for them). */
export const mayBeAsked = (me: StaffPrincipal | null) => Boolean(me?.department) && (me?.roles ?? []).length > 0;
