import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emailProblem, isEmailAddress, requireStrings } from '../src/email-api/email-validation';

const MAILING_LIST = join(import.meta.dirname, '../../test/fixtures/campaigns/mailing_list.csv');

describe('the e-mail address check', () => {
  it('accepts the campaign list’s addresses and refuses exactly its three malformed ones', () => {
    const [, ...addresses] = readFileSync(MAILING_LIST, 'utf8').trim().split(/\r?\n/);
    const refused = addresses.filter((address) => !isEmailAddress(address));
    expect(refused).toEqual(['invalid-email', 'not-an-email', '@domain.com']);
    expect(addresses.length - refused.length).toBe(102);
  });

  it.each(['a@b', 'a@@b.com', 'a@b.com@c.com', 'a b@c.com', 'a@b..com', 'a@.com', 'a@b.', ''])(
    'refuses %j',
    (address) => expect(isEmailAddress(address)).toBe(false),
  );

  it.each(['a@b.co', 'first.last+tag@mail.example.co.uk'])('accepts %j', (address) =>
    expect(isEmailAddress(address)).toBe(true),
  );
});

describe('the e-mail payload check', () => {
  const valid = { to: 'a@b.co', subject: 's', body: 'b' };

  it('counts lengths in characters, not UTF-16 units', () => {
    expect(emailProblem({ ...valid, subject: '😀'.repeat(255) })).toBeNull();
    expect(emailProblem({ ...valid, subject: 'x'.repeat(256) })).toBe(
      'Subject exceeds maximum length of 255 characters',
    );
  });

  it('treats a blank subject or body as empty', () => {
    expect(emailProblem({ ...valid, subject: '  ' })).toBe('Subject cannot be empty');
    expect(emailProblem({ ...valid, body: '\n' })).toBe('Email body cannot be empty');
  });

  it('reports every missing or mistyped field at once, FastAPI style', () => {
    expect(requireStrings({ to: 1, subject: null }, ['to', 'subject', 'body'])).toEqual({
      ok: false,
      detail: [
        { type: 'string_type', loc: ['body', 'to'], msg: 'Input should be a valid string' },
        { type: 'string_type', loc: ['body', 'subject'], msg: 'Input should be a valid string' },
        { type: 'missing', loc: ['body', 'body'], msg: 'Field required' },
      ],
    });
  });
});
