import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedGoldens, folders, goldenDir } from './golden.js';

for (const folder of folders) {
  const { files, errors } = await expectedGoldens(folder);
  if (errors.length > 0) {
    console.error(`${folder}/ 有错误，未更新：\n${errors.join('\n')}`);
    process.exitCode = 1;
    continue;
  }
  const dir = goldenDir(folder);
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old.endsWith('.json')) rmSync(join(dir, old));
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  console.log(`${folder}/: ${files.size} 个文件`);
}
