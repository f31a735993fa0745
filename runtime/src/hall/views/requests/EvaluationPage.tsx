/** @jsxImportSource hono/jsx */
import { ratingLabels, type EvaluationView } from '../../../requests/index.ts';
import { Csrf, described, ErrorSummary, Field, Notice, type FieldErrors } from '../../components/form.tsx';
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { Lines } from '../../components/lines.tsx';

/** The rating form as typed. */
export interface EvaluationForm {
  level: string;
  reason: string;
}

/** The case being rated, as the page names it. */
interface RatedCase {
  caseId: string;
  caseNumber: string;
  matter: string;
  department: string;
  statusLabel: string;
}

export interface EvaluationProps {
  viewer: Viewer | undefined;
  subject: RatedCase;
  notice?: string | undefined;
  /** The form (new or come back with errors), the rating already given, or why the case cannot be rated yet. */
  state:
    | { kind: 'form'; form: EvaluationForm; errors: FieldErrors; bad: boolean }
    | { kind: 'given'; evaluation: EvaluationView; refusal?: string | undefined }
    | { kind: 'unfinished'; message: string };
}

/** From 非常满意 (5) down to 非常不满意 (1), in the order they are offered. */
const levels = [5, 4, 3, 2, 1] as const;

/** 好差评: the applicant rates the service of their own finished case, once. */
export function EvaluationPage(props: EvaluationProps) {
  const s = props.subject;
  return (
    <Layout title="服务评价" viewer={props.viewer}>
      <h1>服务评价</h1>
      <Notice text={props.notice} />
      <dl class="facts">
        <dt>办件编号</dt>
        <dd>
          <a href={`/hall/cases/${s.caseId}`}>{s.caseNumber}</a>
        </dd>
        <dt>事项</dt>
        <dd>{s.matter}</dd>
        <dt>办理部门</dt>
        <dd>{s.department}</dd>
        <dt>办件状态</dt>
        <dd>{s.statusLabel}</dd>
      </dl>
      {props.state.kind === 'unfinished' && (
        <p class="warn" role="status">
          {props.state.message}
        </p>
      )}
      {props.state.kind === 'given' && <Given evaluation={props.state.evaluation} refusal={props.state.refusal} />}
      {props.state.kind === 'form' && <RatingForm caseId={s.caseId} csrf={props.viewer?.csrf} {...props.state} />}
    </Layout>
  );
}

/** The five levels and the reason (needed for the two bad ones), once only. */
function RatingForm(props: {
  caseId: string;
  csrf: string | undefined;
  form: EvaluationForm;
  errors: FieldErrors;
  bad: boolean;
}) {
  const { form, errors } = props;
  const levelHint = '每个办件只能评价一次，提交后不能修改。';
  const reasonHint =
    '选择“不满意”或“非常不满意”时必须写明原因，部门将据此整改并答复您；其他评价可不填。不超过 500 字。';
  return (
    <section aria-labelledby="rate">
      <h2 id="rate">评价这次办理</h2>
      <ErrorSummary errors={errors} />
      <form method="post" action={`/hall/cases/${props.caseId}/evaluation`}>
        <Csrf token={props.csrf} />
        <div class={errors.level ? 'field has-error' : 'field'}>
          <fieldset class="group" aria-describedby={errors.level ? 'level-hint level-error' : 'level-hint'}>
            <legend>
              您对这次办理的总体评价
              <span class="req" aria-hidden="true">
                {' '}
                *
              </span>
            </legend>
            <span id="level-hint" class="hint">
              {levelHint}
            </span>
            {errors.level && (
              <span id="level-error" class="field-error">
                {errors.level}
              </span>
            )}
            {levels.map(level => (
              <label>
                <input
                  type="radio"
                  name="level"
                  id={level === 5 ? 'level' : `level-${level}`}
                  value={String(level)}
                  checked={form.level === String(level)}
                  required
                />
                {ratingLabels[level]}
              </label>
            ))}
          </fieldset>
        </div>
        <Field
          id="reason"
          label={props.bad ? '原因' : '原因（选择“不满意”或“非常不满意”时必填）'}
          hint={reasonHint}
          error={errors.reason}
          required={props.bad}
        >
          <textarea
            id="reason"
            name="reason"
            rows={4}
            maxlength={500}
            required={props.bad}
            {...described('reason', reasonHint, errors.reason)}
          >
            {'\n'}
            {form.reason}
          </textarea>
        </Field>
        <div class="actions">
          <button type="submit">提交评价</button>
        </div>
      </form>
    </section>
  );
}

/** The rating given, and the department's rectification when it was a bad one. */
function Given(props: { evaluation: EvaluationView; refusal: string | undefined }) {
  const e = props.evaluation;
  return (
    <section aria-labelledby="given">
      <h2 id="given">您的评价</h2>
      {props.refusal && (
        <p class="warn" role="alert">
          {props.refusal}
        </p>
      )}
      <dl class="facts">
        <dt>评价</dt>
        <dd>
          <strong>{e.levelLabel}</strong>
        </dd>
        {e.reason && (
          <>
            <dt>原因</dt>
            <dd>
              <Lines text={e.reason} />
            </dd>
          </>
        )}
        <dt>评价时间</dt>
        <dd>{when(e.createdAt)}</dd>
        {e.rectificationDue && !e.rectifiedAt && (
          <>
            <dt>整改</dt>
            <dd>
              {e.department}须于 {when(e.rectificationDue)} 前整改并答复您，答复会发送到您的站内消息。
            </dd>
          </>
        )}
        {e.rectifiedAt && (
          <>
            <dt>整改答复</dt>
            <dd>
              <Lines text={e.rectification ?? ''} />
            </dd>
            <dt>答复时间</dt>
            <dd>{when(e.rectifiedAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
