/** @jsxImportSource hono/jsx */
import { materialsFor } from '@banshi/definition/answers';
import { applicantChannels } from '../cases/index.ts';
import { needLabels } from './material-needs.ts';
import type { Definition, Field as FormField } from '@banshi/definition';
import type { Draft } from '../cases/index.ts';
import { ErrorSummary, Csrf, Field, described, type FieldErrors } from './form.tsx';
import { channels, limitText, paperForms } from './labels.ts';
import { Layout } from './layout.tsx';
import type { Viewer } from './render.ts';

/** Ids of the page's controls: field names and material ids are Chinese and free-form, so controls are numbered. */
export const fieldId = (index: number) => `f${index}`;
export const materialId = (index: number) => `m${index}`;

const submissionLabels = { online: '网上提交（上传扫描件）', express: '快递寄送纸质材料（上门取件）' } as const;
const deliveryLabels = {
  online: '网上送达（电子证照、电子文书）',
  express: '快递送达（免费邮寄）',
  onSite: '到窗口领取'
} as const;
export const accept = '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png';

export interface ApplyProps {
  viewer: Viewer;
  definition: Definition;
  draft: Draft;
  files: Map<string, { name: string; pages: number | null; size: number }>;
  /** E-licences the applicant already holds, by licence name: where they come from. */
  held: Map<string, string>;
  errors: FieldErrors;
  /** The day the server counts as today (Shanghai), for date checks in the browser. */
  today: string;
  notice?: string | undefined;
  /** Why this applicant cannot apply online now (the blacklist, the service objects, the inspection window). */
  blocked?: string | undefined;
  /** The blacklist's message when the applicant may not apply online now. */
  restricted?: string | undefined;
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

function Control(props: { field: FormField; id: string; value: string; error?: string | undefined }) {
  const { field, id, value, error } = props;
  const name = `answer.${field.name}`;
  const aria = described(id, field.unit ? 'unit' : undefined, error);
  const hint = field.unit ? `单位：${field.unit}` : undefined;
  const common = { id, name, ...(field.required ? { required: true } : {}), ...aria };
  if (field.kind === 'yesNo') {
    return (
      <fieldset
        class={error ? 'group field has-error' : 'group field'}
        id={id}
        {...(error ? { 'aria-describedby': `${id}-error` } : {})}
      >
        <legend>
          {field.name}
          {field.required && (
            <span class="req" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </legend>
        {error && (
          <span id={`${id}-error`} class="field-error">
            {error}
          </span>
        )}
        <label>
          <input
            type="radio"
            name={name}
            value="是"
            checked={value === '是' || value === 'true'}
            data-field={field.name}
          />
          是
        </label>
        <label>
          <input
            type="radio"
            name={name}
            value="否"
            checked={value === '否' || value === 'false'}
            data-field={field.name}
          />
          否
        </label>
      </fieldset>
    );
  }
  const label = field.name;
  const input = (() => {
    switch (field.kind) {
      case 'choice':
        return (
          <select {...common} data-field={field.name}>
            <option value="">请选择</option>
            {(field.options ?? []).map(o => (
              <option value={o} selected={o === value}>
                {o}
              </option>
            ))}
          </select>
        );
      case 'date':
        return <input type="date" {...common} value={value} data-field={field.name} />;
      case 'number':
        return <input type="text" inputmode="decimal" {...common} value={value} data-field={field.name} />;
      case 'money':
        return <input type="text" inputmode="decimal" {...common} value={value} data-field={field.name} />;
      case 'phone':
        return <input type="tel" autocomplete="tel" {...common} value={value} maxlength={20} data-field={field.name} />;
      case 'idNumber':
      case 'creditCode':
        return (
          <input
            type="text"
            autocapitalize="characters"
            spellcheck={false}
            {...common}
            value={value}
            maxlength={18}
            data-field={field.name}
          />
        );
      case 'address':
        return (
          <input
            type="text"
            autocomplete="street-address"
            {...common}
            value={value}
            maxlength={200}
            data-field={field.name}
          />
        );
      default:
        return <input type="text" {...common} value={value} maxlength={500} data-field={field.name} />;
    }
  })();
  return (
    <Field id={id} label={label} hint={hint} error={error} required={field.required}>
      {hint ? (
        <span class="hint" id={`${id}-unit`} hidden>
          {hint}
        </span>
      ) : null}
      {input}
    </Field>
  );
}

/** 在线申请: the form generated from the Definition, the materials its answers need, uploads, choices, draft. */
export function Apply(props: ApplyProps) {
  const { definition: d, draft, errors, viewer } = props;
  const answers = draft.answers;
  const needs = materialsFor(d, answers, new Set(draft.materials.map(m => m.material)));
  const chosen = draft.choices;
  const today = props.today;
  const rules = {
    today,
    fields: d.form.map((f, i) => ({
      id: fieldId(i),
      field: {
        name: f.name,
        kind: f.kind,
        required: f.required,
        ...(f.unit ? { unit: f.unit } : {}),
        ...(f.options ? { options: f.options } : {})
      }
    })),
    materials: d.materials.map((m, i) => ({
      id: materialId(i),
      material: {
        id: m.id,
        title: m.title,
        necessity: m.necessity,
        replaces: m.replaces,
        origin: m.origin,
        ...(m.condition ? { condition: m.condition } : {})
      }
    }))
  };
  const submission = applicantChannels(d);
  const delivery = d.delivery.filter((x): x is 'onSite' | 'express' | 'online' => x !== 'announcement');
  return (
    <Layout title={`申请：${d.name}`} viewer={viewer} script>
      <p class="muted no-print">
        <a href="/hall">首页</a> › <a href={`/hall/matters/${d.code}`}>{d.name}</a> › 在线申请
      </p>
      <h1>申请：{d.name}</h1>
      <ErrorSummary errors={errors} />
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.restricted && (
        <p class="warn">
          {props.restricted}
          <a href="/hall/restriction">查看原因与申诉</a>
        </p>
      )}
      {props.blocked ? (
        <p class="warn">
          {props.blocked}
          {d.submission.includes('onSite') && (
            <>
              {' '}
              <a href={`/hall/appointments?matter=${d.code}`}>预约到窗口办理</a>
            </>
          )}
        </p>
      ) : (
        <form method="post" action={`/hall/matters/${d.code}/apply`} enctype="multipart/form-data" data-apply>
          <script
            type="application/json"
            id="form-rules"
            dangerouslySetInnerHTML={{ __html: JSON.stringify(rules).replace(/</g, '\\u003c') }}
          ></script>
          <Csrf token={viewer.csrf} />
          <input type="hidden" name="draft" value={draft.id} />
          <p class="hint">
            带 <span class="req">*</span> 的为必填项。可以随时“保存草稿”，下次从“我的办件”继续填写。
          </p>

          <h2 id="applicant">申请人</h2>
          <dl class="facts">
            <dt>{viewer.kind === 'person' ? '姓名' : '单位名称'}</dt>
            <dd>{viewer.name}</dd>
          </dl>

          <h2 id="form">申请表</h2>
          {d.form.map((f, i) => (
            <Control field={f} id={fieldId(i)} value={answers[f.name] ?? ''} error={errors[fieldId(i)]} />
          ))}

          <h2 id="materials">申请材料</h2>
          <p class="hint">
            材料清单随您填写的内容变化。接受 PDF、JPG、PNG、OFD 格式，单个文件不超过 20 MB；按文件内容判断格式。
          </p>
          {needs.map((n, i) => {
            const m = n.material;
            const id = materialId(i);
            const attached = draft.materials.filter(x => x.material === m.id);
            const error = errors[id];
            const held = m.origin.kind === 'eLicence' ? props.held.get(m.origin.licence) : undefined;
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
                  {m.paper
                    ? `；纸质${paperForms[m.paper.form]} ${m.paper.copies} 份${m.paper.size ? `（${m.paper.size}）` : ''}`
                    : ''}
                  {m.scan?.maxPages ? `；扫描件最多 ${m.scan.maxPages} 页` : ''}
                </p>
                {m.note && <p class="hint">{m.note}</p>}
                {held && <p class="notice">已持有：{held}</p>}
                {m.origin.kind !== 'eLicence' && m.origin.kind !== 'onlineForm' && (
                  <>
                    {attached.length > 0 && (
                      <ul class="files" data-files>
                        {attached.map(a => {
                          const f = props.files.get(a.fileId);
                          return (
                            <li>
                              {f
                                ? `${f.name}（${f.pages ? `${f.pages} 页，` : ''}${sizeText(f.size)}）`
                                : '已上传的文件'}
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
          })}
          <button type="submit" name="intent" value="refresh" class="secondary" formnovalidate data-refresh>
            根据填写内容更新材料清单
          </button>

          {d.annualInspection && (
            <fieldset class={errors.inspectionMode ? 'group field has-error' : 'group field'} id="inspectionMode">
              <legend>
                年检方式
                <span class="req" aria-hidden="true">
                  {' '}
                  *
                </span>
              </legend>
              {errors.inspectionMode && <span class="field-error">{errors.inspectionMode}</span>}
              <p class="hint">
                申报时间：每年 {d.annualInspection.window.from} 至 {d.annualInspection.window.to}
                {d.annualInspection.joint.length > 0
                  ? `；由${[d.department.name, ...d.annualInspection.joint.map(j => j.name)].join('、')}联合年检`
                  : ''}
                。
              </p>
              {d.annualInspection.modes.map(m => (
                <label>
                  <input
                    type="radio"
                    name="inspectionMode"
                    value={m.kind}
                    checked={chosen.inspectionMode === m.kind}
                    required
                  />
                  {m.kind === 'written' ? '书面检查' : '实地检查'}（预审 {limitText(m.preReviewLimit)}）
                </label>
              ))}
            </fieldset>
          )}

          <h2 id="choices">递交与送达</h2>
          <fieldset class={errors.channel ? 'group field has-error' : 'group field'} id="channel">
            <legend>
              递交方式
              <span class="req" aria-hidden="true">
                {' '}
                *
              </span>
            </legend>
            {errors.channel && <span class="field-error">{errors.channel}</span>}
            {submission.map(x => (
              <label>
                <input
                  type="radio"
                  name="channel"
                  value={x}
                  checked={(chosen.channel ?? submission[0]) === x}
                  required
                />
                {submissionLabels[x]}
              </label>
            ))}
            {d.submission.includes('onSite') && (
              <p class="hint">
                也可以带齐材料到服务大厅窗口递交，由窗口工作人员当场录入：
                <a href={`/hall/appointments?matter=${d.code}`}>预约到窗口办理</a>。
              </p>
            )}
          </fieldset>
          {submission.includes('express') && (
            <div class="pickup" data-pickup>
              <h3>快递取件信息</h3>
              <p class="hint">
                选择快递寄送时，请填写取件信息：快递员上门取件，寄往 {d.places[0] ?? d.department.name}。
              </p>
              <Field id="pickupAddress" label="取件地址" error={errors.pickupAddress}>
                <input
                  id="pickupAddress"
                  name="pickup.address"
                  autocomplete="street-address"
                  maxlength={200}
                  value={chosen.pickup?.address ?? ''}
                  {...described('pickupAddress', undefined, errors.pickupAddress)}
                />
              </Field>
              <Field id="pickupContact" label="取件联系人" error={errors.pickupContact}>
                <input
                  id="pickupContact"
                  name="pickup.contact"
                  autocomplete="name"
                  maxlength={50}
                  value={chosen.pickup?.contact ?? ''}
                  {...described('pickupContact', undefined, errors.pickupContact)}
                />
              </Field>
              <Field id="pickupPhone" label="取件联系电话" error={errors.pickupPhone}>
                <input
                  id="pickupPhone"
                  name="pickup.phone"
                  type="tel"
                  autocomplete="tel"
                  maxlength={20}
                  value={chosen.pickup?.phone ?? ''}
                  {...described('pickupPhone', undefined, errors.pickupPhone)}
                />
              </Field>
            </div>
          )}
          {delivery.length > 0 && (
            <fieldset class={errors.delivery ? 'group field has-error' : 'group field'} id="delivery">
              <legend>
                结果送达方式
                <span class="req" aria-hidden="true">
                  {' '}
                  *
                </span>
              </legend>
              {errors.delivery && <span class="field-error">{errors.delivery}</span>}
              {delivery.map(x => (
                <label>
                  <input
                    type="radio"
                    name="delivery"
                    value={x}
                    checked={(chosen.delivery ?? delivery[0]) === x}
                    required
                  />
                  {deliveryLabels[x]}
                </label>
              ))}
            </fieldset>
          )}
          {d.declaration && (
            <fieldset class={errors.commitment ? 'group field has-error' : 'group field'} id="commitment">
              <legend>承诺</legend>
              {errors.commitment && <span class="field-error">{errors.commitment}</span>}
              <p>{d.declaration.commitment}</p>
              <label>
                <input
                  type="checkbox"
                  name="commitment"
                  value="yes"
                  checked={chosen.commitmentSigned === true}
                  required
                />
                本人（本单位）已阅读并签署上述承诺
              </label>
            </fieldset>
          )}
          <p class="hint">
            提交后{' '}
            {d.limits.immediate
              ? '即时办结'
              : `5 个工作日内告知是否受理；受理后承诺 ${limitText(d.limits.promised)}内办结（法定 ${limitText(d.limits.legal)}）`}
            。
          </p>
          <div class="actions">
            <button type="submit" name="intent" value="submit" data-submit>
              提交申请
            </button>
            <button type="submit" name="intent" value="save" class="secondary" formnovalidate>
              保存草稿
            </button>
          </div>
          <p class="hint">{channels.online}申请与到窗口申请效力相同。</p>
        </form>
      )}
    </Layout>
  );
}
