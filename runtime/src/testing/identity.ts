import type { Client, TestApp } from './http.ts';

/** Who a window clerk verifies: their login (ID number or credit code), their name, and their kind. */
export interface ToVerify {
  kind: 'person' | 'organisation';
  login: string;
  name: string;
}

/**
 * Has a window clerk verify an applicant's account as a user would (accounts/identity.ts): the clerk finds it by its
 * number and records the document checked in person, the name on it the account's.
 */
export async function verifyThroughWindow(t: TestApp, applicant: ToVerify, clerkLogin = 'window'): Promise<void> {
  const clerk = await t.as(clerkLogin);
  const found = await clerk.get(`/api/office/identity/accounts?q=${encodeURIComponent(applicant.login)}`);
  const account = (found.body as { items?: Array<{ id: string }> }).items?.[0];
  if (found.status !== 200 || !account) throw new Error(`no account found for ${applicant.login}`);
  const verified = await clerk.post(`/api/office/identity/accounts/${account.id}/verify`, {
    document: applicant.kind === 'person' ? 'residentIdCard' : 'businessLicence',
    nameOnDocument: applicant.name,
    documentChecked: true
  });
  if (verified.status !== 200) throw new Error(`verification refused: ${JSON.stringify(verified.body)}`);
}

/** The signed-in applicant `client`, verified at the window (see `verifyThroughWindow`); the same client back. */
export async function verifiedAtWindow(t: TestApp, client: Client, clerkLogin = 'window'): Promise<Client> {
  const applicant = client.principal;
  if (!applicant || applicant.kind === 'staff') throw new Error('only an applicant is verified');
  await verifyThroughWindow(t, applicant, clerkLogin);
  return client;
}
