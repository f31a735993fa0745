/** @jsxImportSource hono/jsx */
import type { DepartmentInfo } from './selects.tsx';

/** Every department's phone for consultations or complaints (a number without a purpose serves both). */
export function Phones(props: {
  departments: DepartmentInfo[];
  purpose: 'consultation' | 'complaint';
  caption: string;
}) {
  const rows = props.departments
    .map(d => ({
      name: d.name,
      numbers: d.phones.filter(p => !p.purpose || p.purpose === props.purpose).map(p => p.number)
    }))
    .filter(d => d.numbers.length > 0);
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">部门</th>
            <th scope="col">电话</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(r => (
            <tr>
              <th scope="row">{r.name}</th>
              <td>{r.numbers.join('，')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
