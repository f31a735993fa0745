/** @jsxImportSource hono/jsx */
import { Csrf, Field, type FieldErrors } from '../../components/form.tsx';

/** 撤回申请: an optional reason, and a box to tick so that no one withdraws by a slip. */
export function WithdrawForm(props: { caseId: string; csrf: string; errors: FieldErrors; reason: string }) {
  const { errors } = props;
  return (
    <form method="post" action={`/hall/cases/${props.caseId}/withdraw`} class="no-print">
      <h2 id="withdraw">撤回申请</h2>
      <Csrf token={props.csrf} />
      <Field id="reason" label="撤回原因（选填）" error={errors.reason}>
        <input id="reason" name="reason" maxlength={500} value={props.reason} />
      </Field>
      <fieldset class={errors.confirm ? 'group field has-error' : 'group field'} id="confirm">
        <legend>确认</legend>
        {errors.confirm && <span class="field-error">{errors.confirm}</span>}
        <label>
          <input type="checkbox" name="confirm" value="yes" />
          我确认撤回这份申请（撤回后需重新申请）
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit" class="secondary">
          撤回申请
        </button>
      </div>
    </form>
  );
}
