import type { z } from 'zod';
import { errorBodySchema } from '@notify/shared';
import { currentApiKey } from './api-key';

/** A non-2xx answer, with the api's error body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Fetches JSON and parses it with the wire schema, so a contract drift fails loudly here. */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  init?: RequestInit,
): Promise<z.infer<S>> {
  const key = currentApiKey();
  const response = await fetch(path, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...init?.headers,
    },
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(body);
    throw parsed.success
      ? new ApiError(response.status, parsed.data.error, parsed.data.message)
      : new ApiError(response.status, 'http_error', `HTTP ${response.status}`);
  }
  return schema.parse(body);
}
