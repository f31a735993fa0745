import { z } from 'zod';
import type { Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import type { Applicant, Staff } from './principal.ts';

/**
 * An applicant account's level (seeds/001 第七条: authenticate before applying online; authentication opens more
 * services): 已注册 until verified, then 已实名核验. Only a verified account may apply online, so that an application
 * made with it is the holder's own (第七条: 使用通过身份认证账号提出的申请即视为本人申请).
 */
export type IdentityLevel = 'registered' | 'verified';

/** How an account was verified: a clerk checked the document in person, an identity platform, a certificate, the demo. */
export type VerificationMethod = 'window' | 'oidc' | 'certificate' | 'demo';

export const levelLabels: Record<IdentityLevel, string> = { registered: '已注册', verified: '已实名核验' };

export const methodLabels: Record<VerificationMethod, string> = {
  window: '服务大厅窗口当面核验证件',
  oidc: '统一身份认证平台',
  certificate: '单位数字证书',
  demo: '演示账号'
};

/** What each level allows, as the hall tells the applicant. */
export const levelAllows: Record<IdentityLevel, string[]> = {
  registered: ['网上咨询、投诉', '查询办件进度、查看消息', '预约到窗口办理', '对办结的办件作出评价'],
  verified: [
    '网上咨询、投诉',
    '查询办件进度、查看消息',
    '预约到窗口办理',
    '对办结的办件作出评价',
    '在网上提交申请（使用已核验账号提出的申请视为本人申请）'
  ]
};

/** The documents a window clerk may check: an ID card for a person; a licence (and the agent's ID card) for a unit. */
export const IdentityDocument = z.enum([
  'residentIdCard',
  'temporaryIdCard',
  'businessLicence',
  'registrationCertificate'
]);
export type IdentityDocument = z.infer<typeof IdentityDocument>;

export const documentLabels: Record<IdentityDocument, string> = {
  residentIdCard: '居民身份证',
  temporaryIdCard: '临时居民身份证',
  businessLicence: '营业执照和经办人居民身份证',
  registrationCertificate: '法人登记证书和经办人居民身份证'
};

/** Which documents prove which kind of applicant. */
export const documentsFor: Record<Applicant['kind'], IdentityDocument[]> = {
  person: ['residentIdCard', 'temporaryIdCard'],
  organisation: ['businessLicence', 'registrationCertificate']
};

/** How to get verified, in the applicant's words: where to go and what to bring. */
export function howToVerify(kind: Applicant['kind']): string {
  return kind === 'person'
    ? '请本人携带居民身份证到任一服务大厅窗口办理实名核验，当场即可完成。'
    : '请经办人携带单位营业执照（或法人登记证书）和本人居民身份证到任一服务大厅窗口办理实名核验，当场即可完成。';
}

/** The refusal an unverified account meets when it applies online. */
export function unverifiedRefusal(kind: Applicant['kind']): Refusal {
  return new Refusal(
    'forbidden',
    'identity.unverified',
    `您的账号尚未实名核验（当前为“已注册”），暂不能在网上提交申请。${howToVerify(kind)}核验后即可提交。`,
    { level: 'registered' }
  );
}

/** The level of an applicant account, with how and when it was verified. */
export interface Identity {
  level: IdentityLevel;
  verifiedAt: string | null;
  method: VerificationMethod | null;
}

export async function identityOf(sql: Sql, userId: string): Promise<Identity> {
  const [row] = await sql.query<{ verified_at: Date | null; verified_method: VerificationMethod | null }>(
    'select verified_at, verified_method from users where id = $1',
    [userId]
  );
  return {
    level: row?.verified_at ? 'verified' : 'registered',
    verifiedAt: row?.verified_at ? iso(row.verified_at) : null,
    method: row?.verified_method ?? null
  };
}

/** Refuses (403 `identity.unverified`) an applicant whose account is not verified: read from the database each time. */
export async function refuseUnlessVerified(sql: Sql, applicant: Applicant): Promise<void> {
  const identity = await identityOf(sql, applicant.id);
  if (identity.level !== 'verified') throw unverifiedRefusal(applicant.kind);
}

/**
 * Marks an account verified, in the caller's transaction: on the account (the level every check reads) and as a row
 * of identity_verifications, which is never changed. The holder is told in their inbox.
 */
export async function recordVerification(
  tx: Sql,
  input: {
    userId: string;
    method: VerificationMethod;
    document: string;
    by: Staff | undefined;
    reclaimedFrom?: string;
  },
  now: number
): Promise<void> {
  await tx.query(
    `update users set verified_at = $2, verified_by = $3, verified_method = $4 where id = $1 and verified_at is null`,
    [input.userId, iso(now), input.by?.id ?? null, input.method]
  );
  await tx.query(
    `insert into identity_verifications (user_id, method, document, verified_by, reclaimed_from, at)
     values ($1, $2, $3, $4, $5, $6)`,
    [input.userId, input.method, input.document, input.by?.id ?? null, input.reclaimedFrom ?? null, iso(now)]
  );
}
