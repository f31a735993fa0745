/** @jsxImportSource hono/jsx */
import type { Material } from '@banshi/definition';
import { sizeText, templateTypeLabels, type MaterialFileView } from '../../publishing/index.ts';

/** A material's template or sample as a page links it: where to get it and what it is. */
export interface MaterialFileLink {
  material: string;
  kind: 'template' | 'sample';
  name: string;
  type: MaterialFileView['type'];
  size: number;
  href: string;
}

/**
 * The download address of a live version's file: keyed by the content's hash, so a browser may keep it for good
 * and a new template is a new address.
 */
export const hallFileHref = (code: string, f: Pick<MaterialFileView, 'material' | 'kind' | 'sha256'>) =>
  `/hall/matters/${code}/materials/${encodeURIComponent(f.material)}/${f.kind}/${f.sha256}`;

/** The same file in the studio (staff who may read the matter): the links of a draft's guide preview. */
export const studioFileHref = (code: string, version: number, f: Pick<MaterialFileView, 'material' | 'kind'>) =>
  `/api/studio/matters/${code}/versions/${version}/material-files/${encodeURIComponent(f.material)}/${f.kind}`;

export const linksOf = (files: MaterialFileView[], href: (f: MaterialFileView) => string): MaterialFileLink[] =>
  files.map(f => ({ material: f.material, kind: f.kind, name: f.name, type: f.type, size: f.size, href: href(f) }));

/** A catalogue file as the applicant reads it: its name, not its path in the catalogue. */
const fileName = (path: string) => path.split('/').pop() ?? path;

/**
 * 空白表格 and 填写样本 of one material in the guide: a plain link (works without script) naming the file, its type
 * and size; where the matter names a template but none is uploaded, the name and where to get it, as before.
 */
export function MaterialDownloads(props: { material: Material; files: MaterialFileLink[] }) {
  const m = props.material;
  const own = props.files.filter(f => f.material === m.id);
  const template = own.find(f => f.kind === 'template');
  const sample = own.find(f => f.kind === 'sample');
  const link = (label: string, f: MaterialFileLink) => (
    <div>
      {label}：
      <a href={f.href} download={f.name}>
        {f.name}
      </a>{' '}
      <span class="muted">
        （{templateTypeLabels[f.type]}，{sizeText(f.size)}）
      </span>
    </div>
  );
  return (
    <>
      {template
        ? link('空白表格', template)
        : m.template && <div>模板：{fileName(m.template)}（可到办理窗口领取）</div>}
      {sample ? link('填写样本', sample) : m.sample && <div>填写示例：{fileName(m.sample)}</div>}
    </>
  );
}
