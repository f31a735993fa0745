import { readFileSync, writeFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { formatText } from '../format/format-text.js';
import { createMatterServices } from '../language/matter-module.js';
import { displayPath, matterFiles } from '../workspace/files.js';

/** `banshi fmt <paths…> [--check]`: formats in place, or with --check lists the files that would change. */
export function fmt(paths: string[], checkOnly: boolean, write: (line: string) => void): number {
  const lexer = createMatterServices(EmptyFileSystem).Matter.parser.Lexer;
  let unformatted = 0;
  let unreadable = 0;
  for (const file of paths.flatMap(matterFiles)) {
    const text = readFileSync(file, 'utf8');
    const formatted = formatText(text, lexer);
    if (formatted === undefined) {
      unreadable++;
      write(`${displayPath(file)}: 有无法识别的字符，未格式化（先运行 check 查看）。`);
      continue;
    }
    if (formatted === text) continue;
    unformatted++;
    if (checkOnly) write(`${displayPath(file)}: 格式需要调整`);
    else {
      writeFileSync(file, formatted);
      write(`${displayPath(file)}: 已格式化`);
    }
  }
  return unreadable > 0 || (checkOnly && unformatted > 0) ? 1 : 0;
}
