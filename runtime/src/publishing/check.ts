import type * as Dsl from '@banshi/dsl';
import { language } from './language.ts';
import { CalendarYear, Definition } from '@banshi/definition';

/** One problem in a draft, 1-based like an editor shows it. */
export interface StudioDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  code: string;
}

/** What the AST says about the draft's matter, read even when the draft has errors (to file and authorise it). */
export interface DraftIdentity {
  code: string | undefined;
  name: string | undefined;
  department: string | undefined;
  /** Where the matter starts, for diagnostics about it as a whole. */
  range: Pick<StudioDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>;
}

export interface CheckResult {
  diagnostics: StudioDiagnostic[];
  /** Set only when no diagnostic is an error. */
  definition: Definition | undefined;
  identity: DraftIdentity;
}

/** The catalogue folder as the compiler sees it: files are `file:///catalog/<path>`, and source ranges read `catalog/<path>`. */
const folder = '/catalog';
const root = '/';

let services: Dsl.MatterServices | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Checks and compiles one matter file against the catalogue's other files (departments, regions, calendars,
 * supervision defaults), as the reform office published them. The Langium services are built once per process;
 * checks run one at a time, and each check's documents are removed afterwards so nothing leaks into the next.
 */
export function checkDraft(sources: Record<string, string>, path: string, text: string): Promise<CheckResult> {
  const run = queue.then(() => check(sources, path, text));
  queue = run.catch(() => undefined);
  return run;
}

async function check(sources: Record<string, string>, path: string, text: string): Promise<CheckResult> {
  const { compileWorkspace, loadWorkspace } = await language();
  // Loading nothing builds the language's services (in-memory file system) without naming Langium here.
  services ??= (await loadWorkspace([])).services;
  const draftUri = `file://${folder}/${path}`;
  const files = [
    ...Object.entries(sources)
      .filter(([p]) => p !== path)
      .map(([p, t]) => ({ uri: `file://${folder}/${p}`, text: t })),
    { uri: draftUri, text }
  ];
  return inWorkspace(files, async workspace => {
    const draft = workspace.documents.at(-1)!;
    const diagnostics = diagnosticsOf(draft);
    const elements = (draft.parseResult.value.elements ?? []) as unknown as AstElement[];
    const matters = elements.filter(e => e.$type === 'Matter');
    const others = elements.filter(e => e.$type !== 'Matter');
    const whole = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const rangeOf = (e: AstElement) => {
      const r = e.$cstNode?.range;
      return r
        ? {
            line: r.start.line + 1,
            column: r.start.character + 1,
            endLine: r.end.line + 1,
            endColumn: r.end.character + 1
          }
        : whole;
    };
    // A condition too large to read leaves the draft unread (no tokens): its own error says why.
    if (matters.length === 0 && !unread(diagnostics))
      diagnostics.push({
        ...whole,
        severity: 'error',
        code: 'studio.no-matter',
        message: '草稿中没有事项定义：请以“事项 名称 { … }”开始。'
      });
    for (const extra of matters.slice(1))
      diagnostics.push({
        ...rangeOf(extra),
        severity: 'error',
        code: 'studio.several-matters',
        message: '一份草稿只能包含一个事项；其他事项请分别起草。'
      });
    for (const other of others) {
      diagnostics.push({
        ...rangeOf(other),
        severity: 'error',
        code: 'studio.not-a-matter',
        message: '草稿只能包含事项；部门、地区、工作日历和监察默认值由审改办在目录中维护。'
      });
    }
    const matter = matters[0];
    const identity: DraftIdentity = {
      code: matter?.code?.trim() || undefined,
      name: typeof matter?.name === 'string' && matter.name ? matter.name : undefined,
      department: matter?.department?.$refText || undefined,
      range: matter ? rangeOf(matter) : whole
    };
    let definition: Definition | undefined;
    if (!diagnostics.some(d => d.severity === 'error')) {
      const compiled = compileWorkspace([draft, ...workspace.documents.slice(0, -1)], root);
      const failure = compiled.failures.find(f => f.matter !== '目录');
      const found = compiled.definitions[0];
      if (failure || !found) {
        diagnostics.push({
          ...identity.range,
          severity: 'error',
          code: 'studio.compile',
          message: failure?.message ?? '事项无法编译。'
        });
      } else {
        definition = Definition.parse(found);
      }
    }
    return { diagnostics, definition, identity };
  });
}

/** A year's calendar checked against the catalogue: diagnostics, and the compiled year when there is no error. */
export interface CalendarCheckResult {
  diagnostics: StudioDiagnostic[];
  year: number | undefined;
  calendar: CalendarYear | undefined;
}

