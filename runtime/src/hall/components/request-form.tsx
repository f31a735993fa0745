/** @jsxImportSource hono/jsx */
import { described, Field } from './form.tsx';
import { DepartmentSelect, MatterSelect, type DepartmentInfo, type MatterOption } from './selects.tsx';

/*
 * What the consultation and complaint forms have in common: the department and the matter they are about, the text
 * of up to 2,000 characters, and what a signed-out visitor sees instead of the form.
 */

/** The department a request goes to: the catalogue's departments, “请选择部门” first. */
export function DepartmentField(props: {
  label: string;
  value: string;
  departments: DepartmentInfo[];
  hint: string;
  error: string | undefined;
  required?: boolean;
}) {
  return (
    <Field id="department" label={props.label} hint={props.hint} error={props.error} required={props.required}>
      <DepartmentSelect
        id="department"
        value={props.value}
        departments={props.departments}
        hint={props.hint}
        error={props.error}
        required={props.required}
        empty="请选择部门"
      />
    </Field>
  );
}

/** The matter a request is about: optional, grouped by department. */
export function MatterField(props: {
  label: string;
  value: string;
  matters: MatterOption[];
  hint: string;
  error: string | undefined;
  empty: string;
}) {
  return (
    <Field id="matter" label={props.label} hint={props.hint} error={props.error}>
      <MatterSelect
        id="matter"
        value={props.value}
        matters={props.matters}
        hint={props.hint}
        error={props.error}
        empty={props.empty}
      />
    </Field>
  );
}

/**
 * The request's own words, up to 2,000 characters, what was typed kept. The newline first: a browser drops the one
 * that follows `<textarea>`, so text that starts with a line break keeps it.
 */
export function RequestText(props: {
  id: string;
  label: string;
  value: string;
  hint: string;
  error: string | undefined;
}) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error} required>
      <textarea
        id={props.id}
        name={props.id}
        rows={6}
        maxlength={2000}
        required
        {...described(props.id, props.hint, props.error)}
      >
        {'\n'}
        {props.value}
      </textarea>
    </Field>
  );
}

/** What a signed-out visitor is offered instead of the form: why to sign in, and a way to. */
export function SignInFirst(props: { id: string; title: string; why: string; href: string; text: string }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <p>{props.why}</p>
      <p class="actions">
        <a class="button" href={props.href}>
          登录
        </a>
        <span>{props.text}</span>
      </p>
    </section>
  );
}
