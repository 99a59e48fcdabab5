import { z } from 'zod';
import { emailSubjectSchema, MESSAGE_MAX_LENGTH } from '../notifications/create-notification';

export const TOKEN_PLACEHOLDER = '{token}';
/** 32 random-derived bytes in base64url: 43 characters, well over the 128 bits asked for. */
export const REGISTRATION_TOKEN_LENGTH = 43;
export const DEFAULT_CAMPAIGN_SUBJECT = 'Complete your registration';
export const DEFAULT_CAMPAIGN_BODY = `Thank you for signing up. Please verify your token ${TOKEN_PLACEHOLDER} to continue.`;

/** Body length once every `{token}` is replaced, which is what the provider receives. */
export const renderedLength = (body: string): number =>
  body.length +
  body.split(TOKEN_PLACEHOLDER).slice(1).length *
    (REGISTRATION_TOKEN_LENGTH - TOKEN_PLACEHOLDER.length);

const nonBlank = (value: string) => value.trim().length > 0;

/** The optional text fields of a campaign upload; absent or empty fields take the defaults. */
export const campaignTemplateSchema = z
  .strictObject({
    subject: emailSubjectSchema.optional(),
    body: z
      .string()
      .refine(nonBlank, { message: 'must not be blank' })
      // A registration e-mail without its token is useless, and a typo such as {Token}
      // would otherwise go out to the whole list unnoticed.
      .refine((body) => body.includes(TOKEN_PLACEHOLDER), {
        message: `must contain ${TOKEN_PLACEHOLDER}, where each recipient's token goes`,
      })
      .refine((body) => renderedLength(body) <= MESSAGE_MAX_LENGTH.email, {
        message: `must be at most ${MESSAGE_MAX_LENGTH.email} characters once {token} is filled in`,
      })
      .optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .meta({ id: 'CampaignTemplate' });
export type CampaignTemplate = z.infer<typeof campaignTemplateSchema>;

export const CAMPAIGN_STATUSES = [
  'importing',
  'sending',
  'paused',
  'completed',
  'aborted',
  'cancelled',
] as const;
export const campaignStatusSchema = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof campaignStatusSchema>;

/**
 * Counts: `rows_read` are data rows (no header, no blank lines) = `valid` + `invalid`;
 * `duplicates` are valid rows whose address appeared earlier in the file; `queued` are the
 * recipients to send to (valid − duplicates) = `sent` + `failed` + `cancelled` +
 * `in_progress` + `not_dispatched`. A recipient becomes a notification only when the campaign
 * cursor reaches it, at the provider's pace: until then it is counted in `not_dispatched`
 * (and is not listed under /notifications).
 */
export const campaignViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: campaignStatusSchema,
    subject: z.string(),
    body: z.string(),
    abort_reason: z.string().nullable(),
    rows_read: z.number().int().nonnegative(),
    valid: z.number().int().nonnegative(),
    invalid: z.number().int().nonnegative(),
    duplicates: z.number().int().nonnegative(),
    queued: z.number().int().nonnegative(),
    sent: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    /** Never sent because the campaign was cancelled; not failures, never replayed. */
    cancelled: z.number().int().nonnegative(),
    in_progress: z.number().int().nonnegative(),
    /**
     * Recipients imported but not yet made notifications: the cursor feeds them to the queue
     * as it drains. In an aborted or cancelled campaign these are never sent.
     */
    not_dispatched: z.number().int().nonnegative(),
    /** Sends per minute over the last few minutes (up to 5, since the import at most). */
    sent_per_minute: z.number().nonnegative(),
    /** Seconds until the last one is sent at the provider's rate limit; null when unknown. */
    eta_seconds: z.number().nonnegative().nullable(),
    created_at: z.iso.datetime(),
    imported_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Campaign' });
export type CampaignView = z.infer<typeof campaignViewSchema>;

export const campaignListSchema = z
  .object({ items: z.array(campaignViewSchema) })
  .meta({ id: 'CampaignList' });
export type CampaignList = z.infer<typeof campaignListSchema>;

export const invalidRowSchema = z
  .object({
    line: z.number().int().positive(),
    value: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'InvalidRow' });
export type InvalidRow = z.infer<typeof invalidRowSchema>;

export const invalidRowPageSchema = z
  .object({ items: z.array(invalidRowSchema), next_after_line: z.number().int().nullable() })
  .meta({ id: 'InvalidRowPage' });
export type InvalidRowPage = z.infer<typeof invalidRowPageSchema>;

export const INVALID_ROWS_LIMIT_MAX = 1000;
export const invalidRowsQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  after_line: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(INVALID_ROWS_LIMIT_MAX).default(100),
});

/** POST /campaigns/:id/{pause,resume,cancel}: no body; the answer is the campaign. */
export const CAMPAIGN_ACTIONS = ['pause', 'resume', 'cancel'] as const;
export const campaignActionSchema = z.enum(CAMPAIGN_ACTIONS);
export type CampaignAction = z.infer<typeof campaignActionSchema>;

export const campaignIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be a campaign id (UUID)' }),
});
