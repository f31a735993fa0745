import type { Principal } from '../../accounts/index.ts';
import { caseDetail, visibleCase } from '../../cases/index.ts';
import type { Services } from '../../cases/index.ts';
import type { Api } from '../api.ts';
import { notFound } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';

/** A case for whoever may see it; everyone else gets the same 404, and the attempt is in the audit log. */
export async function readCase(
  c: Parameters<Parameters<Api['route']>[1]>[0],
  s: Services,
  principal: Principal,
  caseId: string
) {
  const found = await visibleCase(s, principal, caseId, ip(c));
  if (!found) throw notFound('找不到这个办件。');
  return caseDetail(s, principal, found);
}
