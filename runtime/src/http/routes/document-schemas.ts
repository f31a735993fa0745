import { z } from 'zod';
import { jsonUpTo } from './json-schemas.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Type = z.enum(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/**
 * A JSON Schema (draft 2020-12) with the keywords zod's `toJSONSchema` and the OpenAPI builder write: the schemas
 * inside the OpenAPI document and the exchange format. Recursive through objects only, which openapi-typescript types.
 */
export const JsonSchemaObject = z
  .object({
    $ref: z.string().optional(),
    $schema: z.string().optional(),
    $id: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    type: z.union([Type, z.array(Type)]).optional(),
    format: z.string().optional(),
    pattern: z.string().optional(),
    const: Scalar.optional(),
    enum: z.array(Scalar).optional(),
    default: jsonUpTo(3).optional(),
    examples: z.array(jsonUpTo(3)).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    exclusiveMaximum: z.number().optional(),
    multipleOf: z.number().optional(),
    minLength: z.number().int().optional(),
    maxLength: z.number().int().optional(),
    minItems: z.number().int().optional(),
    maxItems: z.number().int().optional(),
    minProperties: z.number().int().optional(),
    maxProperties: z.number().int().optional(),
    required: z.array(z.string()).optional(),
    readOnly: z.boolean().optional(),
    get properties() {
      return z.record(z.string(), JsonSchemaObject).optional();
    },
    get additionalProperties() {
      return z.union([z.boolean(), JsonSchemaObject]).optional();
    },
    get propertyNames() {
      return JsonSchemaObject.optional();
    },
    get items() {
      return JsonSchemaObject.optional();
    },
    get prefixItems() {
      return z.array(JsonSchemaObject).optional();
    },
    get anyOf() {
      return z.array(JsonSchemaObject).optional();
    },
    get oneOf() {
      return z.array(JsonSchemaObject).optional();
    },
    get allOf() {
      return z.array(JsonSchemaObject).optional();
    },
    get not() {
      return JsonSchemaObject.optional();
    },
    get $defs() {
      return z.record(z.string(), JsonSchemaObject).optional();
    }
  })
  .meta({ id: 'JsonSchemaObject' });

/** The exchange format (GET /api/exchange/schema.json): a JSON Schema document with its definitions and the webhook kinds. */
export const ExchangeSchemaDocument = JsonSchemaObject.extend({ 'x-webhook-kinds': z.array(z.string()) });

const Reference = z.object({ $ref: z.string() });
const Content = z.record(z.string(), z.object({ schema: JsonSchemaObject }));
const Response = z.union([Reference, z.object({ description: z.string(), content: Content.optional() })]);
const Operation = z.object({
  operationId: z.string(),
  tags: z.array(z.string()),
  summary: z.string(),
  description: z.string(),
  'x-access': z.enum(['public', 'signedIn', 'applicant', 'staff']),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  parameters: z.array(
    z.object({
      name: z.string(),
      in: z.enum(['path', 'query', 'header']),
      required: z.boolean(),
      description: z.string().optional(),
      schema: JsonSchemaObject
    })
  ),
  requestBody: z.object({ required: z.literal(true), content: Content }).optional(),
  responses: z.record(z.string(), Response)
});

/** This API's OpenAPI 3.1 document as openapi.ts builds it (GET /api/openapi.json). */
export const OpenApiJson = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  servers: z.array(z.object({ url: z.string() })),
  tags: z.array(z.object({ name: z.string(), 'x-displayName': z.string(), description: z.string() })),
  paths: z.record(z.string(), z.partialRecord(z.enum(['get', 'post', 'put', 'delete']), Operation)),
  components: z.object({
    schemas: z.record(z.string(), JsonSchemaObject),
    responses: z.record(
      z.string(),
      z.object({ description: z.string(), content: z.object({ 'application/json': z.object({ schema: Reference }) }) })
    ),
    securitySchemes: z.record(
      z.string(),
      z.object({
        type: z.enum(['apiKey', 'http']),
        in: z.enum(['cookie', 'header']).optional(),
        name: z.string().optional(),
        scheme: z.string().optional(),
        description: z.string()
      })
    )
  })
});
