/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { MaterialWithNeed } from '@banshi/definition/answers';
import type { Draft } from '../../../cases/index.ts';
import { accept } from '../../components/application-form.ts';
import { materialPaperText } from '../../components/labels.ts';
import { needLabels } from '../../components/material-needs.ts';

/** A file already uploaded for the draft: its name, its pages (PDF) and its size. */
export interface FileFacts {
  name: string;
  pages: number | null;
  size: number;
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * One material of the application: whether the answers need it and why, its paper form, the files attached (each
 * can be removed) and the control to add more. Hidden, not left out, when not needed: the script shows it again.
 */
export function MaterialBox(props: {
  need: MaterialWithNeed;
  id: string;
  attached: Draft['materials'];
  files: Map<string, FileFacts>;
  error: string | undefined;
  /** The consent to take a licence the applicant holds from the e-licence library (LicenceConsent). */
  held: Child | undefined;
}) {
  const { need: n, id, attached, error, held } = props;
  const m = n.material;
  return (
    <div
      class={error ? 'material has-error' : 'material'}
      id={`${id}-box`}
      data-material={id}
      hidden={n.need === 'notNeeded'}
    >
      <h3 id={`${id}-title`}>{m.title}</h3>
      <p>
        <strong data-need>{needLabels[n.need]}</strong>
        {n.because ? `：${n.because}` : ''}
        {m.paper ? `；${materialPaperText(m.paper)}` : ''}
        {m.scan?.maxPages ? `；扫描件最多 ${m.scan.maxPages} 页` : ''}
      </p>
      {m.note && <p class="hint">{m.note}</p>}
      {held}
      {m.origin.kind !== 'eLicence' && m.origin.kind !== 'onlineForm' && (
        <>
          {attached.length > 0 && (
            <ul class="files" data-files>
              {attached.map(a => {
                const f = props.files.get(a.fileId);
                return (
                  <li>
                    {f ? `${f.name}（${f.pages ? `${f.pages} 页，` : ''}${sizeText(f.size)}）` : '已上传的文件'}
                    <label class="inline">
                      <input type="checkbox" name="remove" value={a.fileId} /> 移除
                    </label>
                    <input type="hidden" name="keep" value={`${m.id}:${a.fileId}`} />
                  </li>
                );
              })}
            </ul>
          )}
          {error && (
            <span id={`${id}-error`} class="field-error">
              {error}
            </span>
          )}
          <label for={id}>{attached.length > 0 ? '再添加文件' : '选择文件'}</label>
          <input
            type="file"
            id={id}
            name={`file.${m.id}`}
            accept={accept}
            multiple
            data-upload={m.id}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          <progress hidden max={100} value={0} aria-label={`${m.title} 上传进度`}></progress>
        </>
      )}
    </div>
  );
}
