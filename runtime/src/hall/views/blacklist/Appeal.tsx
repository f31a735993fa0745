/** @jsxImportSource hono/jsx */
import { lastDay, type RestrictionView } from '../../../blacklist/index.ts';
import { Csrf, described, Field, type FieldErrors } from '../../components/form.tsx';
import { when } from '../../components/labels.ts';

/** The longest appeal the form takes. */
export const maxReason = 2000;

/** What was typed into one appeal form, kept to be shown again with its errors. */
export interface AppealForm {
  restrictionId: string;
  reason: string;
  errors: FieldErrors;
}

/** The id of a restriction's appeal field: one page may hold a form for each restriction. */
export const reasonField = (restrictionId: string) => `reason-${restrictionId}`;

/** A restriction's appeal: the one made and its outcome, the form while one may appeal, or that the time is up. */
export function Appeal(props: { r: RestrictionView; csrf: string | undefined; form: AppealForm | undefined }) {
  const { r } = props;
  if (r.appeal) {
    return (
      <>
        <h3>申诉</h3>
        <dl class="facts">
          <dt>提交时间</dt>
          <dd>{when(r.appeal.createdAt)}</dd>
          <dt>申诉理由</dt>
          <dd>{r.appeal.reason}</dd>
          <dt>状态</dt>
          <dd>
            <strong>{r.appeal.statusLabel}</strong>
          </dd>
          {r.appeal.decidedAt && (
            <>
              <dt>决定时间</dt>
              <dd>{when(r.appeal.decidedAt)}</dd>
            </>
          )}
          {r.appeal.decision && (
            <>
              <dt>核实意见</dt>
              <dd>{r.appeal.decision}</dd>
            </>
          )}
        </dl>
      </>
    );
  }
  if (!r.canAppeal) {
    return r.state === 'inForce' ? (
      <p class="muted">申诉期限已于{lastDay(Date.parse(r.appealBy))}届满，不能再提出申诉。</p>
    ) : null;
  }
  const id = reasonField(r.id);
  const mine = props.form?.restrictionId === r.id ? props.form : undefined;
  const error = mine?.errors[id];
  const hint = `请说明理由并附上能证实的情况；能证实并非故意的，经核实后解除限制。不超过 ${maxReason} 字。`;
  return (
    <form method="post" action="/hall/restriction/appeal">
      <h3>提出申诉</h3>
      <Csrf token={props.csrf} />
      <input type="hidden" name="restrictionId" value={r.id} />
      <Field id={id} label="申诉理由" hint={hint} error={error} required>
        <textarea id={id} name="reason" rows={6} maxlength={maxReason} required {...described(id, hint, error)}>
          {mine?.reason ?? ''}
        </textarea>
      </Field>
      <div class="actions">
        <button type="submit">提交申诉</button>
      </div>
    </form>
  );
}