/** The year a calendar source declares (`日历 2027 {` or `calendar 2027 {`), read before the language does. */
export const declaredYear = (text: string): number | undefined => {
  const match = /(?:^|\n)\s*(?:日历|calendar)\s+(\d{4})\b/.exec(text);
  return match ? Number(match[1]) : undefined;
};

/**
 * Checks one year's calendar (the Matter language's calendar syntax) in place of that year's file among the
 * catalogue's other files: the language's diagnostics, then the compiled year. One calendar per source.
 */
export function checkCalendarDraft(sources: Record<string, string>, text: string): Promise<CalendarCheckResult> {
  const run = queue.then(() => checkCalendar(sources, text));
  queue = run.catch(() => undefined);
  return run;
}

async function checkCalendar(sources: Record<string, string>, text: string): Promise<CalendarCheckResult> {
  const { compileWorkspace, loadWorkspace } = await language();
  services ??= (await loadWorkspace([])).services;
  const year = declaredYear(text);
  // The draft replaces the published file of its year, wherever the catalogue keeps it.
  const replaced = Object.entries(sources)
    .filter(([, t]) => year !== undefined && declaredYear(t) === year)
    .map(([p]) => p);
  const path = replaced[0] ?? `calendars/${year ?? 'draft'}.matter`;
  const files = [
    ...Object.entries(sources)
      .filter(([p]) => p !== path && !replaced.includes(p))
      .map(([p, t]) => ({ uri: `file://${folder}/${p}`, text: t })),
    { uri: `file://${folder}/${path}`, text }
  ];
  return inWorkspace(files, async workspace => {
    const draft = workspace.documents.at(-1)!;
    const diagnostics = diagnosticsOf(draft);
    const whole = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const elements = (draft.parseResult.value.elements ?? []) as unknown as AstElement[];
    const calendars = elements.filter(e => e.$type === 'Calendar');
    if ((calendars.length !== 1 || elements.length !== 1) && !unread(diagnostics)) {
      diagnostics.push({
        ...whole,
        severity: 'error',
        code: 'studio.one-calendar',
        message: '工作日历草稿应只包含一个年度的日历：“日历 2027 { … }”。'
      });
    }
    let calendar: CalendarYear | undefined;
    if (!diagnostics.some(d => d.severity === 'error')) {
      const compiled = compileWorkspace([...workspace.documents], root);
      const found = compiled.catalog?.calendars.find(c => c.year === year);
      if (!found)
        diagnostics.push({
          ...whole,
          severity: 'error',
          code: 'studio.compile',
          message: compiled.failures.find(f => f.matter === '目录')?.message ?? '工作日历无法编译。'
        });
      else calendar = CalendarYear.parse(found);
    }
    return { diagnostics, year, calendar };
  });
}

/** Whether the language refused to read the draft at all (a condition beyond its size limit). */
const unread = (diagnostics: StudioDiagnostic[]) => diagnostics.some(d => d.code === 'condition.too-complex');

/**
 * Loads the files into the shared workspace, runs `fn` on them and removes their documents afterwards. Should a
 * check fail half-way, the language services are dropped and built afresh for the next check, so nothing one check
 * leaves breaks the next (security-audit §1.7). A draft cannot make the parser run out of stack: the language
 * refuses a condition too large to read before parsing it (`condition.too-complex`).
 */
async function inWorkspace<T>(
  files: Array<{ uri: string; text: string }>,
  fn: (workspace: Awaited<ReturnType<typeof Dsl.loadWorkspace>>) => Promise<T>
): Promise<T> {
  const { loadWorkspace } = await language();
  let workspace: Awaited<ReturnType<typeof Dsl.loadWorkspace>> | undefined;
  try {
    workspace = await loadWorkspace(files, services);
    return await fn(workspace);
  } catch (error) {
    services = undefined;
    throw error;
  } finally {
    // Removing the documents unlinks them from the index too: the next check starts from an empty workspace.
    if (services && workspace)
      await services.shared.workspace.DocumentBuilder.update(
        [],
        workspace.documents.map(d => d.uri)
      );
  }
}

/** A document's diagnostics, 1-based as an editor shows them. */
function diagnosticsOf(document: {
  diagnostics?:
    | Array<{
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
        severity?: number;
        message: unknown;
        code?: unknown;
      }>
    | undefined;
}): StudioDiagnostic[] {
  return (document.diagnostics ?? []).map(d => ({
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: severities[d.severity ?? 1] ?? 'error',
    message: typeof d.message === 'string' ? d.message : (d.message as { value: string }).value,
    code: String(d.code ?? '')
  }));
}

const severities: Record<number, StudioDiagnostic['severity']> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

interface AstElement {
  $type: string;
  code?: string;
  name?: unknown;
  department?: { $refText?: string };
  $cstNode?: { range: { start: { line: number; character: number }; end: { line: number; character: number } } };
}
