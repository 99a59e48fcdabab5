import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@notify/shared';
import { readMockConfig } from '../src/config';
import { startMockApi, type RunningMockApi } from '../src/mock-server';

const USERNAME = 'test-mailer';
const PASSWORD = 'test-only-password';
const CREDENTIALS = { MOCK_EMAIL_USERNAME: USERNAME, MOCK_EMAIL_PASSWORD: PASSWORD };
/** Lets a test send many e-mails on one token when the rate limit is not what it checks. */
const NO_LIMIT = { MOCK_EMAIL_RATE_MAX: '1000' };

let running: RunningMockApi[] = [];
afterEach(async () => {
  await Promise.all(running.map((m) => m.stop()));
  running = [];
});

/** Every log line as JSON, to check what the mock writes and what it never does. */
function logSink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, stream };
}

async function start(env: Record<string, string> = CREDENTIALS, sink = logSink()) {
  const mock = await startMockApi(
    readMockConfig({ PORT: '0', HOST: '127.0.0.1', ...env }),
    createLogger('email-mock-test', 'debug', sink.stream),
  );
  running.push(mock);
  const call = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${mock.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const json = async (response: Response) => ({
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  });
  const tokenRequest = (body: unknown) => call('/auth/token', body);
  const token = async () => {
    const response = await tokenRequest({ username: USERNAME, password: PASSWORD });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const email = (to = 'ana@example.com', overrides: Record<string, unknown> = {}) => ({
    to,
    subject: 'Hello',
    body: `Hi ${to}`,
    ...overrides,
  });
  const send = (accessToken: string | null, body: unknown = email()) =>
    call(
      '/send-email',
      body,
      accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
    );
  const emailStats = async () =>
    ((await (await call('/stats')).json()) as { email: Record<string, number> }).email;
  return { mock, call, json, tokenRequest, token, email, send, emailStats, logs: sink.lines };
}

describe('the e-mail API token endpoint', () => {
  it('issues an HS256 bearer token that /send-email accepts with 202 and a msg_ id', async () => {
    const { tokenRequest, json, send } = await start();
    const issued = await json(await tokenRequest({ username: USERNAME, password: PASSWORD }));
    expect(issued).toEqual({
      status: 200,
      body: { access_token: expect.any(String), token_type: 'bearer', expires_in: 1800 },
    });
    const accessToken = issued.body.access_token as string;
    const header = JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(await json(await send(accessToken))).toEqual({
      status: 202,
      body: { message_id: expect.stringMatching(/^msg_[0-9a-f]{8}$/), status: 'queued' },
    });
  });

  it('refuses a wrong username or password with 401 and counts both', async () => {
    const { tokenRequest, json, emailStats } = await start();
    const refused = { status: 401, body: { detail: 'Invalid credentials' } };
    expect(await json(await tokenRequest({ username: USERNAME, password: 'nope' }))).toEqual(
      refused,
    );
    expect(await json(await tokenRequest({ username: 'nope', password: PASSWORD }))).toEqual(
      refused,
    );
    expect(await emailStats()).toMatchObject({ authFailures: 2, tokensIssued: 0 });
  });

  it('refuses every token request, after one start-up warning, when credentials are unset', async () => {
    const sink = logSink();
    const { tokenRequest } = await start({ MOCK_EMAIL_USERNAME: USERNAME }, sink);
    expect((await tokenRequest({ username: USERNAME, password: '' })).status).toBe(401);
    expect((await tokenRequest({ username: USERNAME, password: 'anything' })).status).toBe(401);
    expect(sink.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('answers missing, mistyped, non-object and unparseable bodies with FastAPI 422s', async () => {
    const { tokenRequest, json } = await start();
    const missing = (field: string) => ({
      type: 'missing',
      loc: ['body', field],
      msg: 'Field required',
    });
    expect(await json(await tokenRequest({ password: PASSWORD }))).toEqual({
      status: 422,
      body: { detail: [missing('username')] },
    });
    expect((await json(await tokenRequest({}))).body).toEqual({
      detail: [missing('username'), missing('password')],
    });
    expect((await json(await tokenRequest({ username: 42, password: PASSWORD }))).body).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'username'], msg: 'Input should be a valid string' },
      ],
    });
    expect((await json(await tokenRequest([USERNAME, PASSWORD]))).body).toEqual({
      detail: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
        },
      ],
    });
    expect(await json(await tokenRequest('{"username":'))).toEqual({
      status: 422,
      body: { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }] },
    });
  });
});

