import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pdf } from '../../testing/materials.ts';
import { docx, ofd, pptx, xlsx } from '../../testing/template-files.ts';
import { Refusal } from '../../platform/refusal.ts';
import { checkTemplateFile, maxTemplateBytes, sizeText, templateDownloadName, zipTemplateType } from './file-types.ts';

const refusalOf = async (bytes: Uint8Array) => {
  try {
    await checkTemplateFile(bytes);
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe("a material's template or sample, judged by its bytes", () => {
  it('knows a Word document, an Excel workbook, a PDF and an OFD by what they hold', async () => {
    expect(await checkTemplateFile(docx())).toMatchObject({ type: 'docx' });
    expect(await checkTemplateFile(xlsx())).toMatchObject({
      type: 'xlsx',
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    });
    expect(await checkTemplateFile(pdf(2))).toEqual({ type: 'pdf', mediaType: 'application/pdf' });
    expect(await checkTemplateFile(ofd())).toEqual({ type: 'ofd', mediaType: 'application/ofd' });
  });

  it('refuses other ZIPs, text and a damaged PDF, in Chinese', async () => {
    expect((await refusalOf(pptx())).code).toBe('material-file.type');
    expect((await refusalOf(zipSync({ 'readme.txt': strToU8('x') }))).code).toBe('material-file.type');
    const text = await refusalOf(strToU8('这不是表格'));
    expect(text).toMatchObject({ kind: 'unsupportedType', message: expect.stringContaining('按文件内容判断') });
    expect((await refusalOf(strToU8('%PDF-1.4 garbage'))).code).toBe('material-file.unreadable');
    expect((await refusalOf(new Uint8Array(0))).code).toBe('material-file.empty');
  });

  it('refuses a file over 10 MB before looking inside, naming the limit', async () => {
    const big = new Uint8Array(maxTemplateBytes + 1);
    expect(await refusalOf(big)).toMatchObject({ kind: 'tooLarge', message: expect.stringContaining('10 MB') });
  });

  it('does not inflate a large part to judge a ZIP', () => {
    const bomb = zipSync({ '[Content_Types].xml': new Uint8Array(2 * 1024 * 1024) });
    expect(zipTemplateType(bomb)).toBeUndefined();
  });

  it('names downloads by their real type and prints sizes', () => {
    expect(templateDownloadName('申请表.docx', 'docx')).toBe('申请表.docx');
    expect(templateDownloadName('申请表.pdf', 'docx')).toBe('申请表.pdf.docx');
    expect(sizeText(900)).toBe('900 字节');
    expect(sizeText(12_800)).toBe('12.5 KB');
    expect(sizeText(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
