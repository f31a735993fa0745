import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation, type Sql } from '../platform/db/db.ts';
import type { Services } from '../cases/index.ts';
import { wantedDocuments, type Wanted } from './contents.ts';
import { maskedIdentifier } from './masking.ts';
import { signPdf } from './signature.ts';
import { renderDocument } from './template.ts';

export interface IssueOptions {
  /** The site's public address (https://…, no trailing slash): the QR code and the printed link point under it. */
  baseUrl: string;
}

/** A document as sealed: what the workbench lists and the archive keeps. */
export interface IssuedDocument {
  id: string;
  number: string;
  kind: Wanted['kind'];
  noticeAt: number;
  title: string;
}

/**
 * The site's public address when the operator gives it (BANSHI_PUBLIC_URL, e.g. https://zwfw.example.gov.cn): the
 * worker seals with it; without it, documents are sealed when first asked for, under the request's own address.
 */
export function configuredBaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  const raw = env.BANSHI_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(raw);
  if (!parsed.success)
    throw new Error(`环境变量 BANSHI_PUBLIC_URL 有误：应为 http(s) 地址，如 https://zwfw.example.gov.cn`);
  return parsed.data.replace(/\/+$/, '');
}

/** A document's public verification page. */
export const verifyUrl = (baseUrl: string, id: string) => `${baseUrl.replace(/\/+$/, '')}/hall/verify/${id}`;

/** The Shanghai year of an instant. */
const yearOf = (at: number) => new Date(at + 8 * 3_600_000).getUTCFullYear();

/**
 * Seals every document of the case not sealed yet (seeds/000 电子签章; seeds/001 第十九条: the result carries the
 * department's electronic seal), each under the next number of its department and year. Idempotent: a document
 * sealed already is left alone, and when two processes seal the same one, the unique (case, kind, instant) keeps
 * the first and the other's number goes back unused. The documents sealed by this call.
 */
export async function issueDocuments(s: Services, caseId: string, options: IssueOptions): Promise<IssuedDocument[]> {
  const row = await s.cases.load(s.db, caseId);
  if (!row) return [];
  const definition = await s.cases.definitionOf(row);
  const wanted = await wantedDocuments(s, row.state, definition);
  const sealed = new Set(
    (
      await s.db.query<{ kind: string; at: string }>(
        `select kind, (extract(epoch from notice_at) * 1000)::bigint::text as at from documents where case_id = $1`,
        [caseId]
      )
    ).map(r => `${r.kind}@${r.at}`)
  );
  const missing = wanted.filter(w => !sealed.has(`${w.kind}@${w.noticeAt}`));
  if (missing.length === 0) return [];
  const [holder] = await s.db.query<{ id_number: string | null; credit_code: string | null }>(
    'select id_number, credit_code from users where id = $1',
    [row.state.applicant.id]
  );
  const issued: IssuedDocument[] = [];
  for (const w of missing) {
    const one = await sealDocument(
      s,
      caseId,
      row.state.applicant,
      maskedIdentifier(holder?.id_number ?? holder?.credit_code),
      w,
      options
    );
    if (one) issued.push(one);
  }
  return issued;
}

/** The department's seal key in use, made now if it has none (the keyring makes one on first use otherwise). */
async function currentKey(s: Services, department: string): Promise<string> {
  const read = async () =>
    (
      await s.db.query<{ key_id: string }>(
        'select key_id from seal_keys where department = $1 and retired_at is null',
        [department]
      )
    )[0]?.key_id;
  const found = await read();
  if (found) return found;
  try {
    return await s.seals.rotate(department);
  } catch (error) {
    // Another process made the department's first key at the same moment: use that one.
    const made = await read();
    if (made) return made;
    throw error;
  }
}

/** The sealers of each department in this process, one after another: numbers are taken in turn, not raced for. */
const turns = new Map<string, Promise<unknown>>();

