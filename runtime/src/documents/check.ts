import type { Sql } from '../platform/db/db.ts';
import { publicKeyChecker } from '../platform/seal/index.ts';
import { readSeal } from './signature.ts';

interface StoredDocument {
  id: string;
  number: string;
  digest: string;
  seal_key_id: string;
  signature: string;
  pdf: Uint8Array;
}

/**
 * Every sealed document checked as `npm run banshi -- verify` does (issue 17): the stored PDF's seal read from its
 * own bytes must be the one recorded (digest, key, signature, document id), cover the whole file, and verify with
 * the department's public key. Through `sql` (the verify's read-only snapshot), in pages, naming the first breaks.
 */
export async function documentsCheck(sql: Sql): Promise<{ lines: string[]; broken: boolean }> {
  const [has] = await sql.query<{ t: string | null }>(`select to_regclass('documents')::text as t`);
  if (!has?.t) return { lines: [], broken: false };
  const seals = publicKeyChecker(sql);
  const breaks: string[] = [];
  let checked = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await sql.query<StoredDocument>(
      `select id::text as id, number, digest, seal_key_id, signature, pdf from documents where id > $1::uuid
        order by id limit 200`,
      [after]
    );
    if (!page.length) break;
    for (const d of page) {
      checked++;
      const problem = await problemOf(d, seals);
      if (problem) breaks.push(`  ${d.number}（${d.id}）：${problem}`);
    }
    after = page.at(-1)!.id;
  }
  if (!breaks.length) return { lines: [`电子文书：${checked} 份，签章均有效，内容与签发时一致。`], broken: false };
  return {
    lines: [`电子文书：${checked} 份中 ${breaks.length} 份签章不符：`, ...breaks.slice(0, 20)],
    broken: true
  };
}

async function problemOf(d: StoredDocument, seals: ReturnType<typeof publicKeyChecker>): Promise<string | undefined> {
  const read = readSeal(Buffer.from(d.pdf));
  if ('problem' in read) return '文件中的电子签章缺失或格式有误';
  if (!read.coversWholeFile) return '签章之后文件又被添加了内容';
  if (read.digest !== d.digest) return '文件内容与签发时记录的摘要不符（被改动）';
  if (read.documentId !== d.id || read.keyId !== d.seal_key_id || read.signature !== d.signature)
    return '文件中的签章与签发记录不符';
  const check = await seals.verify({ keyId: read.keyId, signature: read.signature }, Buffer.from(read.digest, 'hex'));
  return check.ok ? undefined : check.reason;
}
