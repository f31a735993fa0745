/**
 * Sealed documents (issue 17, done when: a decision sealed in under 100 ms), on PostgreSQL, in one process:
 *   - sealing one decision: drawing the PDF from its template (subset CJK font, seal, QR code), signing it through
 *     the department's keyring (SM3 of the byte ranges, SM2) and storing it with its number, BENCH_DOCUMENTS_SEALS
 *     (100) times one after another; p50 and p99, against drawing the same PDF unsigned and unstored;
 *   - decisions sealed per second by four sealers of one department at once (they take numbers from one counter,
 *     so a loser seals again), against the same four drawing unsigned PDFs;
 *   - the public verification page of a decision (GET /hall/verify/:id: the stored bytes' SM3 and SM2 checked),
 *     p50, against the bare SM2 verification of the same signature through the keyring.
 */
import { wantedDocuments } from '../../runtime/src/documents/contents.ts';
import { sealDocument } from '../../runtime/src/documents/issue.ts';
import { documentsOfCase, issueDocuments } from '../../runtime/src/documents/index.ts';
import { renderDocument } from '../../runtime/src/documents/template.ts';
import type { Actor } from '../../runtime/src/cases/index.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { openTestApp, type TestApp } from '../../runtime/src/testing/http.ts';
import { submitted } from '../../runtime/src/testing/submissions.ts';
import { figure, median, percentile, type Bench } from './figures.ts';

const seals = Number(process.env.BENCH_DOCUMENTS_SEALS ?? 100);
const concurrent = 4;
const baseUrl = 'https://zwfw.example.gov.cn';
const permit = loadCatalog().byName('建筑工程施工许可证核发');

async function staff(t: TestApp, login: string): Promise<Actor> {
  const [u] = await t.store.db.query<{ id: string; name: string; department: string; roles: string[] }>(
    'select id, name, department, roles from users where login = $1',
    [login]
  );
  return { kind: 'staff', id: u!.id, name: u!.name, department: u!.department, roles: u!.roles };
}