function inTurn<T>(department: string, work: () => Promise<T>): Promise<T> {
  const before = turns.get(department) ?? Promise.resolve();
  const mine = before.then(work, work);
  const settled = mine.then(
    () => undefined,
    () => undefined
  );
  turns.set(department, settled);
  void settled.then(() => {
    if (turns.get(department) === settled) turns.delete(department);
  });
  return mine;
}

/**
 * Seals one document of a case under the next number of its department and year (exported for the bench, which
 * times exactly this): drawn and signed outside any transaction, then stored with the counter's move in one.
 */
export function sealDocument(
  s: Services,
  caseId: string,
  holder: { id: string; name: string },
  holderMaskedId: string | undefined,
  w: Wanted,
  options: IssueOptions
): Promise<IssuedDocument | undefined> {
  return inTurn(w.content.department, () => sealInTurn(s, caseId, holder, holderMaskedId, w, options));
}

async function sealInTurn(
  s: Services,
  caseId: string,
  holder: { id: string; name: string },
  holderMaskedId: string | undefined,
  w: Wanted,
  options: IssueOptions
): Promise<IssuedDocument | undefined> {
  const department = w.content.department;
  const year = yearOf(w.noticeAt);
  for (let attempt = 0; attempt < 20; attempt++) {
    const [counter] = await s.db.query<{ last: number }>(
      'select last from document_sequences where department = $1 and year = $2',
      [department, year]
    );
    const last = counter?.last ?? 0;
    const sequence = last + 1;
    const number = `${department}〔${year}〕${sequence}号`;
    const id = randomUUID();
    const keyId = await currentKey(s, department);
    const at = new Date(s.now());
    const unsigned = await renderDocument({
      content: w.content,
      number,
      verifyUrl: verifyUrl(options.baseUrl, id),
      signature: { keyId, documentId: id, department, signedAt: at },
      at
    });
    let seal: { keyId: string; signature: string } | undefined;
    const { pdf, digest } = await signPdf(unsigned, async bytes => {
      seal = await s.seals.sign(department, bytes);
      return seal.signature;
    });
    // The key was rotated between reading it and signing: seal again under the new one.
    if (seal!.keyId !== keyId) continue;
    try {
      const stored = await s.db.transaction(async tx => {
        if (!(await advance(tx, department, year, last))) return false;
        await tx.query(
          `insert into documents (id, number, department, year, sequence, case_id, kind, notice_at, title, content,
                                  holder_id, holder_name, holder_masked_id, issued_at, sealed_at, digest, seal_key_id,
                                  signature, pdf)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
          [
            id,
            number,
            department,
            year,
            sequence,
            caseId,
            w.kind,
            new Date(w.noticeAt).toISOString(),
            w.content.title,
            JSON.stringify(w.content),
            holder.id,
            holder.name,
            holderMaskedId ?? null,
            new Date(w.noticeAt).toISOString(),
            at.toISOString(),
            digest,
            keyId,
            seal!.signature,
            pdf
          ]
        );
        return true;
      });
      if (stored) return { id, number, kind: w.kind, noticeAt: w.noticeAt, title: w.content.title };
    } catch (error) {
      // Sealed by another process in the meantime: the number goes back with the rolled-back transaction.
      if (isUniqueViolation(error, 'documents_case_id_kind_notice_at_key')) return undefined;
      if (!isUniqueViolation(error)) throw error;
    }
    // Another process took the number: a short random pause, so two processes do not keep colliding.
    await new Promise(resolve => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
  }
  throw new Error(`未能为${department}的文书分配文号：并发签发过多，请稍后重试。`);
}

/** Moves the department's counter from exactly `last` to `last + 1`; false when another issuer took it first. */
async function advance(tx: Sql, department: string, year: number, last: number): Promise<boolean> {
  const rows =
    last === 0
      ? await tx.query(
          `insert into document_sequences (department, year, last) values ($1, $2, 1)
           on conflict (department, year) do nothing returning last`,
          [department, year]
        )
      : await tx.query(
          'update document_sequences set last = last + 1 where department = $1 and year = $2 and last = $3 returning last',
          [department, year, last]
        );
  return rows.length === 1;
}
