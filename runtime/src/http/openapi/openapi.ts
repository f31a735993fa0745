import { z } from 'zod';
import {
  Duty,
  OrganisationRegistration,
  Password,
  PersonRegistration,
  RegistrationCode,
  SignInRequest
} from '../../accounts/index.ts';
import type { Access, Group, RouteDoc } from '../api.ts';
import { jsonObject } from '../routes/json-schemas.ts';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as plain data. */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  tags: [Group];
  summary: string;
  description: string;
  'x-access': Access;
  security: Array<Record<string, string[]>>;
  parameters: OpenApiParameter[];
  requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: JsonSchema }> } | { $ref: string }
  >;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: OpenApiInfo;
  servers: Array<{ url: string }>;
  tags: Array<{ name: Group; 'x-displayName': string; description: string }>;
  paths: Record<string, Partial<Record<RouteDoc['method'], OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, { description: string; content: { 'application/json': { schema: { $ref: string } } } }>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

/** The route groups as tags, in the order a reader meets them. */
export const groupTags: ReadonlyArray<{ name: Group; 'x-displayName': string; description: string }> = [
  { name: 'hall', 'x-displayName': '网上办事大厅', description: '办事指南、提交申请、进度查询、站内消息' },
  { name: 'office', 'x-displayName': '窗口与承办', description: '本部门办件；预审、受理、审查、决定、送达等办理操作' },
  { name: 'supervision', 'x-displayName': '监察', description: '预警、黄牌、红牌、异常与绩效测评' },
  { name: 'studio', 'x-displayName': '事项管理', description: '起草、审核、发布事项' },
  { name: 'exchange', 'x-displayName': '数据共享', description: '向其他系统提供办件数据' },
  { name: 'auth', 'x-displayName': '身份认证', description: '注册、登录、退出与当前用户' },
  { name: 'system', 'x-displayName': '系统', description: '健康检查、运行指标与接口文档' }
];

export const accessLabels: Record<Access, string> = {
  public: '公开，无需登录',
  signedIn: '需登录（申请人或工作人员）',
  applicant: '仅限申请人（个人或法人账号）',
  staff: '仅限工作人员'
};

const RegistrationStarted = z.object({
  registrationId: z.uuid(),
  phone: z.string().describe('验证码发往的手机号（部分隐藏）'),
  expiresAt: z.iso.datetime()
});
/** Who is signed in: an applicant, or staff with the department, catalogue roles and duties the studio reads. */
const Principal = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    id: z.uuid(),
    login: z.string(),
    name: z.string(),
    idNumber: z.string(),
    goodRecord: z.boolean()
  }),
  z.object({
    kind: z.literal('organisation'),
    id: z.uuid(),
    login: z.string(),
    name: z.string(),
    creditCode: z.string(),
    goodRecord: z.boolean()
  }),
  z.object({
    kind: z.literal('staff'),
    id: z.uuid(),
    login: z.string(),
    name: z.string(),
    department: z.string().nullable(),
    roles: z.array(z.string()).describe('本部门的岗位（窗口、承办人、处室负责人、分管领导等）'),
    duties: z
      .array(Duty)
      .describe('职责：author 事项编写、head 部门负责人、reformOffice 审改办、supervisor、bureau、exchange、admin')
  })
]);
const SessionAnswer = z.object({
  principal: Principal,
  csrfToken: z.string().describe('浏览器会话在每个非 GET 请求中须以 X-CSRF-Token 请求头带回'),
  expiresAt: z.iso.datetime(),
  token: z.string().optional().describe('仅当登录时 bearer 为 true：以 Authorization: Bearer 使用的令牌'),
  enrolment: z
    .literal(true)
    .optional()
    .describe(
      '工作人员尚未绑定身份验证器：本会话只能用于绑定（GET、POST /api/auth/second-factor/enrolment），15 分钟内有效'
    )
});

/**
 * The sign-in routes, a plain Hono app mounted at /api/auth rather than registered routes, described by hand.
 * The person schema's date only bounds birth dates in the ID number check, which JSON Schema cannot express.
 */
