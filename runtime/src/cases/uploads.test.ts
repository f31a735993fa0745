import { describe, expect, it } from 'vitest';
import { attachmentHeader, cleanFileName, downloadName } from './uploads.ts';

describe('file names', () => {
  it('keeps only the last path segment, without control or direction-override characters', () => {
    expect(cleanFileName('C:\\fakepath\\营业执照.pdf')).toBe('营业执照.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\r\nb\u202Efdp.exe')).toBe('abfdp.exe');
    expect(cleanFileName('')).toBe('未命名文件');
    expect([...cleanFileName('长'.repeat(300))]).toHaveLength(200);
  });

  it('a download ends in the extension of what the bytes are', () => {
    expect(downloadName('合同.PDF', 'application/pdf')).toBe('合同.PDF');
    expect(downloadName('照片.jpeg', 'image/jpeg')).toBe('照片.jpeg');
    expect(downloadName('page.html', 'application/pdf')).toBe('page.html.pdf');
    expect(downloadName('无扩展名', 'application/ofd')).toBe('无扩展名.ofd');
  });

  it('Content-Disposition is an attachment with an ASCII fallback and the UTF-8 name per RFC 5987', () => {
    expect(attachmentHeader('营业执照 (副本).pdf')).toBe(
      `attachment; filename="____ (__).pdf"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%28%E5%89%AF%E6%9C%AC%29.pdf`
    );
    expect(attachmentHeader('a"b\\c;d.pdf')).toBe(
      `attachment; filename="a_b_c_d.pdf"; filename*=UTF-8''a%22b%5Cc%3Bd.pdf`
    );
    expect(attachmentHeader('中文.pdf')).toMatch(/^attachment; filename="__\.pdf"; /);
  });
});
