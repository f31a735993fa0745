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
