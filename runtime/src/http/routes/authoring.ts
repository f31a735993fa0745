import { z } from 'zod';
import type { Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import { matterOverview, studioWorkspace, usesStudio } from '../../publishing/index.ts';
import type { Api } from '../api.ts';
import { forbidden } from '../../web/errors.ts';
import { Correction } from './studio-schemas.ts';
import { peerAddress as ip } from '../../web/peer.ts';

const VersionState = z.enum(['draft', 'submitted', 'approved', 'scheduled', 'rejected', 'published', 'superseded']);

const MatterOverview = z.object({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  path: z.string(),
  type: z.string().nullable(),
  typeLabel: z.string().nullable().describe('事项类型的中文名称，如 行政许可'),
  live: z.object({ version: z.number().int(), publishedAt: z.string().nullable() }).nullable(),
  open: z
    .object({
      version: z.number().int(),
      state: VersionState,
      stateLabel: z.string(),
      updatedAt: z.string(),
      author: z.string().nullable(),
      scheduledAt: z.string().nullable().describe('定时发布的生效时间')
    })
    .nullable(),
  correction: Correction.nullable().describe('审改办责令改正、尚待改正的意见（直至该事项的新版本备案）')
});

const noNul = (text: string) => !text.includes('\u0000');

/**
 * What the studio's authoring pages read besides versions and drafts (publishing.ts): the list of matters with
 * their state, and the whole catalogue for the editor's language server.
 */
export function authoringRoutes(api: Api, s: Services): void {
  const staffOf = (principal: unknown): Staff => {
    const staff = principal as Staff;
    if (!usesStudio(staff)) throw forbidden('事项管理仅限事项编写人员、部门负责人、审改办和系统管理员使用。');
    return staff;
  };

  api.route(
    {
      method: 'get',
      path: '/api/studio/overview',
      group: 'studio',
      access: 'staff',
      summary: '事项一览：本部门（审改办为全部）每个事项的现行版本和进行中的变更，可按名称或编码搜索',
      query: z.object({
        q: z.string().max(100, '搜索词不能超过 100 个字').refine(noNul, '搜索词不能包含空字符').optional(),
        department: z.string().max(50).refine(noNul, '部门名称不能包含空字符').optional()
      }),
      response: z.object({ matters: z.array(MatterOverview) })
    },
    async (c, { query, principal }) => c.json(await matterOverview(s, staffOf(principal), query, { ip: ip(c) }))
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/workspace',
      group: 'studio',
      access: 'staff',
      summary: '编辑器用的整个目录：部门、地区、工作日历、默认监察和每个事项的现行源文件',
      response: z.object({ files: z.array(z.object({ path: z.string(), text: z.string() })) })
    },
    async (c, { principal }) => c.json(await studioWorkspace(s, staffOf(principal), { ip: ip(c) }))
  );
}
