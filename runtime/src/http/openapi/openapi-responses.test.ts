/**
 * Every answer of every operation is described, closed, and typed: the document built from the registered routes
 * (no database: route handlers only close over the services) names a schema for each success and error response,
 * none of them open (`{}`, `additionalProperties: true`, an object without `additionalProperties`), and a client
 * generated from it by openapi-typescript type-checks and has no `unknown` (or `any`) in any response type.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import type { Services } from '../../cases/index.ts';
import { apiInfo } from '../routes/docs.ts';
import { openApiDocument, type JsonSchema, type OpenApiDocument } from './openapi.ts';

type Responses = OpenApiDocument['paths'][string]['get'] extends infer O
  ? O extends { responses: infer R }
    ? R
    : never
  : never;

const combinators = ['anyOf', 'oneOf', 'allOf'] as const;

/** Where `schema` (with its `$ref`s followed) lets anything through; empty when it is closed all the way down. */
export function openings(schema: JsonSchema, doc: OpenApiDocument, at = '#', seen = new Set<string>()): string[] {
  const ref = schema.$ref as string | undefined;
  if (ref) {
    if (seen.has(ref)) return [];
    seen.add(ref);
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    return target ? openings(target as JsonSchema, doc, ref, seen) : [`${at}: $ref ${ref} does not resolve`];
  }
  const out: string[] = [];
  const typed =
    'type' in schema || 'const' in schema || 'enum' in schema || combinators.some(k => Array.isArray(schema[k]));
  if (!typed) out.push(`${at}: no type (anything goes)`);
  if ('x-schema-error' in schema) out.push(`${at}: zod could not describe it`);
  for (const k of combinators)
    for (const [i, s] of ((schema[k] as JsonSchema[] | undefined) ?? []).entries())
      out.push(...openings(s, doc, `${at}/${k}/${i}`, seen));
  const types = [schema.type].flat();
  if (types.includes('object')) {
    const extra = schema.additionalProperties as JsonSchema | boolean | undefined;
    if (extra === undefined || extra === true) out.push(`${at}: an object open to any further field`);
    else if (extra !== false) out.push(...openings(extra, doc, `${at}/additionalProperties`, seen));
    for (const [name, s] of Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}))
      out.push(...openings(s, doc, `${at}/${name}`, seen));
  }
  if (types.includes('array')) {
    const items = schema.items as JsonSchema | undefined;
    if (!items) out.push(`${at}: an array of anything`);
    else out.push(...openings(items, doc, `${at}/items`, seen));
  }
  return out;
}

/** The response objects of an operation, `$ref`s to components.responses followed. */
function responsesOf(responses: Responses, doc: OpenApiDocument) {
  return Object.entries(responses).map(([status, r]) => {
    const resolved =
      '$ref' in r
        ? doc.components.responses[(r.$ref as string).split('/').at(-1)!]!
        : (r as Exclude<typeof r, { $ref: string }>);
    return { status, content: (resolved.content ?? {}) as Record<string, { schema: JsonSchema }> };
  });
}