export const authRouteDocs: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/api/auth/register/person',
    group: 'auth',
    access: 'public',
    summary: '个人注册第一步（以身份证号码为账号）：向手机发送验证码，答复 202；无论该号码是否已注册，答复相同',
    body: PersonRegistration('2000-01-01'),
    response: RegistrationStarted
  },
  {
    method: 'post',
    path: '/api/auth/register/organisation',
    group: 'auth',
    access: 'public',
    summary: '法人注册第一步（以统一社会信用代码为账号）：向手机发送验证码，答复 202',
    body: OrganisationRegistration,
    response: RegistrationStarted
  },
  {
    method: 'post',
    path: '/api/auth/register/confirm',
    group: 'auth',
    access: 'public',
    summary: '注册第二步：填写短信验证码，完成注册并登录（号码已有账号时 409，并告知账号持有人）',
    body: RegistrationCode,
    response: SessionAnswer
  },
  {
    method: 'post',
    path: '/api/auth/login',
    group: 'auth',
    access: 'public',
    summary:
      '登录（bearer 为 true 时返回令牌而不设 Cookie）。工作人员须同时填写动态口令 code（或一个恢复码）；尚未绑定身份验证器的，答复 enrolment: true 和只能用于绑定的会话',
    body: SignInRequest,
    response: SessionAnswer
  },
  {
    method: 'get',
    path: '/api/auth/second-factor/enrolment',
    group: 'auth',
    access: 'public',
    summary: '绑定身份验证器第一步（凭登录答复的绑定会话）：密钥（文本）、otpauth:// 地址及其二维码',
    response: z.object({
      login: z.string(),
      name: z.string(),
      secret: z.string().describe('Base32 密钥，四个字符一组，供手动输入身份验证器'),
      uri: z.string().describe('otpauth://totp/… 地址'),
      qr: z.string().describe('该地址的二维码，PNG data URL'),
      csrfToken: z.string().describe('绑定会话的 CSRF 令牌：浏览器会话在第二步中以 X-CSRF-Token 请求头带回')
    })
  },
  {
    method: 'post',
    path: '/api/auth/second-factor/enrolment',
    group: 'auth',
    access: 'public',
    summary:
      '绑定身份验证器第二步：填写应用显示的 6 位动态口令，完成绑定并登录；答复 10 个恢复码（只显示这一次，每个只能用一次）',
    body: z.object({ code: z.string().regex(/^\d{6}$/) }),
    response: SessionAnswer.extend({ recoveryCodes: z.array(z.string()) })
  },
  {
    method: 'get',
    path: '/api/auth/demo',
    group: 'auth',
    access: 'public',
    summary:
      '演示模式（BANSHI_DEMO）下演示账号的密码和工作人员共用的动态口令密钥（否则 demo 为 false），以及运行时的时钟',
    response: z.object({
      demo: z.boolean(),
      password: z.string().optional(),
      totpSecret: z.string().optional(),
      now: z.iso.datetime().describe('运行时的时钟（演练时为演练时钟），动态口令按此时间校验')
    })
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    group: 'auth',
    access: 'public',
    summary: '退出登录（请求体 {"everywhere": true} 时退出本账号的所有会话）',
    response: z.object({
      signedOut: z.literal(true),
      everywhere: z.boolean().describe('是否已退出本账号的所有会话')
    })
  },
  {
    method: 'post',
    path: '/api/auth/password',
    group: 'auth',
    access: 'signedIn',
    summary: '修改密码：填写当前密码和新密码；本账号的其他会话失效，答复新会话的 CSRF 令牌（以令牌登录的，答复新令牌）',
    body: z.object({ current: z.string().min(1).max(1024), password: Password }).strict(),
    response: z.object({
      changed: z.literal(true),
      csrfToken: z.string(),
      expiresAt: z.iso.datetime(),
      token: z.string().optional().describe('以 Authorization: Bearer 登录时：新会话的令牌')
    })
  },
  {
    method: 'get',
    path: '/api/auth/me',
    group: 'auth',
    access: 'signedIn',
    summary: '当前登录用户与本会话的 CSRF 令牌',
    response: z.object({ principal: Principal, csrfToken: z.string().optional() })
  }
];

