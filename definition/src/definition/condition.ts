import { z } from 'zod';

export const ComparisonOperator = z.enum(['=', '!=', '>', '>=', '<', '<=']);
export type ComparisonOperator = z.infer<typeof ComparisonOperator>;

/** A typed condition over the application form's answers, checked when the matter is written. */
export type Condition =
  | { op: 'and' | 'or'; left: Condition; right: Condition }
  | { op: 'not'; operand: Condition }
  | { op: 'truthy'; field: string }
  | { op: 'compare'; field: string; comparator: ComparisonOperator; value: string | number | boolean };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ op: z.enum(['and', 'or']), left: Condition, right: Condition }),
    z.object({ op: z.literal('not'), operand: Condition }),
    z.object({ op: z.literal('truthy'), field: z.string() }),
    z.object({
      op: z.literal('compare'),
      field: z.string(),
      comparator: ComparisonOperator,
      value: z.union([z.string(), z.number(), z.boolean()])
    })
  ])
);
