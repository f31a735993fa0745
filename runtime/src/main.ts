import { serve } from '@hono/node-server';
import { compileFolder } from '@banshi/dsl';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createApp } from './http/app.ts';

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  BANSHI_CATALOG: z.string().default('catalog')
});

const env = Env.safeParse(process.env);
if (!env.success) {
  console.error(`环境变量有误：${env.error.issues.map(i => `${i.path.join('.')} ${i.message}`).join('；')}`);
  process.exit(2);
}
const { PORT, BANSHI_CATALOG } = env.data;

const compiled = await compileFolder(resolve(BANSHI_CATALOG));
if (compiled.errors.length > 0 || !compiled.catalog) {
  for (const e of compiled.errors.slice(0, 20)) console.error(`${e.file}:${e.line}:${e.column}: error: ${e.message} [${e.code}]`);
  console.error(`目录“${BANSHI_CATALOG}”有 ${compiled.errors.length} 个错误，未启动。运行 npm run banshi -- check ${BANSHI_CATALOG} 查看。`);
  process.exit(1);
}
const state = { catalog: compiled.catalog, definitions: compiled.definitions };
const server = serve({ fetch: createApp({ catalog: () => state }).fetch, port: PORT, hostname: '127.0.0.1' }, info => {
  console.log(`办事 Banshi 已启动：http://127.0.0.1:${info.port}/api/matters
  目录：${state.definitions.length} 个事项，${state.catalog.departments.length} 个部门，${state.catalog.calendars.map(c => c.year).join('、')} 年日历
  接口：/api/health  /api/matters  /api/matters/<编码>  /api/catalog`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