describe('the e-mail API send endpoint', () => {
  it('refuses a missing, malformed, forged or expired token with 401', async () => {
    const { token, send, json, emailStats } = await start({
      ...CREDENTIALS,
      ...NO_LIMIT,
      MOCK_EMAIL_TOKEN_TTL_S: '2',
    });
    const other = await start({ ...CREDENTIALS, MOCK_EMAIL_JWT_SECRET: 'x'.repeat(32) });
    const invalid = { status: 401, body: { detail: 'Invalid token' } };
    expect(await json(await send(null))).toEqual(invalid);
    expect(await json(await send('not-a-jwt'))).toEqual(invalid);
    expect(await json(await send(await other.token()))).toEqual(invalid);

    const accessToken = await token();
    expect((await send(accessToken)).status).toBe(202);
    await sleep(2100);
    expect(await json(await send(accessToken))).toEqual(invalid);
    expect(await emailStats()).toMatchObject({ unauthorized: 4, accepted: 1 });
  });

  it('checks the token before the body', async () => {
    const { send } = await start();
    expect((await send(null, { to: 'broken' })).status).toBe(401);
  });

  it.each([
    ['not-an-email', {}, 'Invalid email address format'],
    ['ana@example.com', { subject: '' }, 'Subject cannot be empty'],
    [
      'ana@example.com',
      { subject: 's'.repeat(256) },
      'Subject exceeds maximum length of 255 characters',
    ],
    ['ana@example.com', { body: '' }, 'Email body cannot be empty'],
    [
      'ana@example.com',
      { body: 'b'.repeat(10_001) },
      'Email body exceeds maximum length of 10000 characters',
    ],
  ])('answers 400 "%s" / %j with the contract message', async (to, overrides, detail) => {
    const { token, send, email, json, emailStats } = await start();
    expect(await json(await send(await token(), email(to, overrides)))).toEqual({
      status: 400,
      body: { detail },
    });
    expect(await emailStats()).toMatchObject({ invalid: 1, accepted: 0 });
  });

  it('accepts a subject of exactly 255 and a body of exactly 10000 characters', async () => {
    const { token, send, email } = await start();
    const longest = email('ana@example.com', {
      subject: 's'.repeat(255),
      body: 'b'.repeat(10_000),
    });
    expect((await send(await token(), longest)).status).toBe(202);
  });

  it('answers missing or mistyped fields and bad JSON with 422 and counts them invalid', async () => {
    const { token, send, json, emailStats } = await start({ ...CREDENTIALS, ...NO_LIMIT });
    const accessToken = await token();
    expect(await json(await send(accessToken, { to: 'ana@example.com', subject: 7 }))).toEqual({
      status: 422,
      body: {
        detail: [
          { type: 'string_type', loc: ['body', 'subject'], msg: 'Input should be a valid string' },
          { type: 'missing', loc: ['body', 'body'], msg: 'Field required' },
        ],
      },
    });
    expect((await send(accessToken, '{"to":')).status).toBe(422);
    expect(await emailStats()).toMatchObject({ invalid: 2 });
  });

  it('answers only the contract’s 500, 502 and 503 at 100% errors, delivering nothing', async () => {
    const { token, send, json, emailStats } = await start({
      ...CREDENTIALS,
      ...NO_LIMIT,
      MOCK_EMAIL_ERROR_PERCENT: '100',
      MOCK_SEED: '7',
    });
    const accessToken = await token();
    const answers = new Map<number, unknown>();
    for (let i = 0; i < 30; i++) {
      const { status, body } = await json(await send(accessToken));
      answers.set(status, body.detail);
    }
    expect(Object.fromEntries(answers)).toEqual({
      500: 'Internal server error occurred while processing email',
      502: 'Bad gateway - external email service unavailable',
      503: 'Service temporarily unavailable for maintenance',
    });
    expect(await emailStats()).toMatchObject({ failed: 30, accepted: 0, uniqueRecipients: 0 });
  });
});

