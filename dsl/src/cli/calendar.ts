import { WorkCalendar } from '@banshi/definition/calendar';
import { compileCatalog } from '../compile/index.js';
import { loadWorkspace } from '../workspace/load.js';
import { planLoad } from '../workspace/files.js';

/**
 * `banshi calendar add <date> <n> [--catalog dir]`: the day on which n workdays after date end. A count that runs
 * into a year the catalogue has no calendar for follows the provisional rule, and the date says so: "（暂定）".
 */
export async function calendarAdd(
  date: string,
  n: string,
  catalogDir: string,
  out: (line: string) => void,
  err: (line: string) => void
): Promise<number> {
  const count = Number(n);
  if (!/^\d+$/.test(n) || !Number.isSafeInteger(count)) {
    err(`工作日数“${n}”应为非负整数。`);
    return 2;
  }
  const plan = planLoad([catalogDir]);
  const workspace = await loadWorkspace(plan.files);
  const compiled = compileCatalog(workspace.documents, plan.root);
  if (!compiled.ok) {
    err(`${compiled.message}（请先运行 check 修正目录）`);
    return 1;
  }
  const calendar = new WorkCalendar(compiled.catalog.calendars);
  try {
    const end = calendar.addWorkdays(date, count);
    const provisional = calendar.isProvisional(calendar.endOfDay(date) - 1, calendar.endOfDay(end));
    out(provisional ? `${end}（暂定）` : end);
    return 0;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
