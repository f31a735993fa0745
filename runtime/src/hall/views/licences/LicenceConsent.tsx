/** @jsxImportSource hono/jsx */
import type { Offer } from '../../../licences/index.ts';

/** The id of the consent of the `index`-th licence the library offers on the apply page (its error's key too). */
export const consentId = (index: number) => `licence-${index}`;

/**
 * 电子证照调取: the held licences in force that can stand for a material (or be the licence a 延期 case acts on),
 * each with its number, department and last day; the applicant ticks the one they agree to have used. Nothing is
 * ticked for them: the tick is the consent the library logs with the case (seeds/001 第二十条).
 */
export function LicenceConsent(props: {
  offer: Offer;
  id: string;
  chosen: string | undefined;
  error?: string | undefined;
}) {
  const { offer, id, chosen, error } = props;
  if (offer.held.length === 0) return <></>;
  return (
    <fieldset class={error ? 'licence-consent has-error' : 'licence-consent'} id={id}>
      <legend>{offer.purpose === 'subject' ? `办理的${offer.licence}` : `从电子证照库调取“${offer.licence}”`}</legend>
      <p class="hint">
        {offer.purpose === 'subject'
          ? `请勾选本次申请所针对的证照。`
          : `您持有以下证照，可直接用于本次申请，无需再上传。请勾选同意调取的一张。`}
        调取记录（哪张证照、用于哪个办件、何时同意）将留存备查。
      </p>
      {error && (
        <span id={`${id}-error`} class="field-error">
          {error}
        </span>
      )}
      {offer.held.map(l => (
        <label class="inline">
          <input
            type="checkbox"
            name={`licence.${offer.material}`}
            value={l.licenceId}
            checked={chosen === l.licenceId}
            aria-describedby={error ? `${id}-error` : undefined}
          />{' '}
          同意调取 {l.name}（证照编号 {l.number}，{l.department} {l.issuedOn} 核发
          {l.validUntil ? `，有效期至 ${l.validUntil}` : '，长期有效'}
          {l.extensions > 0 ? `，已延期 ${l.extensions} 次` : ''}）
        </label>
      ))}
    </fieldset>
  );
}
