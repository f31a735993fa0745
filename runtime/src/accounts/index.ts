/** Accounts: applicants and staff, passwords, sessions, registration by SMS code, the login throttle, the inbox, the demo accounts, and staff accounts as administrators keep them. */
export { demoPassword, ensureDemoAccounts } from './demo.ts';
export { inboxPage, markAllRead, markRead, unreadCount, type InboxItem } from './inbox.ts';
export { Password } from './passwords.ts';
export {
  Duty,
  dutyLabels,
  hasDuty,
  isApplicant,
  isStaff,
  type Applicant,
  type Principal,
  type Staff
} from './principal.ts';
export {
  confirmRegistration,
  pendingRegistration,
  pruneRegistrationCodes,
  startRegistration
} from './registration-codes.ts';
export {
  LoginRequest,
  OrganisationRegistration,
  PersonRegistration,
  RegistrationCode,
  type ApplicantRegistration
} from './registration.ts';
export {
  createSession,
  resolveEnrolmentSession,
  resolveSession,
  revokeSession,
  sessionIdleMs,
  type NewSession
} from './sessions.ts';
export { changePassword, signIn, SignInRequest, signOut, signOutEverywhere, type SignedIn } from './sign-in.ts';
export { confirmEnrolment, demoSecretInUse, enrolmentSecret, codeMessages } from './totp-store.ts';
export { demoTotpSecret, groupedSecret, totpCode } from './totp.ts';
export { createApplicant, createStaff, insertWindowAccount, unclaimedPassword, type WindowAccount } from './users.ts';
export { claimLoginAttempt, pruneLoginFailures, settleLoginAttempt } from './rate-limit.ts';
export { administrationScope, assertAdministers, grantableDuties } from './administration-rules.ts';
export {
  createStaffAccount,
  listStaffAccounts,
  resetStaffPassword,
  resetStaffSecondFactor,
  setStaffDisabled,
  updateStaffAccount,
  type PostsOf,
  type StaffAccount
} from './staff-admin.ts';
export { recordVerification } from './identity.ts';
