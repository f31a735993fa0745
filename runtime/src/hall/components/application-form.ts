/**
 * What the application form and the correction form share. Field names and material ids are Chinese and free-form,
 * so their controls are numbered: the ids the pages render, the routes report errors under and the script reads.
 */
export const fieldId = (index: number) => `f${index}`;
export const materialId = (index: number) => `m${index}`;

/** The file types an upload control offers (the server judges a file by its bytes). */
export const accept = '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png';