/** The construction permit granted, through the store, as the documents test drives it. */
async function granted(t: TestApp): Promise<string> {
  const { caseId } = await submitted(t, permit, '91350100M000100Y43');
  for (const [login, command] of [
    ['window', { type: 'passPreReview' }],
    ['window', { type: 'confirmPaper' }],
    ['window', { type: 'accept' }],
    ['handler', { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' }],
    ['handler', { type: 'distribute' }],
    ['planning', { type: 'answerCoApproval', agree: true }],
    ['airdefence', { type: 'answerCoApproval', agree: true }],
    ['handler', { type: 'consolidate', opinion: '各协办部门均同意' }],
    ['chief', { type: 'completeStep', stepId: 'review-2', opinion: '同意' }],
    ['leader', { type: 'decide', approve: true, reasons: '符合发证条件' }]
  ] as const) {
    const outcome = await t.store.cases.execute(
      caseId,
      { ...command, by: await staff(t, login) } as never,
      t.clock.now
    );
    if (!outcome.ok) throw new Error(`${login} ${command.type}: ${outcome.rejection.message}`);
  }
  return caseId;
}

export const bench: Bench = async ({ log }) => {
  const t = await openTestApp('postgres');
  try {
    const caseId = await granted(t);
    const row = (await t.store.cases.load(t.store.db, caseId))!;
    const definition = await t.store.cases.definitionOf(row);
    const decision = (await wantedDocuments(t.services, row.state, definition)).find(w => w.kind === 'decision')!;
    const holder = row.state.applicant;
    // Warm: the font parsed, the department's key made and read.
    await issueDocuments(t.services, caseId, { baseUrl });
    let shift = 0;
    /** The decision again as another notice instant, so each seal is a new document with its own number. */
    const sealNext = () =>
      sealDocument(
        t.services,
        caseId,
        holder,
        '**************0Y43',
        { ...decision, noticeAt: decision.noticeAt + ++shift },
        {
          baseUrl
        }
      );
    const render = () =>
      renderDocument({
        content: decision.content,
        number: `${decision.content.department}〔2026〕99999号`,
        verifyUrl: `${baseUrl}/hall/verify/00000000-0000-4000-8000-000000000000`,
        signature: {
          keyId: 'SM2-0000000000000000',
          documentId: '00000000-0000-4000-8000-000000000000',
          department: decision.content.department,
          signedAt: new Date()
        },
        at: new Date()
      });
    for (let i = 0; i < 5; i++) await render();

    log(`sealing ${seals} decisions one after another, and drawing as many unsigned`);
    const sealTimes: number[] = [];
    const renderTimes: number[] = [];
    for (let i = 0; i < seals; i++) {
      let start = performance.now();
      await sealNext();
      sealTimes.push(performance.now() - start);
      start = performance.now();
      await render();
      renderTimes.push(performance.now() - start);
    }

    log(`${concurrent} sealers of one department at once`);
    const perSealer = Math.max(5, Math.floor(seals / concurrent / 2));
    let start = performance.now();
    await Promise.all(
      Array.from({ length: concurrent }, async () => {
        for (let i = 0; i < perSealer; i++) await sealNext();
      })
    );
    const sealedPerSecond = (concurrent * perSealer * 1000) / (performance.now() - start);
    start = performance.now();
    await Promise.all(
      Array.from({ length: concurrent }, async () => {
        for (let i = 0; i < perSealer; i++) await render();
      })
    );
    const renderedPerSecond = (concurrent * perSealer * 1000) / (performance.now() - start);
    const numbers = await t.store.db.query<{ sequence: number }>(
      'select sequence from documents where department = $1 order by sequence',
      [decision.content.department]
    );
    if (numbers.some((r, i) => r.sequence !== i + 1)) throw new Error('document numbers have a gap');

    log('the verification page of a decision');
    const listed = await documentsOfCase(t.store.db, caseId);
    const doc = listed.find(d => d.kind === 'decision')!;
    const [stored] = await t.store.db.query<{ signature: string }>('select signature from documents where id = $1', [
      doc.id
    ]);
    const pageTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      let at = performance.now();
      const page = await t.app.request(`/hall/verify/${doc.id}`);
      if (!(await page.text()).includes('验证通过')) throw new Error('the verification page did not verify');
      pageTimes.push(performance.now() - at);
      at = performance.now();
      const check = await t.services.seals.verify(
        { keyId: doc.keyId, signature: stored!.signature },
        Buffer.from(doc.digest, 'hex')
      );
      if (!check.ok) throw new Error('the bare verification failed');
      bareTimes.push(performance.now() - at);
    }

    return [
      figure({
        name: 'documents.seal.p50',
        value: median(sealTimes),
        unit: 'ms',
        goal: 100,
        peer: { name: 'drawing the same PDF unsigned, unstored', value: median(renderTimes) },
        detail: `median of ${seals} decisions sealed one after another: PDF drawn (subset Noto CJK, seal, QR), SM3 over the byte ranges, SM2 through the keyring, stored with the next number, on PostgreSQL`
      }),
      figure({
        name: 'documents.seal.p99',
        value: percentile(sealTimes, 99),
        unit: 'ms',
        goal: 100,
        peer: { name: 'drawing the same PDF unsigned, unstored (p99)', value: percentile(renderTimes, 99) },
        detail: 'p99 of the same seals'
      }),
      figure({
        name: 'documents.seal.concurrent',
        value: sealedPerSecond,
        unit: 'documents/s',
        peer: { name: `${concurrent} drawing unsigned PDFs at once`, value: renderedPerSecond },
        detail: `${concurrent} sealers of one department, ${perSealer} each; numbers checked gapless afterwards`
      }),
      figure({
        name: 'documents.verify.page',
        value: median(pageTimes),
        unit: 'ms',
        digits: 2,
        peer: { name: 'the bare SM2 verification of the same signature', value: median(bareTimes) },
        detail:
          'median of 50 GET /hall/verify/:id (the stored PDF read, its byte ranges hashed with SM3, the SM2 signature checked, the page rendered)'
      })
    ];
  } finally {
    await t.close();
  }
};
