import QRCode from 'qrcode';

/**
 * The verification address as a QR code: a greyscale PNG without alpha (the PDF embeds its compressed rows as they
 * are), 4 pixels a module, error correction M.
 */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    scale: 4,
    // pngjs writes greyscale (colour type 0) from the renderer's RGBA.
    rendererOpts: { colorType: 0 } as QRCode.QRCodeToBufferOptions['rendererOpts']
  });
}
