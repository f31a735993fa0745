import { z } from 'zod';
import { IsoDate, Level, SourceRange, TimeOfDay } from './common.ts';
import { SupervisionPolicy } from './supervision.ts';

export const Holiday = z.object({ name: z.string(), from: IsoDate, to: IsoDate });

/** One year's working-day calendar from the State Council's schedule. */
export const CalendarYear = z.object({
  year: z.number().int().min(2000).max(2100),
  source: z.string().optional(),
  holidays: z.array(Holiday),
  adjustedWorkdays: z.array(IsoDate),
  officeHours: z.array(z.object({ from: TimeOfDay, to: TimeOfDay }))
});
export type CalendarYear = z.infer<typeof CalendarYear>;

export const Role = z.object({ name: z.string(), title: z.string().optional() });

export const DepartmentRef = z.object({
  name: z.string(),
  code: z.string().optional(),
  level: Level.optional(),
  region: z.string().optional()
});
export type DepartmentRef = z.infer<typeof DepartmentRef>;

/** A window's own opening hours, when they differ from the calendar's (办公时间 in a department). */
export const OfficeHours = z.array(z.object({ from: TimeOfDay, to: TimeOfDay }));

export const Department = DepartmentRef.extend({
  roles: z.array(Role),
  phones: z.array(z.object({ purpose: z.enum(['consultation', 'complaint']).optional(), number: z.string() })),
  officeHours: OfficeHours.optional(),
  /** The parent department's name (上级部门). */
  parent: z.string().optional(),
  /** The department's windows (办理地点), each with its own hours when they differ from the department's. */
  places: z.array(z.object({ address: z.string(), officeHours: OfficeHours.optional() })).optional(),
  /** Names the department had before (曾用名), so that its history stays with it after a rename. */
  formerNames: z.array(z.string()).optional(),
  source: SourceRange
});
export type Department = z.infer<typeof Department>;

export const Region = z.object({
  name: z.string(),
  code: z.string().optional(),
  level: Level.optional(),
  parent: z.string().optional()
});
export type Region = z.infer<typeof Region>;

/** What the runtime needs besides the matters: calendars, departments, regions, supervision defaults. */
export const Catalog = z.object({
  schemaVersion: z.literal(1),
  calendars: z.array(CalendarYear),
  departments: z.array(Department),
  regions: z.array(Region),
  supervisionDefaults: SupervisionPolicy
});
export type Catalog = z.infer<typeof Catalog>;
