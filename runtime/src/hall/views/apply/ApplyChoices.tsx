/** @jsxImportSource hono/jsx */
import type { Definition } from '@banshi/definition';
import type { DraftChoices } from '../../../cases/index.ts';
import { described, Field, type FieldErrors } from '../../components/form.tsx';
import { limitText } from '../../components/labels.ts';

const submissionLabels = { online: '网上提交（上传扫描件）', express: '快递寄送纸质材料（上门取件）' } as const;
const deliveryLabels = {
  online: '网上送达（电子证照、电子文书）',
  express: '快递送达（免费邮寄）',
  onSite: '到窗口领取'
} as const;

/**
 * What the applicant chooses besides the answers: the annual inspection's mode, how the application is handed in
 * (with the courier's pickup), how the result comes back, and the signed commitment.
 */
export function ApplyChoices(props: {
  definition: Definition;
  chosen: DraftChoices;
  errors: FieldErrors;
  /** The channels this applicant may hand the application in by, online. */
  submission: Array<'online' | 'express'>;
  delivery: Array<'onSite' | 'express' | 'online'>;
}) {
  const { definition: d, chosen, errors, submission, delivery } = props;
  return (
    <>
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
            <input type="radio" name="channel" value={x} checked={(chosen.channel ?? submission[0]) === x} required />
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
          <p class="hint">选择快递寄送时，请填写取件信息：快递员上门取件，寄往 {d.places[0] ?? d.department.name}。</p>
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
              <input type="radio" name="delivery" value={x} checked={(chosen.delivery ?? delivery[0]) === x} required />
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
            <input type="checkbox" name="commitment" value="yes" checked={chosen.commitmentSigned === true} required />
            本人（本单位）已阅读并签署上述承诺
          </label>
        </fieldset>
      )}
    </>
  );
}
