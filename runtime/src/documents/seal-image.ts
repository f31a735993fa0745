/**
 * The image of a department's seal, drawn as vectors in red as an official round seal looks: a ring, the
 * department's name along the upper arc, a five-pointed star in the middle and the seal's purpose (e.g.
 * 网上审批电子专用章) across the lower half. The image is what a reader sees; the SM2 signature is what proves it.
 */
export const sealRed = '#d0021b';

export function drawSeal(
  doc: PDFKit.PDFDocument,
  centre: { x: number; y: number },
  radius: number,
  department: string,
  purpose: string
): void {
  const { x, y } = centre;
  doc.save();
  doc.fillColor(sealRed).strokeColor(sealRed).fillOpacity(0.9).strokeOpacity(0.9);
  doc
    .lineWidth(radius * 0.05)
    .circle(x, y, radius * 0.95)
    .stroke();

  // The name runs clockwise over the top, from about 8 o'clock to 4 o'clock, each character upright to the centre.
  const chars = [...department];
  const size = Math.min(radius * 0.24, (radius * 0.62 * Math.PI * (220 / 180)) / Math.max(chars.length, 1));
  const textRadius = radius * 0.95 - radius * 0.1 - size;
  const span = Math.min(220, (chars.length * size * 1.05 * 180) / (Math.PI * (textRadius + size / 2)));
  chars.forEach((ch, i) => {
    const angle = -span / 2 + (chars.length === 1 ? span / 2 : (span * i) / (chars.length - 1));
    doc.save();
    doc.translate(x, y).rotate(angle);
    doc.fontSize(size).text(ch, -size / 2, -textRadius - size, { width: size, align: 'center', lineBreak: false });
    doc.restore();
  });

  // The star.
  const outer = radius * 0.3;
  const inner = outer * 0.382;
  const points: Array<[number, number]> = [];
  for (let k = 0; k < 10; k++) {
    const r = k % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    points.push([x + r * Math.cos(a), y + r * Math.sin(a)]);
  }
  doc.polygon(...points).fill();

  // The purpose, straight across under the star.
  const purposeSize = Math.min(radius * 0.18, (radius * 1.3) / Math.max([...purpose].length, 1));
  doc
    .fontSize(purposeSize)
    .text(purpose, x - radius * 0.75, y + radius * 0.4, { width: radius * 1.5, align: 'center', lineBreak: false });
  doc.restore();
}
