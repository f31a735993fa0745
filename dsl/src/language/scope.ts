import {
  AstUtils,
  DefaultScopeComputation,
  DefaultScopeProvider,
  EMPTY_SCOPE,
  type AstNode,
  type AstNodeDescription,
  type Cancellation,
  type LangiumDocument,
  type ReferenceInfo,
  type Scope
} from 'langium';
import {
  isMaterial,
  isSupervisionDefaults,
  isCalendar,
  isFirstReviewStage,
  isMatter,
  type Department,
  type Workspace
} from './generated/ast.js';

/** Index type under which a matter's code is exported, so that duplicates across the catalogue are found. */
export const MatterCodeType = 'MatterCode';
/** Index type (and name) under which the catalogue's supervision defaults are exported. */
export const SupervisionDefaultsType = 'SupervisionDefaults';
/** Index type under which a calendar's year is exported. */
export const CalendarYearType = 'CalendarYear';

/**
 * Exports departments, regions and matters by name (the default), and also matter codes and calendar years,
 * so that checks across files can find duplicates through the index instead of loading every file.
 */
export class MatterScopeComputation extends DefaultScopeComputation {
  override async collectExportedSymbols(
    document: LangiumDocument,
    cancelToken?: Cancellation.CancellationToken
  ): Promise<AstNodeDescription[]> {
    const exports = await super.collectExportedSymbols(document, cancelToken);
    const root = document.parseResult.value as Workspace;
    for (const element of root.elements ?? []) {
      if (isMatter(element) && element.code) {
        const description = this.descriptions.createDescription(element, element.code.trim(), document);
        exports.push({ ...description, type: MatterCodeType });
      } else if (isSupervisionDefaults(element)) {
        const description = this.descriptions.createDescription(element, SupervisionDefaultsType, document);
        exports.push({ ...description, type: SupervisionDefaultsType });
      } else if (isCalendar(element) && element.year !== undefined) {
        const description = this.descriptions.createDescription(element, String(element.year), document);
        exports.push({ ...description, type: CalendarYearType });
      }
    }
    return exports;
  }
}

/**
 * Roles are looked up in the department that performs the step (the matter's, or the first-review stage's);
 * form fields in the enclosing matter; materials in the enclosing matter's list.
 */
export class MatterScopeProvider extends DefaultScopeProvider {
  override getScope(context: ReferenceInfo): Scope {
    const type = this.reflection.getReferenceType(context);
    if (type === 'Role') return this.rolesScope(context.container);
    if (type === 'Field') {
      const matter = AstUtils.getContainerOfType(context.container, isMatter);
      const fields = matter?.form?.fields ?? [];
      return this.createScopeForNodes(fields);
    }
    if (type === 'Material') {
      const matter = AstUtils.getContainerOfType(context.container, isMatter);
      const own = AstUtils.getContainerOfType(context.container, isMaterial);
      const materials = (matter?.materials?.items ?? []).filter(m => m !== own);
      return this.createScopeForNodes(materials);
    }
    return super.getScope(context);
  }

  private rolesScope(node: AstNode): Scope {
    const department = performingDepartment(node);
    return department ? this.createScopeForNodes(department.roles) : EMPTY_SCOPE;
  }
}

/** The department whose staff perform a step: the first-review stage's, else the matter's. */
export function performingDepartment(node: AstNode): Department | undefined {
  const stage = AstUtils.getContainerOfType(node.$container, isFirstReviewStage);
  if (stage) return stage.department?.ref;
  const matter = AstUtils.getContainerOfType(node, isMatter);
  return matter?.department?.ref;
}
