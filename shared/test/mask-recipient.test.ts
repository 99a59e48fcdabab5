import { describe, expect, it } from 'vitest';
import { maskRecipient } from '../src/logging/mask-recipient';

describe('masking recipients for logs', () => {
  it('keeps two characters of an email local part and the domain', () => {
    expect(maskRecipient('john.doe@example.com')).toBe('jo***@example.com');
  });

  it('never shows a one-character local part whole', () => {
    expect(maskRecipient('j@example.com')).toBe('***@example.com');
  });

  it('keeps only the last four digits of a phone number', () => {
    expect(maskRecipient('+14155550123')).toBe('+*******0123');
  });
});
