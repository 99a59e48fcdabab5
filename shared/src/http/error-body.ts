import { z } from 'zod';

/** Every 4xx/5xx the api sends has this shape, so clients need one error parser. */
export const errorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type FieldError = NonNullable<ErrorBody['fields']>[number];

/** Flattens zod issues to one entry per offending field, unknown keys named one by one. */
export function fieldErrorsFrom(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        message: 'is not a known field',
      }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });
}
