/**
 * Sealed documents in Chromium, against a runtime process (issue 17, done when): the construction permit granted
 * to the demo company, whose e-licence the company downloads from the hall as a sealed PDF (下载 PDF（电子签章）).
 * The test reads the QR code printed on it as a phone would: it takes the QR image out of the PDF (the image
 * XObject's compressed rows, made a PNG again), decodes it with jsQR, and opens the address in Chromium, where the
 * public verification page, for a visitor without JavaScript, says the licence is genuine and valid. A copy with one
 * byte changed, uploaded on the same page, fails as 被篡改. axe on the verification page both times.
 */
import { readFileSync } from 'node:fs';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import {
  closeBrowser,
  closePage,
  demo,
  expectFitsWidth,
  expectNoAxeViolations,
  expectNoConsoleErrors,
  newPage,
  startHall,
  submitCase,
  visit,
  widths,
  type Hall
} from '../support/browser-harness.ts';
import { airDefenceClerk, command, fact, follow, mainText, step } from './journey-steps.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');

/** jsQR is CommonJS whose types name a default export: the function either way. */
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

/** CRC-32 of PNG chunks (ISO 3309), for the PNG the test rebuilds from the PDF's image. */
function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * The QR code's text, from the PDF's greyscale image XObject: its stream is the PNG's zlib data with PNG row
 * filters (/FlateDecode with /Predictor 15), so a PNG made of its width, height and that data is the picture.
 */
function qrTextOf(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const image = /\/Subtype \/Image\n([\s\S]*?)>>\nstream\n/.exec(text);
  if (!image) throw new Error('the PDF has no image');
  const dict = image[1]!;
  const width = Number(/\/Width (\d+)/.exec(dict)![1]);
  const height = Number(/\/Height (\d+)/.exec(dict)![1]);
  const length = Number(/\/Length (\d+)/.exec(dict)![1]);
  expect(dict).toContain('/ColorSpace /DeviceGray');
  const start = image.index + image[0].length;
  const data = pdf.subarray(start, start + length);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', data),
    chunk('IEND', Buffer.alloc(0))
  ]);
  const picture = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(picture.data), picture.width, picture.height);
  if (!found) throw new Error('no QR code found in the PDF’s image');
  return found.data;
}

describe('sealed documents in Chromium', () => {
  let hall: Hall;

  beforeAll(async () => {
    hall = await startHall();
  }, 120_000);
  afterAll(async () => {
    await closeBrowser();
    await hall?.stop();
  });

  it('the licence PDF’s QR code opens its verification page, which says it is valid; a tampered copy fails', async () => {
    const submitted = await step('the company applies; the staff grant the permit', async () => {
      const made = await submitCase(hall, demo.organisation, permit);
      await command(hall, demo.window, made.id, { type: 'passPreReview' });
      await command(hall, demo.window, made.id, { type: 'confirmPaper' });
      await command(hall, demo.window, made.id, { type: 'accept', opinion: '材料齐全，予以受理' });
      await command(hall, demo.handler, made.id, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
      await command(hall, demo.handler, made.id, { type: 'distribute' });
      await command(hall, 'planning', made.id, { type: 'answerCoApproval', agree: true });
      await command(hall, airDefenceClerk.login, made.id, { type: 'answerCoApproval', agree: true });
      await command(hall, demo.handler, made.id, { type: 'consolidate', opinion: '各协办部门均同意' });
      await command(hall, demo.chief, made.id, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
      await command(hall, demo.leader, made.id, { type: 'decide', approve: true, reasons: '符合发证条件' });
      return made;
    });

    const page = await newPage({
      ...widths.desktop,
      javaScript: true,
      baseURL: hall.url,
      signedInAs: demo.organisation
    });
    const pdf = await step('the company downloads the e-licence as a sealed PDF', async () => {
      await visit(page, `/hall/cases/${submitted.id}/licence`);
      const link = page.getByRole('link', { name: '下载 PDF（电子签章）' });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      // The Chinese name (filename*) where the browser reads it; licence-<case number>.pdf for those that do not.
      expect(download.suggestedFilename()).toMatch(/^电子证照-.+〔2026〕\d+号\.pdf$/);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      return bytes;
    });
    await closePage(page);

    const visitor = await newPage({ ...widths.phone, javaScript: false, baseURL: hall.url });
    await step(
      'the QR code, decoded from the PDF’s image, opens the verification page: genuine and valid',
      async () => {
        const url = qrTextOf(pdf);
        expect(url).toMatch(new RegExp(`^${hall.url}/hall/verify/[0-9a-f-]{36}$`));
        // The address is printed under the code too.
        expect(pdf.toString('latin1')).not.toContain(url);
        await visit(visitor, url);
        expect(await visitor.getByRole('heading', { level: 2, name: /验证结果/ }).textContent()).toBe(
          '验证结果：验证通过'
        );
        expect(await fact(visitor, '文书类型')).toBe('电子证照');
        expect(await fact(visitor, '签发部门')).toBe(permit.department.name);
        expect(await fact(visitor, '持有人')).toBe('厦门市示例建设有限公司');
        expect(await fact(visitor, '证件号码')).toBe('**************0Y43');
        expect(await fact(visitor, '证照状态')).toMatch(/^有效/);
        await expectNoAxeViolations(visitor, 'the verification page');
        await expectFitsWidth(visitor, 'the verification page on a phone');
        expectNoConsoleErrors(visitor, 'the verification page');
      }
    );

    await step('a copy with one byte changed, uploaded on the page, fails as tampered', async () => {
      const tampered = Buffer.from(pdf);
      const at = tampered.indexOf('/ByteRange');
      tampered[Math.floor(at / 2)]! ^= 0x01;
      await visitor
        .getByLabel('PDF 文书')
        .setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: tampered });
      const response = await follow(visitor, () => visitor.getByRole('button', { name: '核验' }).click());
      expect(response?.status()).toBe(422);
      expect(await mainText(visitor)).toContain('验证结果：验证失败（被篡改）');
      await expectNoAxeViolations(visitor, 'the verification page after a tampered upload');
    });
    await closePage(visitor);
  }, 240_000);
});
