/** One entry of a FastAPI 422 `detail`, the shape the real e-mail API answers with. */
export interface FieldIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
}

export type FieldsResult<K extends string> =
  { ok: true; values: Record<K, string> } | { ok: false; detail: FieldIssue[] };

export const MAX_SUBJECT_LENGTH = 255;
export const MAX_BODY_LENGTH = 10_000;

/** What FastAPI answers for a body that is not JSON at all. */
export const invalidJsonDetail: FieldIssue[] = [
  { type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' },
];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Required string fields, reporting every problem at once as FastAPI does. */
export function requireStrings<K extends string>(
  body: unknown,
  fields: readonly K[],
): FieldsResult<K> {
  if (body === undefined) {
    return { ok: false, detail: [{ type: 'missing', loc: ['body'], msg: 'Field required' }] };
  }
  if (!isPlainObject(body)) {
    const msg = 'Input should be a valid dictionary or object to extract fields from';
    return { ok: false, detail: [{ type: 'model_attributes_type', loc: ['body'], msg }] };
  }
  const detail: FieldIssue[] = [];
  const values: Partial<Record<K, string>> = {};
  for (const field of fields) {
    const value = Object.hasOwn(body, field) ? body[field] : undefined;
    if (value === undefined) {
      detail.push({ type: 'missing', loc: ['body', field], msg: 'Field required' });
    } else if (typeof value !== 'string') {
      detail.push({
        type: 'string_type',
        loc: ['body', field],
        msg: 'Input should be a valid string',
      });
    } else {
      values[field] = value;
    }
  }
  return detail.length > 0
    ? { ok: false, detail }
    : { ok: true, values: values as Record<K, string> };
}

/**
 * Pragmatic, not RFC 5322: one @, something before it, a dotted domain with no empty
 * label, and no whitespace. Enough to reject the typos a mailing list really contains.
 */
export function isEmailAddress(address: string): boolean {
  if (/\s/.test(address)) return false;
  const parts = address.split('@');
  if (parts.length !== 2) return false;
  const [local = '', domain = ''] = parts;
  const labels = domain.split('.');
  return local.length > 0 && labels.length >= 2 && labels.every((label) => label.length > 0);
}

/** Counted in code points, as len() in the FastAPI original does: an emoji is 1, not 2. */
const length = (text: string) => [...text].length;

/** The contract's 400 message for the first problem, or null when the e-mail is acceptable. */
export function emailProblem(email: { to: string; subject: string; body: string }): string | null {
  if (!isEmailAddress(email.to)) return 'Invalid email address format';
  if (email.subject.trim() === '') return 'Subject cannot be empty';
  if (length(email.subject) > MAX_SUBJECT_LENGTH) {
    return `Subject exceeds maximum length of ${MAX_SUBJECT_LENGTH} characters`;
  }
  if (email.body.trim() === '') return 'Email body cannot be empty';
  if (length(email.body) > MAX_BODY_LENGTH) {
    return `Email body exceeds maximum length of ${MAX_BODY_LENGTH} characters`;
  }
  return null;
}
