import { z } from 'zod';

/** What an API key may do: `read` lists and follows, `write` sends, retries and uploads. */
export const API_SCOPES = ['read', 'write'] as const;
export const scopeSchema = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof scopeSchema>;

/** GET /api/v1/me: the caller's key by name (never the key) and its scopes. */
export const callerSchema = z.object({
  name: z.string(),
  scopes: z.array(scopeSchema),
});
export type Caller = z.infer<typeof callerSchema>;
