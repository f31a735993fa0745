export {
  licenceById,
  licenceByNumber,
  licenceForCase,
  licenceHistory,
  licencesOfHolder,
  licencesOfIdentifier,
  type CaseLicence,
  type Licence,
  type LicenceChange
} from './reads.ts';
export {
  inForce,
  libraryMaterials,
  licenceAction,
  shanghaiDate,
  statusLabels,
  statusOn,
  subjectMaterial,
  type LicenceAction,
  type LicenceStatus,
  type StoredStatus
} from './status.ts';
export { licenceParts, type Approval } from './issue.ts';
export { checkedUses, extensionsCounted, offers, usesOfCase, usesPart, type LicenceUse, type Offer } from './uses.ts';
export { validUntil } from './validity.ts';
export { revokeLicence, type Revocation } from './revoke.ts';