describe('every response of the OpenAPI document', () => {
  const { api } = createApp({} as Services);
  const doc = openApiDocument(api.routes, apiInfo);
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ where: `${method} ${path}`, op: op! }))
  );

  it('has a schema for each success and each documented error, closed all the way down', () => {
    expect(operations.length).toBeGreaterThan(150);
    const problems: string[] = [];
    for (const { where, op } of operations) {
      const responses = responsesOf(op.responses, doc);
      if (!responses.some(r => /^2/.test(r.status))) problems.push(`${where}: no success response`);
      for (const { status, content } of responses) {
        if (status === '204' || /^3/.test(status)) continue;
        const media = Object.entries(content);
        if (media.length === 0) problems.push(`${where} ${status}: no content`);
        for (const [type, { schema }] of media) {
          if (type === 'application/json')
            problems.push(...openings(schema, doc).map(p => `${where} ${status} ${type}: ${p}`));
          else if (schema.type !== 'string' || (!/^text\/|svg|ndjson/.test(type) && schema.format !== 'binary'))
            problems.push(`${where} ${status} ${type}: not declared as a string or binary`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds what it must find: an empty schema, an open object, an array of anything, a record of anything', () => {
    const empty = { components: { schemas: {} } } as unknown as OpenApiDocument;
    expect(openings({}, empty)).toEqual(['#: no type (anything goes)']);
    expect(openings({ type: 'object', properties: { a: { type: 'string' } } }, empty)).toHaveLength(1);
    expect(openings({ type: 'object', additionalProperties: true }, empty)).toHaveLength(1);
    expect(openings({ type: 'array' }, empty)).toHaveLength(1);
    expect(openings({ type: 'object', additionalProperties: {} }, empty)).toHaveLength(1);
    expect(openings({ anyOf: [{ type: 'null' }, {}] }, empty)).toHaveLength(1);
    expect(openings({ type: 'object', properties: {}, additionalProperties: false }, empty)).toEqual([]);
  });

  describe('a client generated from it', () => {
    let dir: string;
    let program: ts.Program;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'banshi-openapi-client-'));
      const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
      writeFileSync(join(dir, 'schema.d.ts'), astToString(ast));
      // A small client of the kind the studio writes: each line leans on a response type.
      writeFileSync(
        join(dir, 'client.ts'),
        `import type { paths, operations } from './schema.d.ts';
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Ok<O> = O extends { responses: { '2XX': infer R } } ? Json<R> : never;
declare const detail: Ok<paths['/api/hall/cases/{id}']['get']>;
export const number: string = detail.caseNumber;
export const days: string | undefined = detail.deadlines?.promised;
export const first: string | undefined = detail.timeline[0]?.label;
declare const feed: Ok<operations['getApiExchangeFeed']>;
export const more: boolean = feed.more;
declare const problem: Json<operations['postApiHallCases']['responses']['422']>;
export const code: string = problem.error.code;
declare const health: Json<operations['getApiHealth']['responses']['503']>;
export const down: 'down' = health.database;
`
      );
      program = ts.createProgram([join(dir, 'client.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        allowImportingTsExtensions: true,
        skipLibCheck: false,
        types: []
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('type-checks a client that reads the answers', () => {
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    });

    it('has no unknown or any anywhere in a response body type', () => {
      const checker = program.getTypeChecker();
      const schema = program.getSourceFile(join(dir, 'schema.d.ts'))!;
      const operationsDecl = schema.statements.find(
        (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'operations'
      )!;
      expect(operationsDecl).toBeDefined();
      const found: string[] = [];
      const seen = new Set<ts.Type>();
      const walk = (type: ts.Type, at: string, depth: number): void => {
        if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) {
          found.push(`${at}: ${checker.typeToString(type)}`);
          return;
        }
        if (seen.has(type) || depth > 40) return;
        seen.add(type);
        if (type.isUnionOrIntersection()) return type.types.forEach((t, i) => walk(t, `${at}|${i}`, depth + 1));
        if (!(type.flags & ts.TypeFlags.Object)) return;
        for (const info of checker.getIndexInfosOfType(type)) walk(info.type, `${at}[key]`, depth + 1);
        if (checker.isArrayType(type) || checker.isTupleType(type))
          return checker
            .getTypeArguments(type as ts.TypeReference)
            .forEach((t, i) => walk(t, `${at}[${i}]`, depth + 1));
        for (const property of checker.getPropertiesOfType(type))
          walk(checker.getTypeOfSymbol(property), `${at}.${property.name}`, depth + 1);
      };
      const operationsType = checker.getTypeAtLocation(operationsDecl);
      let counted = 0;
      for (const op of checker.getPropertiesOfType(operationsType)) {
        const responses = checker.getTypeOfSymbol(op).getProperty('responses');
        expect(responses, op.name).toBeDefined();
        for (const status of checker.getPropertiesOfType(checker.getTypeOfSymbol(responses!))) {
          counted++;
          // openapi-typescript types every response's headers as `[name: string]: unknown`: the body is what counts.
          const content = checker.getTypeOfSymbol(status).getProperty('content');
          expect(content, `${op.name} ${status.name}`).toBeDefined();
          walk(checker.getTypeOfSymbol(content!), `${op.name}.${status.name}.content`, 0);
        }
      }
      expect(counted).toBeGreaterThan(operations.length);
      expect(found).toEqual([]);
    });
  });
});
