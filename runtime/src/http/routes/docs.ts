import type { Api } from '../api.ts';
import { OpenApiJson } from './document-schemas.ts';
import { docsAssets, docsScript, docsStyle, renderDocsPage } from '../openapi/docs-page.ts';
import { openApiDocument, type OpenApiDocument, type OpenApiInfo } from '../openapi/openapi.ts';

export const apiInfo: OpenApiInfo = {
  title: '办事 Banshi',
  version: '0.1.0',
  description: '政务服务网上办事大厅平台的接口：办事大厅、窗口与承办、监察、事项管理与数据共享。'
};

/**
 * Mounts the API's own description: `GET /api/openapi.json`, the page `GET /api/docs`, and the page's script and
 * style. The document is built from `api.routes` at the first request, not now, so that route groups registered
 * after this one are in it too. Usable as an app extension: `createApp(s, { extensions: [docsRoutes] })`.
 */
export function docsRoutes(api: Api): void {
  let doc: OpenApiDocument | undefined;
  let page: string | undefined;
  const document = () => (doc ??= openApiDocument(api.routes, apiInfo));
  const noCache = { 'Cache-Control': 'no-cache' };

  api.route(
    {
      method: 'get',
      path: '/api/openapi.json',
      group: 'system',
      access: 'public',
      summary: '本接口的 OpenAPI 3.1 文档',
      response: OpenApiJson
    },
    c => c.json(document(), 200, noCache)
  );

  api.route(
    {
      method: 'get',
      path: '/api/docs',
      group: 'system',
      access: 'public',
      summary: '接口文档页面：按分类列出接口，可在页面上直接调用',
      produces: 'text/html'
    },
    c => c.html((page ??= renderDocsPage(document())), 200, noCache)
  );

  api.route(
    {
      method: 'get',
      path: docsAssets.script,
      group: 'system',
      access: 'public',
      summary: '接口文档页面的脚本',
      produces: 'text/javascript'
    },
    c => c.body(docsScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8', ...noCache })
  );

  api.route(
    {
      method: 'get',
      path: docsAssets.style,
      group: 'system',
      access: 'public',
      summary: '接口文档页面的样式',
      produces: 'text/css'
    },
    c => c.body(docsStyle, 200, { 'Content-Type': 'text/css; charset=utf-8', ...noCache })
  );
}
