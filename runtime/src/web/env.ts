import type { Principal } from '../accounts/index.ts';

/** What middleware puts on the context for handlers. */
export interface AppEnv {
  Variables: {
    /** Set by the session middleware when a valid session cookie came with the request. */
    principal: Principal | undefined;
    /** The session's CSRF token, echoed by forms and required on unsafe methods. */
    csrfToken: string | undefined;
    requestId: string;
  };
}
