/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

/** Field errors by the id of the field they belong to. */
export type FieldErrors = Record<string, string>;

/**
 * The error summary at the top of a form: every error, each a link to its field, focused by the hall's script
 * (and announced as an alert without it).
 */
export function ErrorSummary(props: { errors: FieldErrors; title?: string }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <h2>{props.title ?? '请更正以下内容'}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The CSRF token every form of a signed-in user carries. */
export function Csrf(props: { token: string | undefined }) {
  return props.token ? <input type="hidden" name="_csrf" value={props.token} /> : null;
}

/** A labelled control with its hint and error, wired with aria-describedby; `children` is the control itself. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  children: Child;
}) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.required ? (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {props.hint && (
        <span id={`${props.id}-hint`} class="hint">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={`${props.id}-error`} class="field-error">
          {props.error}
        </span>
      )}
      {props.children}
    </div>
  );
}

/** The attributes a control needs to point at its hint and error. */
export function described(id: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(ids ? { 'aria-describedby': ids } : {}), ...(error ? { 'aria-invalid': 'true' } : {}) };
}

/** A one-line message after an action (post, redirect, get): `?done=…` names one of a page's fixed messages. */
export function Notice(props: { text: string | undefined }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}
