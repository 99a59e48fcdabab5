import type { z } from 'zod';
import { errorBodySchema, type FieldError } from '@notify/shared';
import { currentApiKey } from './api-key';

/** A non-2xx answer, with the api's error body (and the fields it blames) when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A 401: no key, or one the api refuses; the screens then ask for a key instead. */
export const isUnauthorized = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 401;

/**
 * Fetches with the API key and turns a non-2xx answer into an ApiError. JSON is accepted
 * unless init's headers say otherwise. No content-type is set here: for a FormData body the
 * browser must write it, boundary included.
 */
export async function apiFetch(path: string, init?: RequestInit): Promise<Response> {
  const key = currentApiKey();
  const response = await fetch(path, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...init?.headers,
    },
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const parsed = errorBodySchema.safeParse(body);
    throw parsed.success
      ? new ApiError(response.status, parsed.data.error, parsed.data.message, parsed.data.fields)
      : new ApiError(response.status, 'http_error', `HTTP ${response.status}`);
  }
  return response;
}

/** Fetches JSON and parses it with the wire schema, so a contract drift fails loudly here. */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  init?: RequestInit,
): Promise<z.infer<S>> {
  const response = await apiFetch(path, init);
  const body: unknown = await response.json().catch(() => null);
  return schema.parse(body);
}
