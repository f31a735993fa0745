/** @jsxImportSource hono/jsx */
import type { Department } from '@banshi/definition';

/** A department's windows as the catalogue publishes them (办理地点 in its department block). */
export type DepartmentPlace = NonNullable<Department['places']>[number];

const hoursText = (hours: NonNullable<DepartmentPlace['officeHours']>) =>
  hours.map(h => `${h.from}—${h.to}`).join('、');

/**
 * 办理地点 for a matter that names none of its own: its department's places, each with its own office hours when
 * the department wrote them (seed 002 lists 办理地点 among the guide's elements to publish).
 */
export function DepartmentPlaces(props: { places: readonly DepartmentPlace[] }) {
  return (
    <>
      <dt>办理地点</dt>
      <dd>
        {props.places.map(p => (
          <div>
            {p.address}
            {p.officeHours?.length ? `（办公时间：工作日 ${hoursText(p.officeHours)}）` : ''}
          </div>
        ))}
      </dd>
    </>
  );
}
