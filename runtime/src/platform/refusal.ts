/**
 * Why something asked of Banshi is not done, in the words of the domain, not of HTTP: the one "no" every context
 * throws. `kind` says what sort of no it is; the web layer maps each kind to a status in one table
 * (web/errors.ts `refusalStatus`); `code` is for programs, `message` the Chinese sentence the user reads.
 */
export type RefusalKind =
  /** Nobody is signed in, or the session ended. */
  | 'unauthenticated'
  /** Not the caller's to do (their post, duty or department). */
  | 'forbidden'
  /** Not there, or not the caller's to see: the two answer alike. */
  | 'notFound'
  /** In the wrong state for this, or taken already. */
  | 'conflict'
  /** The input breaks a rule. */
  | 'invalid'
  /** Asked too often: `details.retryAfterSeconds` says when to try again. */
  | 'throttled'
  /** Was there, and is no longer (an expired code). */
  | 'gone'
  /** An upload too large, or of a type not accepted. */
  | 'tooLarge'
  | 'unsupportedType'
  /** What is needed to answer is missing for now (a catalogue, a calendar). */
  | 'unavailable';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Refusals that say the thing is not the caller's: the audit log records them as denied, the others as rejected. */
export const isDenial = (refusal: Refusal) => refusal.kind === 'notFound' || refusal.kind === 'forbidden';
