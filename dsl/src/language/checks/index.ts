import {
  AstUtils,
  type AstNode,
  type LangiumCoreServices,
  type ValidationAcceptor,
  type ValidationChecks
} from 'langium';
import type { SupervisionPolicy } from '@banshi/definition';
import { nearestByFolder, sameScope } from '../folders.js';
import type { MatterAstType, SupervisionDefaults } from '../generated/ast.js';
import { applyRules, documentedDefaults } from '../policy.js';
import { SupervisionDefaultsType } from '../scope.js';
import {
  checkCalendar,
  checkDepartment,
  checkMatterDuplicates,
  checkRegion,
  checkSupervisionDefaultsUnique,
  checkSupervisionTightens,
  DuplicateFinder
} from './catalog-checks.js';
import { checkDepartmentParent, checkFormerNames, checkPlaces } from './department-checks.js';
import { checkCondition, checkForm, checkMaterials } from './form-checks.js';
import {
  checkAppointment,
  checkCorrectionDeadline,
  checkDepartmentOfficeHours,
  checkEligibility,
  checkRepeatLimit,
  checkResults
} from './guide-checks.js';
import { checkChannelSteps } from './channel-checks.js';
import { checkAnnualInspection, checkDeclaration } from './inspection-checks.js';
import { checkLimits, checkSpecialProcedures } from './limit-checks.js';
import { checkToConfirm } from './to-confirm-checks.js';
import {
  checkChannels,
  checkFee,
  checkMatterCode,
  checkMatterLevel,
  checkMatterShape,
  checkOnlineConsistency,
  checkResult,
  checkVisits
} from './matter-checks.js';

/** Registers every check of the Matter language, keyed by the AST type it looks at. */
export function registerMatterChecks(services: LangiumCoreServices): void {
  const registry = services.validation.ValidationRegistry;
  const index = services.shared.workspace.IndexManager;
  const duplicates = new DuplicateFinder(index, services.workspace.AstNodeLocator, services.shared);
  const defaults = (node: AstNode): SupervisionPolicy => {
    const path = AstUtils.getDocument(node).uri.path;
    const description = nearestByFolder(index.allElements(SupervisionDefaultsType), d => d.documentUri.path, path);
    return applyRules(documentedDefaults, description?.node as SupervisionDefaults | undefined);
  };
  const defaultsInScope = (node: AstNode): number => {
    const path = AstUtils.getDocument(node).uri.path;
    return index
      .allElements(SupervisionDefaultsType)
      .filter(d => sameScope(d.documentUri.path, path))
      .count();
  };
  const checks: ValidationChecks<MatterAstType> = {
    Matter: [
      checkMatterShape,
      checkMatterCode,
      checkMatterLevel,
      checkOnlineConsistency,
      checkResult,
      checkChannels,
      checkLimits,
      checkChannelSteps,
      checkAnnualInspection,
      checkToConfirm,
      checkAppointment,
      checkRepeatLimit,
      checkResults,
      (matter, accept) => checkMatterDuplicates(matter, accept, duplicates)
    ],
    Eligibility: checkEligibility,
    CorrectionDeadline: checkCorrectionDeadline,
    Fee: checkFee,
    Visits: checkVisits,
    Form: checkForm,
    Materials: checkMaterials,
    Condition: checkCondition,
    SpecialProcedures: checkSpecialProcedures,
    Declaration: checkDeclaration,
    Department: [
      (department, accept) => checkDepartment(department, accept, duplicates),
      checkDepartmentOfficeHours,
      checkDepartmentParent,
      checkPlaces,
      (department, accept) => checkFormerNames(department, accept, duplicates)
    ],
    Region: (region, accept) => checkRegion(region, accept, duplicates),
    Calendar: (calendar, accept) => checkCalendar(calendar, accept, duplicates),
    Supervision: (supervision, accept) => checkSupervisionTightens(supervision, defaults(supervision), accept),
    SupervisionDefaults: (node, accept: ValidationAcceptor) =>
      checkSupervisionDefaultsUnique(node, accept, defaultsInScope(node))
  };
  registry.register(checks);
}
