import { z } from 'zod';
import { channelSchema } from './notification-status';

/** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
/** RFC 5321 caps a forward path at 254 characters. */
export const EMAIL_MAX_LENGTH = 254;
/**
 * SMS: 10 concatenated segments of 160 GSM-7 characters, the usual provider ceiling.
 * Email: the body limit of the e-mail API we integrate with (10,000 characters).
 */
export const MESSAGE_MAX_LENGTH = { sms: 1600, email: 10_000 } as const;
/** The subject of an e-mail notification sent without one (the e-mail API requires one). */
export const DEFAULT_EMAIL_SUBJECT = 'A message for you';
/** The e-mail API's subject limit. */
export const SUBJECT_MAX_LENGTH = 255;

/** An e-mail subject, for single notifications and campaign templates alike. */
export const emailSubjectSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(SUBJECT_MAX_LENGTH, { message: `must be at most ${SUBJECT_MAX_LENGTH} characters` });

export const emailAddressSchema = z
  .email({ message: 'must be a valid email address' })
  .max(EMAIL_MAX_LENGTH);
const phoneSchema = z
  .string()
  .regex(E164_PATTERN, { message: 'must be an E.164 phone number such as +14155550123' });

export const createNotificationSchema = z
  .strictObject({
    type: channelSchema,
    recipient: z.string().trim().min(1, { message: 'must not be empty' }),
    message: z
      .string()
      .refine((value) => value.trim().length > 0, { message: 'must not be empty' }),
    campaign_id: z.uuid({ message: 'must be a UUID' }),
    /** E-mail only; without one the e-mail goes out as DEFAULT_EMAIL_SUBJECT. */
    subject: emailSubjectSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.type === 'sms' && body.subject !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'only an e-mail has a subject' });
    }
    const recipientCheck = (body.type === 'email' ? emailAddressSchema : phoneSchema).safeParse(
      body.recipient,
    );
    if (!recipientCheck.success) {
      for (const issue of recipientCheck.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['recipient'], message: issue.message });
      }
    }
    const max = MESSAGE_MAX_LENGTH[body.type];
    if (body.message.length > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['message'],
        message: `must be at most ${max} characters for ${body.type}`,
      });
    }
  });

export type CreateNotificationRequest = z.infer<typeof createNotificationSchema>;

export const acceptedNotificationSchema = z.object({
  id: z.string(),
  status: z.literal('queued'),
});
export type AcceptedNotification = z.infer<typeof acceptedNotificationSchema>;

/** Printable ASCII, as the IETF Idempotency-Key draft suggests; 255 keeps index keys small. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, { message: 'must be 1-255 printable ASCII characters' })
  .optional();

export const notificationIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be a notification id (UUID)' }),
});