describe('the e-mail API rate limit', () => {
  it('answers a second send within 10 s with 429, the contract message and Retry-After 10', async () => {
    const { token, send, json } = await start();
    const accessToken = await token();
    expect((await send(accessToken)).status).toBe(202);
    const refused = await send(accessToken);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await json(refused)).toEqual({
      status: 429,
      body: { detail: 'Rate limit exceeded. Maximum 1 request per 10 seconds.' },
    });
  });

  it('admits the token again once the window has slid past, not counting refusals', async () => {
    const { token, send, json } = await start({
      ...CREDENTIALS,
      MOCK_EMAIL_RATE_WINDOW_MS: '300',
    });
    const accessToken = await token();
    expect((await send(accessToken)).status).toBe(202);
    const firstAnswered = Date.now();
    await sleep(150);
    const refused = await send(accessToken);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await json(refused)).body).toEqual({
      detail: 'Rate limit exceeded. Maximum 1 request per 0.3 seconds.',
    });
    // Had the refusal at ~150 ms entered the log, this send would be refused too.
    await sleep(Math.max(0, firstAnswered + 320 - Date.now()));
    expect((await send(accessToken)).status).toBe(202);
  });

  it('keeps a separate window per token', async () => {
    const { token, send } = await start();
    const [first, second] = [await token(), await token()];
    expect((await send(first)).status).toBe(202);
    expect((await send(first)).status).toBe(429);
    expect((await send(second)).status).toBe(202);
  });

  it('applies the limit before validating the body', async () => {
    const { token, send, email } = await start();
    const accessToken = await token();
    expect((await send(accessToken, email('not-an-email'))).status).toBe(400);
    expect((await send(accessToken, email('not-an-email'))).status).toBe(429);
  });

  it('logs refusals at debug with the jti and a masked recipient, never a token or secret', async () => {
    const { token, send, logs } = await start();
    const accessToken = await token();
    await send(accessToken, { to: 'ana@example.com', subject: 's', body: 'b' });
    await send(accessToken, { to: 'ana@example.com', subject: 's', body: 'b' });
    await send('forged', { to: 'ana@example.com', subject: 's', body: 'b' });
    const limited = logs.find((line) => line.msg === 'send-email refused: rate limited');
    expect(limited).toMatchObject({
      level: 'debug',
      jti: expect.any(String),
      recipient: 'an***@example.com',
    });
    expect(logs.find((line) => line.msg === 'send-email refused: invalid token')).toMatchObject({
      level: 'debug',
      recipient: 'an***@example.com',
    });
    const written = JSON.stringify(logs);
    for (const secret of [accessToken, PASSWORD, USERNAME, 'ana@example.com']) {
      expect(written).not.toContain(secret);
    }
  });
});

describe('the e-mail API read-outs', () => {
  it('reports the contract’s health shape', async () => {
    const { call } = await start();
    expect(await (await call('/health')).json()).toEqual({
      status: 'healthy',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      version: '1.0.0',
    });
  });

  it('counts every outcome and each recipient, beside the flaky provider’s own stats', async () => {
    const { call, token, tokenRequest, send, email } = await start({ ...CREDENTIALS, ...NO_LIMIT });
    const accessToken = await token();
    await tokenRequest({ username: USERNAME, password: 'wrong' });
    for (const to of ['ana@example.com', 'ana@example.com', 'bo@example.com']) {
      expect((await send(accessToken, email(to))).status).toBe(202);
    }
    await send(accessToken, email('not-an-email'));
    await send(null);
    const stats = (await (await call('/stats')).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ requests: 0, delivered: 0, unique: 0, duplicates: 0 });
    expect(stats.email).toEqual({
      tokensIssued: 1,
      authFailures: 1,
      unauthorized: 1,
      rateLimited: 0,
      invalid: 1,
      failed: 0,
      accepted: 3,
      uniqueRecipients: 2,
      duplicates: 1,
    });
    expect(await (await call('/stats/email/recipients')).json()).toEqual({
      recipients: { 'ana@example.com': 2, 'bo@example.com': 1 },
    });
    const { messages } = (await (await call('/stats/email/messages')).json()) as {
      messages: { messageId: string; to: string; body: string; at: string }[];
    };
    expect(messages.map((m) => [m.to, m.body])).toEqual([
      ['ana@example.com', 'Hi ana@example.com'],
      ['ana@example.com', 'Hi ana@example.com'],
      ['bo@example.com', 'Hi bo@example.com'],
    ]);
    expect(messages[0]).toMatchObject({
      messageId: expect.stringMatching(/^msg_/),
      subject: 'Hello',
    });
  });

  it('forgets every e-mail count on control reset', async () => {
    const { call, token, send, emailStats } = await start();
    await send(await token());
    expect(await (await call('/control/reset', {})).json()).toEqual({ reset: true });
    expect(Object.values(await emailStats()).every((n) => n === 0)).toBe(true);
    expect(await (await call('/stats/email/recipients')).json()).toEqual({ recipients: {} });
    expect(await (await call('/stats/email/messages')).json()).toEqual({ messages: [] });
  });

  it('hides whole messages when control is off', async () => {
    const { call } = await start({ ...CREDENTIALS, MOCK_CONTROL_ENABLED: 'false' });
    expect((await call('/stats/email/messages')).status).toBe(404);
    expect((await call('/stats/email/recipients')).status).toBe(200);
  });
});

describe('the e-mail API configuration', () => {
  it('refuses a JWT secret shorter than 32 characters, naming the key', () => {
    expect(() => readMockConfig({ MOCK_EMAIL_JWT_SECRET: 'short' })).toThrow(
      /MOCK_EMAIL_JWT_SECRET/,
    );
  });

  it('treats empty credentials and secret as unset', () => {
    const config = readMockConfig({
      MOCK_EMAIL_USERNAME: '',
      MOCK_EMAIL_PASSWORD: '',
      MOCK_EMAIL_JWT_SECRET: '',
    });
    expect(config.MOCK_EMAIL_USERNAME).toBeUndefined();
    expect(config.MOCK_EMAIL_PASSWORD).toBeUndefined();
    expect(config.MOCK_EMAIL_JWT_SECRET).toBeUndefined();
  });
});
