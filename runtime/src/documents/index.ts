/** 电子文书: the sealed PDFs a case gives its applicant, their numbers, and their public verification. */
export { configuredBaseUrl, issueDocuments, verifyUrl, type IssueOptions, type IssuedDocument } from './issue.ts';
export { documentKinds, kindLabels, type DocumentKind } from './kinds.ts';
export { documentsOfCase, documentPdf, documentForNotice, type DocumentListing } from './reads.ts';
export {
  uploadLimits,
  verifyCopy,
  verifyDocument,
  verifyUpload,
  type PublicDocument,
  type Reason,
  type Verification
} from './verify.ts';
export { documentsChore } from './chore.ts';
export { readSeal, sealFilter, sealSubFilter } from './signature.ts';