/**
 * The one error body (web/errors.ts `ErrorBody`): `details` holds JSON values only (field issues, limits, the
 * id that was not found …), described as such rather than as an open object.
 */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('机器可读的错误代码，如 request.invalid、auth.required'),
    message: z.string().describe('中文说明，可直接展示给用户'),
    details: jsonObject(4).describe('补充信息，如字段错误列表 issues: [{ path, message }]')
  })
});

const errorSchema = (defs: Record<string, JsonSchema>): JsonSchema => ({
  ...schemaOf(ErrorBody, 'output', 'Error', defs),
  description: '所有错误的统一格式：message 是可直接展示给用户的中文说明'
});

/** A non-JSON answer: text as a string, anything else as bytes. */
export function nonJsonSchema(contentType: string): JsonSchema {
  return /^text\//.test(contentType) || contentType === 'image/svg+xml' || contentType === 'application/x-ndjson'
    ? { type: 'string' }
    : { type: 'string', format: 'binary' };
}

const errorResponses = {
  BadRequest: '请求有误（格式、参数或内容不符合要求）',
  Unauthenticated: '未登录或会话已过期',
  Forbidden: '无权办理，或浏览器会话缺少 CSRF 令牌',
  NotFound: '找不到所要的对象',
  Conflict: '与当前状态冲突（如办件所处环节不允许）',
  TooLarge: '请求内容过大',
  Unprocessable: '内容完整但不能办理（如缺少材料、附件不属于本人）',
  TooManyRequests: '尝试过于频繁，请稍后再试',
  Internal: '服务器出错'
} as const;

const idempotencyHeader: OpenApiParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: '幂等键：1–100 个可见 ASCII 字符。网络重试时带上同一个键，只办理一次，并返回第一次的结果。',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,100}$' }
};

/**
 * The OpenAPI 3.1 document of `routes` (the registry's) and the hand-described auth routes: paths in OpenAPI's
 * `{param}` form, parameters and bodies from the zod schemas as the client sends them, the one error shape for
 * every 4xx, who may call each operation as `x-access`, and the `Idempotency-Key` header where it is honoured.
 */
