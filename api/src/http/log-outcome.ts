import type { ServerResponse } from 'node:http';
import type { Response } from 'express';

interface Outcome {
  message: string;
  fields: Record<string, unknown>;
}

const OUTCOME = Symbol('log outcome');
type WithOutcome = ServerResponse & { [OUTCOME]?: Outcome };

/**
 * Names what a request did, for its access-log line (create-app.ts): the message replaces
 * "request completed" and the fields (ids, a masked recipient; never a secret) are added.
 */
export function logOutcome(res: Response, message: string, fields: Record<string, unknown>) {
  (res as unknown as WithOutcome)[OUTCOME] = { message, fields };
}

export const outcomeOf = (res: ServerResponse): Outcome | undefined =>
  (res as WithOutcome)[OUTCOME];
