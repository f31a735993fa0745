/** @jsxImportSource hono/jsx */
import type { WorkCalendar } from '@banshi/definition/calendar';
import type { Tracked } from '../../../cases/index.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { Progress } from '../../components/progress.tsx';

export interface TrackForm {
  number: string;
  holder: string;
  errors: Partial<Record<'number' | 'holder', string>>;
  notFound?: boolean;
  /** Too many lookups that found nothing from this address. */
  throttled?: boolean;
}

/** 办件查询: by case number and the applicant's ID number or credit code; complete without JavaScript. */
export function TrackPage(props: {
  form: TrackForm;
  tracked?: Tracked | undefined;
  calendar: WorkCalendar;
  now: number;
  viewer?: Viewer | undefined;
}) {
  const { form, tracked } = props;
  const errors = Object.entries(form.errors) as Array<['number' | 'holder', string]>;
  return (
    <Layout title="办件查询" viewer={props.viewer}>
      <h1>办件查询</h1>
      {errors.length > 0 && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>请更正以下内容</h2>
          <ul>
            {errors.map(([field, message]) => (
              <li>
                <a href={`#${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form class="search" method="get" action="/hall/track">
        <label for="number">
          办件编号
          <input
            id="number"
            name="number"
            value={form.number}
            maxlength={40}
            autocomplete="off"
            aria-invalid={form.errors.number ? 'true' : undefined}
            aria-describedby={form.errors.number ? 'number-error' : undefined}
          />
          {form.errors.number && (
            <span id="number-error" class="field-error">
              {form.errors.number}
            </span>
          )}
        </label>
        <label for="holder">
          申请人身份证号码或统一社会信用代码
          <input
            id="holder"
            name="holder"
            value={form.holder}
            maxlength={18}
            autocomplete="off"
            aria-invalid={form.errors.holder ? 'true' : undefined}
            aria-describedby={form.errors.holder ? 'holder-error' : undefined}
          />
          {form.errors.holder && (
            <span id="holder-error" class="field-error">
              {form.errors.holder}
            </span>
          )}
        </label>
        <button type="submit">查询</button>
      </form>
      {form.notFound && <p role="status">没有找到与该编号和证件号相符的办件，请核对后再试。</p>}
      {tracked && <Progress tracked={tracked} calendar={props.calendar} now={props.now} />}
    </Layout>
  );
}
