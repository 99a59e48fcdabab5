import { Writable } from 'node:stream';
import mongoose, { Schema } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/create-logger';

const SECRET = 'private.person@example.com';

/** What the logger writes for `{ err: value }`, parsed back. */
function logged(value: unknown): Record<string, unknown> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  createLogger('serializer-test', 'info', sink).error({ err: value }, 'failed');
  expect(lines.join('')).not.toContain(SECRET);
  return (JSON.parse(lines[0] ?? '{}') as { err: Record<string, unknown> }).err;
}

describe('errors written by the logger', () => {
  it('name the paths of a mongoose validation failure, not the values', () => {
    const model = mongoose.model(
      'SerializerProbe',
      new Schema({ recipient: { type: String, maxlength: 5 }, count: Number }),
    );
    const error = new model({ recipient: SECRET, count: 'many' }).validateSync();
    expect(error?.message).toContain(SECRET);
    const err = logged(error);
    expect(err.name).toBe('ValidationError');
    expect(err.message).toMatch(/^Validation failed for (count, recipient|recipient, count)$/);
    expect(err.stack).toMatch(/\n\s+at /);
  });

  it('keep a cause chain, each link without its data, and stop at a loop', () => {
    const inner = Object.assign(new Error('insert refused'), { code: 11000, op: { to: SECRET } });
    const outer = new Error('import failed', { cause: inner });
    inner.cause = outer;
    const err = logged(outer);
    const cause = err.cause as Record<string, unknown>;
    expect(cause).toMatchObject({ name: 'Error', message: 'insert refused', code: 11000 });
    expect(cause.op).toBeUndefined();
    expect(JSON.stringify(err).match(/import failed/g)?.length).toBeGreaterThan(1);
  });

  it('redact the duplicate key MongoDB quotes in its message and stack', () => {
    const error = new Error(`E11000 duplicate key error index: to_1 dup key: { to: "${SECRET}" }`);
    const err = logged(error);
    expect(err.message).toBe('E11000 duplicate key error index: to_1 dup key: { [redacted] }');
    expect(err.stack).toContain('dup key: { [redacted] }');
  });

  it('pass a thrown string as it is, and say only the type of a thrown object', () => {
    expect(logged('socket hang up')).toBe('socket hang up');
    expect(logged({ recipient: SECRET })).toEqual({ type: 'Object' });
  });
});
