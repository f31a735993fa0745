/** @jsxImportSource hono/jsx */
import type { Definition } from '@banshi/definition';
import type { CaseState } from '../../../cases/index.ts';
import { accept, fieldId, materialId } from '../../components/application-form.ts';
import { Csrf, described, Field, type FieldErrors } from '../../components/form.tsx';

/**
 * 补正: the answers to change (what was typed, else what the case holds) and new files for the materials, sent
 * together; the script uploads the files at once, as on the application form.
 */
export function ResubmitForm(props: {
  caseId: string;
  csrf: string;
  definition: Definition;
  answers: CaseState['answers'];
  errors: FieldErrors;
  typed?: Record<string, string> | undefined;
}) {
  const { definition: d, errors } = props;
  return (
    <form method="post" action={`/hall/cases/${props.caseId}/resubmit`} enctype="multipart/form-data" data-apply>
      <h2 id="resubmit">补正并重新提交</h2>
      <Csrf token={props.csrf} />
      <p class="hint">只需修改需要补正的内容，其他内容保持不变。</p>
      {d.form.map((f, i) => {
        const id = fieldId(i);
        const value =
          props.typed?.[f.name] ??
          (props.answers[f.name] === true
            ? '是'
            : props.answers[f.name] === false
              ? '否'
              : String(props.answers[f.name] ?? ''));
        return (
          <Field id={id} label={f.name + (f.unit ? `（${f.unit}）` : '')} error={errors[id]} required={f.required}>
            {f.kind === 'choice' ? (
              <select id={id} name={`answer.${f.name}`} {...described(id, undefined, errors[id])}>
                {(f.options ?? []).map(o => (
                  <option value={o} selected={o === value}>
                    {o}
                  </option>
                ))}
              </select>
            ) : f.kind === 'yesNo' ? (
              <select id={id} name={`answer.${f.name}`} {...described(id, undefined, errors[id])}>
                <option value="是" selected={value === '是'}>
                  是
                </option>
                <option value="否" selected={value === '否'}>
                  否
                </option>
              </select>
            ) : (
              <input
                id={id}
                name={`answer.${f.name}`}
                type={f.kind === 'date' ? 'date' : f.kind === 'phone' ? 'tel' : 'text'}
                value={value}
                maxlength={500}
                {...described(id, undefined, errors[id])}
              />
            )}
          </Field>
        );
      })}
      <h3>补充或更换材料</h3>
      {d.materials
        .filter(m => m.origin.kind !== 'eLicence' && m.origin.kind !== 'onlineForm')
        .map(m => {
          const index = d.materials.indexOf(m);
          const id = materialId(index);
          return (
            <div class="field">
              <label for={id}>
                {m.title}
                {m.scan?.maxPages ? `（扫描件最多 ${m.scan.maxPages} 页）` : ''}
              </label>
              {errors[id] && (
                <span id={`${id}-error`} class="field-error">
                  {errors[id]}
                </span>
              )}
              <input
                type="file"
                id={id}
                name={`file.${m.id}`}
                accept={accept}
                multiple
                data-upload={m.id}
                aria-describedby={errors[id] ? `${id}-error` : undefined}
              />
              <progress hidden max={100} value={0} aria-label={`${m.title} 上传进度`}></progress>
            </div>
          );
        })}
      <div class="actions">
        <button type="submit">提交补正材料</button>
      </div>
    </form>
  );
}
