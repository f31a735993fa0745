/** @jsxImportSource hono/jsx */
import type { Field as FormField } from '@banshi/definition';
import { described, Field } from '../../components/form.tsx';

/** One question of the application form as its control: radios for yes or no, a select, or a typed input. */
export function AnswerControl(props: { field: FormField; id: string; value: string; error?: string | undefined }) {
  const { field, id, value, error } = props;
  const name = `answer.${field.name}`;
  const range =
    field.min !== undefined && field.max !== undefined
      ? `${field.min} 至 ${field.max}`
      : field.min !== undefined
        ? `不小于 ${field.min}`
        : field.max !== undefined
          ? `不大于 ${field.max}`
          : undefined;
  const hint =
    [field.unit ? `单位：${field.unit}` : '', range ? `填写范围：${range}` : ''].filter(Boolean).join('；') ||
    undefined;
  const aria = described(id, hint ? 'unit' : undefined, error);
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
