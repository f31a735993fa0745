import type { Client, TestApp } from './http.ts';

/**
 * Has a window clerk verify an applicant's account as a user would (accounts/identity.ts): the clerk finds it by its
 * number and records the document checked in person. Returns the client, now allowed to apply online.
 */
export async function verifiedAtWindow(t: TestApp, client: Client, clerkLogin = 'window'): Promise<Client> {
  const applicant = client.principal;
  if (!applicant || applicant.kind === 'staff') throw new Error('only an applicant is verified');
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
  return client;
}
