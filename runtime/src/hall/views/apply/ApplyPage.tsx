/** @jsxImportSource hono/jsx */
import { materialsFor } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import { applicantChannels, correctionNoticeLimit, type Draft } from '../../../cases/index.ts';
import { fieldId, materialId } from '../../components/application-form.ts';
import { Csrf, ErrorSummary, type FieldErrors } from '../../components/form.tsx';
import { channels, limitText } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { CarriedOverNotice } from '../../components/carried-over.tsx';
import { AnswerControl } from './AnswerControl.tsx';
import { ApplyChoices } from './ApplyChoices.tsx';
import { MaterialBox, type FileFacts } from './MaterialBox.tsx';
import type { Offer } from '../../../licences/index.ts';
import { consentId, LicenceConsent } from '../licences/LicenceConsent.tsx';

interface ApplyProps {
  viewer: Viewer;
  definition: Definition;
  draft: Draft;
  files: Map<string, FileFacts>;
  /** What the e-licence library can fill: per material, the licences in force the applicant holds. */
  offers: Offer[];
  /** The licence ticked for each material (material id → licence id), as posted. */
  chosen: Record<string, string>;
  errors: FieldErrors;
  /** The day the server counts as today (Shanghai), for date checks in the browser. */
  today: string;
  notice?: string | undefined;
  /** Why this applicant cannot apply online now (the blacklist, the service objects, the inspection window). */
  blocked?: string | undefined;
  /** The blacklist's message when the applicant may not apply online now. */
  restricted?: string | undefined;
  /** The account is not verified (accounts/identity.ts): how to get verified; the form still fills and saves. */
  unverified?: string | undefined;
}

/** 在线申请: the form generated from the Definition, the materials its answers need, uploads, choices, draft. */
export function ApplyPage(props: ApplyProps) {
  const { definition: d, draft, errors, viewer } = props;
  const answers = draft.answers;
  const needs = materialsFor(d, answers, new Set(draft.materials.map(m => m.material)));
  const chosen = draft.choices;
  const consent = (material: string) => {
    const i = props.offers.findIndex(o => o.material === material);
    return i < 0 ? undefined : (
      <LicenceConsent
        offer={props.offers[i]!}
        id={consentId(i)}
        chosen={props.chosen[material]}
        error={errors[consentId(i)]}
      />
    );
  };
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
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined ? { max: f.max } : {}),
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
      {draft.carriedOver && <CarriedOverNotice changes={draft.carriedOver} />}
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.unverified && (
        <p class="warn" id="identity">
          {props.unverified} <a href="/hall/account">查看账号级别与核验方式</a>
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
          {d.eligibility && (
            <div class="hint" id="eligibility">
              <p>申请条件（不符合的申请不能提交）：</p>
              <ul>
                {d.eligibility.map(rule => (
                  <li>
                    {rule.name}
                    {rule.message ? `：${rule.message}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {d.form.map((f, i) => (
            <AnswerControl field={f} id={fieldId(i)} value={answers[f.name] ?? ''} error={errors[fieldId(i)]} />
          ))}

          <h2 id="materials">申请材料</h2>
          <p class="hint">
            材料清单随您填写的内容变化。接受 PDF、JPG、PNG、OFD 格式，单个文件不超过 20 MB；按文件内容判断格式。
          </p>
          {needs.map((n, i) => (
            <MaterialBox
              need={n}
              id={materialId(i)}
              attached={draft.materials.filter(x => x.material === n.material.id)}
              files={props.files}
              error={errors[materialId(i)]}
              held={consent(n.material.id)}
            />
          ))}
          {props.offers.map(o => (o.purpose === 'subject' ? consent(o.material) : undefined))}
          <button type="submit" name="intent" value="refresh" class="secondary" formnovalidate data-refresh>
            根据填写内容更新材料清单
          </button>

          <ApplyChoices definition={d} chosen={chosen} errors={errors} submission={submission} delivery={delivery} />
          <p class="hint">
            提交后{' '}
            {d.limits.immediate
              ? '即时办结'
              : `${limitText(correctionNoticeLimit(d))}内告知是否需要补正材料；受理后承诺 ${limitText(d.limits.promised)}内办结（法定 ${limitText(d.limits.legal)}）`}
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
