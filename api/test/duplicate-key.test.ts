import mongoose, { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDuplicateKeyError } from '@notify/shared/store';
import { isolatedEnv } from '../../test/support/test-env';

// FerretDB and MongoDB may shape this error differently, above all on updates; the
// idempotency path relies on recognising it, so it is checked against the real server.
const accountSchema = new Schema({ _id: String, handle: String }, { versionKey: false });
accountSchema.index({ handle: 1 }, { unique: true });

describe('unique-index violations', () => {
  let connection: mongoose.Connection;
  const Account = () => connection.model('Account', accountSchema);
  beforeAll(async () => {
    connection = await mongoose
      .createConnection(isolatedEnv('dupkey').MONGODB_URI, { autoIndex: false })
      .asPromise();
    await Account().createCollection();
    await Account().createIndexes();
    await Account().create([
      { _id: 'a', handle: 'ada' },
      { _id: 'b', handle: 'bob' },
    ]);
  });
  afterAll(() => connection.close());

  it('reports an insert that repeats _id as a duplicate', async () => {
    const error = await Account()
      .create({ _id: 'a', handle: 'other' })
      .catch((e: unknown) => e);
    expect(isDuplicateKeyError(error)).toBe(true);
  });

  it('reports an update that collides on a unique index as a duplicate', async () => {
    const error = await Account()
      .updateOne({ _id: 'b' }, { $set: { handle: 'ada' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isDuplicateKeyError(error)).toBe(true);
  });

  it('reports a findOneAndUpdate collision as a duplicate', async () => {
    const error = await Account()
      .findOneAndUpdate({ _id: 'b' }, { $set: { handle: 'ada' } })
      .catch((e: unknown) => e);
    expect(isDuplicateKeyError(error)).toBe(true);
  });

  it('does not mistake other errors for duplicates', async () => {
    const error = await Account()
      .updateOne({ _id: 'b' }, { $inc: { handle: 1 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isDuplicateKeyError(error)).toBe(false);
  });
});
