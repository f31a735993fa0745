import { requiredUploads, type AnswerMap } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';

/** A file named in an application: which material it is, and the id the upload answered with. */
export interface MaterialFile {
  material: string;
  fileId: string;
}

/**
 * A small valid PDF of `pages` blank A4 pages: catalogue, page tree (`/Count`), pages, a cross-reference table
 * with the objects' byte offsets and a trailer, so a reader opens it and the upload check counts its pages.
 */
export function pdf(pages = 1): Uint8Array {
  if (!Number.isInteger(pages) || pages < 1) throw new Error(`a PDF has at least one page, not ${pages}`);
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>')
  ];
  // ASCII only, so string offsets are byte offsets.
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map(o => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

/** The multipart body of POST /api/hall/files: the file and the material it is for. */
export function materialForm(material: string, bytes: Uint8Array = pdf(), name = `${material}.pdf`): FormData {
  const form = new FormData();
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), name);
  form.set('material', material);
  return form;
}

/** Anything that posts a body to the API as a signed-in applicant: the in-process test Client. */
export interface Poster {
  post(path: string, body: FormData): Promise<{ status: number; body: any }>;
}

/** Uploads one file for a material as the applicant does and returns its id; anything but 201 fails the caller. */
export async function upload(
  client: Poster,
  material: string,
  bytes: Uint8Array = pdf(),
  name?: string
): Promise<string> {
  const response = await client.post('/api/hall/files', materialForm(material, bytes, name));
  if (response.status !== 201)
    throw new Error(`upload of ${material} → ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as { id: string }).id;
}

/**
 * What a real applicant does before submitting online: one PDF uploaded for each material the answers make
 * required (`requiredUploads`: conditions, stand-ins, e-licences), except those already in `have`. Returns
 * `have` followed by the new uploads, ready for the application's `materials`.
 */
export async function uploadRequired(
  client: Poster,
  definition: Pick<Definition, 'materials'>,
  answers: AnswerMap,
  have: MaterialFile[] = []
): Promise<MaterialFile[]> {
  const given = new Set(have.map(m => m.material));
  const files = [...have];
  for (const material of requiredUploads(definition, answers)) {
    if (!given.has(material.id)) files.push({ material: material.id, fileId: await upload(client, material.id) });
  }
  return files;
}
