/** @jsxImportSource hono/jsx */
import { described } from './form.tsx';

/** A department of the catalogue as the service pages need it: its name and its public phone numbers. */
export interface DepartmentInfo {
  name: string;
  phones: Array<{ purpose?: 'consultation' | 'complaint' | undefined; number: string }>;
}

/** A live matter in a select: grouped by its department. */
export interface MatterOption {
  code: string;
  name: string;
  department: string;
}

/** The name of the matter a request named (its code when it is no longer listed); undefined when it named none. */
export const matterNameOf = (matters: MatterOption[], code: string | null) =>
  code ? (matters.find(m => m.code === code)?.name ?? code) : undefined;

/** The department select of a form (named as its id unless told): “请选择” first, then the catalogue's departments. */
export function DepartmentSelect(props: {
  id: string;
  name?: string;
  value: string;
  departments: DepartmentInfo[];
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  empty: string;
}) {
  return (
    <select
      id={props.id}
      name={props.name ?? props.id}
      required={props.required}
      {...described(props.id, props.hint, props.error)}
    >
      <option value="">{props.empty}</option>
      {props.departments.map(d => (
        <option value={d.name} selected={d.name === props.value}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

/** The matter select of a form: optional, grouped by department. */
export function MatterSelect(props: {
  id: string;
  value: string;
  matters: MatterOption[];
  hint?: string | undefined;
  error?: string | undefined;
  empty: string;
}) {
  const departments = [...new Set(props.matters.map(m => m.department))];
  return (
    <select id={props.id} name={props.id} {...described(props.id, props.hint, props.error)}>
      <option value="">{props.empty}</option>
      {departments.map(d => (
        <optgroup label={d}>
          {props.matters
            .filter(m => m.department === d)
            .map(m => (
              <option value={m.code} selected={m.code === props.value}>
                {m.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}
