import { existsSync, readFileSync } from 'node:fs';

/** A font file with Chinese glyphs, and the face to take from it when it is a collection (.ttc). */
export interface CjkFont {
  path: string;
  family?: string;
}

/** Where Debian's fonts-noto-cjk (the package the deployment installs) and a few other systems keep a CJK font. */
const candidates: CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' }
];

/**
 * The CJK font the period report is set in: `configured` (BANSHI_REPORT_FONT, a .ttf/.otf, or `file.ttc#Face`)
 * when given, else the first system font found; undefined when there is none.
 */
export function findCjkFont(configured?: string): CjkFont | undefined {
  if (configured) {
    const [path, family] = configured.split('#');
    return path && existsSync(path) ? { path, ...(family ? { family } : {}) } : undefined;
  }
  return candidates.find(c => existsSync(c.path));
}

const loaded = new Map<string, Buffer>();

/** The font file's bytes, read once per process (a CJK collection is some 20 MB; each report embeds a subset). */
export function fontBytes(font: CjkFont): Buffer {
  let bytes = loaded.get(font.path);
  if (!bytes) {
    bytes = readFileSync(font.path);
    loaded.set(font.path, bytes);
  }
  return bytes;
}