export function openApiDocument(routes: readonly RouteDoc[], info: OpenApiInfo): OpenApiDocument {
  const defs: Record<string, JsonSchema> = {};
  const paths: OpenApiDocument['paths'] = {};
  const seen = new Set<string>();
  const all = [...routes, ...authRouteDocs.filter(a => !routes.some(r => r.method === a.method && r.path === a.path))];
  for (const route of all) {
    const path = openApiPath(route.path);
    const key = `${route.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (paths[path] ??= {})[route.method] = operation(route, path, defs);
  }
  const used = new Set(all.map(r => r.group));
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    tags: groupTags.filter(t => used.has(t.name)).map(t => ({ ...t })),
    paths,
    components: {
      schemas: {
        Error: errorSchema(defs),
        ...defs
      },
      responses: Object.fromEntries(
        Object.entries(errorResponses).map(([name, description]) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
        ])
      ),
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'banshi_session',
          description: '浏览器会话 Cookie，登录或注册时设置'
        },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: '使用 Cookie 会话时，POST、PUT、DELETE 请求须带上登录时返回的 csrfToken'
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: '接口客户端：以 {"bearer": true} 登录所得的令牌，无需 CSRF 令牌'
        }
      }
    }
  };
}

/** `/api/cases/:id` → `/api/cases/{id}`, dropping Hono's `{regex}` and `?` suffixes. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?\??/g, '{$1}');
}

/** The names of a Hono path's parameters, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map(m => m[1]!);
}

function operation(route: RouteDoc, path: string, defs: Record<string, JsonSchema>): OpenApiOperation {
  const id = operationId(route.method, path);
  const unsafe = route.method !== 'get';
  const params = route.params ? schemaOf(route.params, 'input', id, defs) : undefined;
  const query = route.query ? schemaOf(route.query, 'input', id, defs) : undefined;
  const parameters: OpenApiParameter[] = [
    ...pathParams(route.path).map(name => ({
      name,
      in: 'path' as const,
      required: true,
      schema: propertyOf(params, name) ?? { type: 'string' }
    })),
    ...Object.keys(properties(query)).map(name => ({
      name,
      in: 'query' as const,
      required: requiredOf(query).includes(name),
      schema: propertyOf(query, name)!
    })),
    ...(route.idempotent ? [idempotencyHeader] : [])
  ];
  const requestBody: OpenApiOperation['requestBody'] = route.body
    ? { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input', id, defs) } } }
    : route.multipart
      ? {
          required: true,
          content: { 'multipart/form-data': { schema: { type: 'object', description: '表单字段与上传的文件' } } }
        }
      : undefined;
  const produces = route.produces ?? 'application/json';
  const json = produces === 'application/json';
  const ok = {
    description: '成功',
    content: {
      [produces]: {
        schema: route.response ? schemaOf(route.response, 'output', id, defs) : json ? {} : nonJsonSchema(produces)
      },
      ...Object.fromEntries((route.alsoProduces ?? []).map(type => [type, { schema: nonJsonSchema(type) }]))
    }
  };
  const ref = (name: keyof typeof errorResponses) => ({ $ref: `#/components/responses/${name}` });
  const responses: OpenApiOperation['responses'] = { '2XX': ok, '400': ref('BadRequest') };
  if (route.access !== 'public') responses['401'] = ref('Unauthenticated');
  if (route.access !== 'public' || unsafe) responses['403'] = ref('Forbidden');
  if (pathParams(route.path).length > 0) responses['404'] = ref('NotFound');
  if (unsafe) Object.assign(responses, { '409': ref('Conflict'), '413': ref('TooLarge'), '422': ref('Unprocessable') });
  if (route.path === '/api/auth/login') responses['429'] = ref('TooManyRequests');
  responses['500'] = ref('Internal');
  for (const [status, other] of Object.entries(route.otherResponses ?? {}))
    responses[status] = {
      description: other.description,
      content: { 'application/json': { schema: schemaOf(other.schema, 'output', `${id}_${status}`, defs) } }
    };
  const optional = route.access === 'public' ? [{}] : [];
  return {
    operationId: id,
    tags: [route.group],
    summary: route.summary,
    description: `访问权限：${accessLabels[route.access]}。${route.idempotent ? '支持 Idempotency-Key 请求头。' : ''}`,
    'x-access': route.access,
    security: [...optional, unsafe ? { session: [], csrf: [] } : { session: [] }, { bearer: [] }],
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses
  };
}

/** `post /api/hall/cases/{id}/withdraw` → `postApiHallCasesByIdWithdraw`. */
export function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map(part => {
      const param = /^\{(.+)\}$/.exec(part)?.[1];
      return (param ? `By-${param}` : part)
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map(w => w[0]!.toUpperCase() + w.slice(1))
        .join('');
    });
  return method + words.join('');
}

/**
 * A zod schema as JSON Schema: what the client sends (`input`: before transforms and defaults) or gets
 * (`output`). Types JSON cannot carry become `{}`; a recursive schema's `$defs` move to the components.
 */
export function schemaOf(
  schema: z.ZodType,
  io: 'input' | 'output',
  prefix: string,
  defs: Record<string, JsonSchema>
): JsonSchema {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  } catch (error) {
    // A schema zod cannot describe must not take the whole document down; the marker is caught by the tests.
    return { description: '（无法生成此结构的说明）', 'x-schema-error': String((error as Error).message) };
  }
  const { $schema: _dialect, $defs, ...rest } = json;
  const rename = (name: string) => `${prefix}_${name}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/components/schemas/${rename(v.slice(8))}`
          : rewrite(v)
      ])
    );
  };
  if ($defs && typeof $defs === 'object') {
    for (const [name, def] of Object.entries($defs)) defs[rename(name)] = rewrite(def) as JsonSchema;
  }
  return rewrite(rest) as JsonSchema;
}

const properties = (schema: JsonSchema | undefined): Record<string, JsonSchema> =>
  (schema?.properties as Record<string, JsonSchema> | undefined) ?? {};
const requiredOf = (schema: JsonSchema | undefined): string[] => (schema?.required as string[] | undefined) ?? [];
const propertyOf = (schema: JsonSchema | undefined, name: string): JsonSchema | undefined =>
  Object.hasOwn(properties(schema), name) ? properties(schema)[name] : undefined;
