import type { Definition, Material } from '@banshi/definition';
import type { CaseState } from './case-state.ts';

/**
 * The paper check (核对纸质材料), item by item: for each material the case was submitted with on paper, whether the
 * original or a copy came, how many copies, and whether it matches what was uploaded. seeds/002 第十一条 has the
 * window 核对 the paper against the online application before acceptance; what form and how many copies each
 * material takes is the matter's (办事指南: 原件/复印件, 份数).
 */
export interface PaperItem {
  /** The material's id in the Definition. */
  material: string;
  form: 'original' | 'copy';
  copies: number;
  /** The paper is the same document as the upload (no page missing or different, same seal and signature). */
  matchesUpload: boolean;
  note?: string;
}

/** One material the check must cover: what the matter asks of its paper. */
export interface PaperExpected {
  id: string;
  title: string;
  form: NonNullable<Material['paper']>['form'];
  copies: number;
}

/**
 * The materials whose paper is checked on this case: those it was submitted with that come from the applicant or an
 * intermediary (an electronic licence is fetched, an online form is filled in: neither has paper). A material the
 * matter gives no paper form for is checked as 原件或复印件, one copy.
 */
export function paperToCheck(definition: Pick<Definition, 'materials'>, state: Pick<CaseState, 'materials'>) {
  const submitted = new Set(state.materials);
  return definition.materials
    .filter(m => submitted.has(m.id) && (m.origin.kind === 'applicant' || m.origin.kind === 'intermediary'))
    .map((m): PaperExpected => ({
      id: m.id,
      title: m.title,
      form: m.paper?.form ?? 'originalOrCopy',
      copies: m.paper?.copies ?? 1
    }));
}

/** Every item as the matter asks for it: what a clerk records when all the paper is as required. */
export function asRequired(expected: PaperExpected[]): PaperItem[] {
  return expected.map(e => ({
    material: e.id,
    form: e.form === 'copy' ? 'copy' : 'original',
    copies: e.copies,
    matchesUpload: true
  }));
}

/**
 * What does not conform, one sentence per finding, in the order of the guide: a material not checked, one that is
 * not the case's, a copy where the original is required, fewer copies than required, paper that differs from the
 * upload. An original where a copy is asked conforms (the original is seen and a copy kept).
 */
export function paperFindings(expected: PaperExpected[], items: PaperItem[]): string[] {
  const byMaterial = new Map(items.map(i => [i.material, i]));
  const known = new Map(expected.map(e => [e.id, e.title]));
  const findings: string[] = [];
  for (const e of expected) {
    const item = byMaterial.get(e.id);
    if (!item) {
      findings.push(`“${e.title}”未核对`);
      continue;
    }
    if (e.form === 'original' && item.form === 'copy') findings.push(`“${e.title}”应交原件，收到的是复印件`);
    if (item.copies < e.copies) findings.push(`“${e.title}”应交 ${e.copies} 份，收到 ${item.copies} 份`);
    if (!item.matchesUpload) findings.push(`“${e.title}”纸质材料与网上提交的不一致`);
  }
  const seen = new Set<string>();
  for (const i of items) {
    if (!known.has(i.material)) findings.push(`“${i.material}”不是本办件提交的材料`);
    else if (seen.has(i.material)) findings.push(`“${known.get(i.material)}”核对了两次`);
    seen.add(i.material);
  }
  return findings;
}
