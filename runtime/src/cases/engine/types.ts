/** Milliseconds since the epoch. The engine never reads a clock: time comes in with each command. */
export type Instant = number;

/** Who acts: staff of a department with their roles, an applicant, or the system's timers. */
export type Actor =
  | { kind: 'staff'; id: string; name: string; department: string; roles: string[] }
  | { kind: 'applicant'; id: string; name: string }
  | { kind: 'system' };

export interface Applicant {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  /** 信用良好: may be accepted online before the paper arrives. */
  goodRecord: boolean;
}

/** An opinion recorded at a step: who, when, what. */
export interface Opinion {
  stepId: string;
  label: string;
  by: Actor;
  at: Instant;
  verdict:
    | 'pass'
    | 'return'
    | 'agree'
    | 'disagree'
    | 'approve'
    | 'deny'
    | 'accept'
    | 'refuse'
    | 'correct'
    | 'handOff'
    | 'consolidate'
    | 'conclude'
    | 'requestExtension'
    | 'approveExtension'
    | 'refuseExtension';
  text: string;
}

export type Conclusion = 'pass' | 'basicPass' | 'fail';
