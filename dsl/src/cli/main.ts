import { calendarAdd } from './calendar.js';
import { check } from './check.js';
import { compile } from './compile.js';
import { fmt } from './fmt.js';

const usage = `用法 (usage): npm run banshi -- <命令>
  check <路径…>            检查事项文件，每个问题一行；有错误时退出码为 1
  compile <文件>           输出事项的 Definition JSON
  fmt <路径…> [--check]    格式化；--check 只列出需要格式化的文件
  calendar add <日期> <n>  n 个工作日后的日期（起算日不计），按 catalog/ 的日历；--catalog <目录> 另指目录
  backup <目录>            备份数据库和上传文件；restore <目录> [--force] 从备份恢复并核对（见 README）`;

async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter(a => a.startsWith('--')));
  const args = rest.filter(a => !a.startsWith('--'));
  try {
    switch (command) {
      case 'check':
        if (args.length === 0) break;
        return await check(args, out, err);
      case 'compile':
        if (args.length !== 1) break;
        return await compile(args[0]!, out, err);
      case 'fmt':
        if (args.length === 0) break;
        return fmt(args, flags.has('--check'), out);
      case 'calendar': {
        const catalogIndex = rest.indexOf('--catalog');
        const catalog = catalogIndex >= 0 ? rest[catalogIndex + 1] : 'catalog';
        const positional = rest.filter((a, i) => !a.startsWith('--') && !(catalogIndex >= 0 && i === catalogIndex + 1));
        if (positional[0] !== 'add' || positional.length !== 3 || !catalog) break;
        return await calendarAdd(positional[1]!, positional[2]!, catalog, out, err);
      }
    }
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return 2;
  }
  err(usage);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
