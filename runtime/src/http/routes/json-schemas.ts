import { z } from 'zod';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * JSON nested at most `depth` levels (arrays and objects of scalars at the last): what a free-form JSON field (an
 * error's details, an event's payload) holds, closed and without recursion, which openapi-typescript cannot type
 * (a recursive `anyOf` becomes a type that refers to itself) and which would be `unknown` if left open.
 */
export function jsonUpTo(depth: number): z.ZodType {
  let value: z.ZodType = Scalar;
  for (let i = 0; i < depth; i++) value = z.union([Scalar, z.array(value), z.record(z.string(), value)]);
  return value;
}

/** A JSON object whose values nest at most `depth` levels. */
export const jsonObject = (depth: number) => z.record(z.string(), jsonUpTo(depth));
