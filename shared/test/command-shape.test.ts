import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { commandShapes } from '../src/store/command-shape';

/** Commands as the driver reports them in `commandStarted` (the wire documents). */
describe('the shape of a MongoDB command', () => {
  it('keeps field names, operators, sort and limit of a find, and types instead of values', () => {
    const shapes = commandShapes('find', {
      find: 'notifications',
      filter: { status: 'failed', _id: { $lt: '0199a0c4-7f7e-7b6c-9d55-4a1e2b3c4d5e' } },
      // As the driver sends it: a Map, which keeps the order of the keys.
      sort: new Map([['_id', -1]]),
      limit: 51,
      projection: { attempts: 0 },
      $db: 'notify',
    });
    expect(shapes).toEqual([
      {
        command: 'find',
        collection: 'notifications',
        filter: { status: '<string>', _id: { $lt: '<string>' } },
        sort: { _id: -1 },
        limit: 51,
      },
    ]);
  });

  it('never keeps a value, however it is nested', () => {
    const secret = 'jane.doe@example.com';
    const shapes = commandShapes('find', {
      find: 'notifications',
      filter: {
        $or: [{ recipient: secret }, { recipient: { $regex: 'jane\\.doe', $options: 'i' } }],
        message: { $in: [secret, `${secret}!`] },
        embedded: { to: secret },
      },
    });
    expect(JSON.stringify(shapes)).not.toMatch(/jane|doe|example/);
    expect(shapes[0]?.filter).toEqual({
      $or: [{ recipient: '<string>' }, { recipient: { $regex: '<regex>', $options: 'i' } }],
      message: { $in: ['<string>'] },
      embedded: { to: '<string>' },
    });
  });

  it('names each BSON type, and tells an anchored case-sensitive regex from the others', () => {
    const [shape] = commandShapes('find', {
      find: 'things',
      filter: {
        at: { $lt: new Date() },
        ref: new Types.ObjectId(),
        n: 3,
        done: false,
        gone: null,
        prefix: /^abc/,
        anywhere: /abc/,
        prefixAnyCase: /^abc/i,
      },
    });
    expect(shape?.filter).toEqual({
      at: { $lt: '<date>' },
      ref: '<objectId>',
      n: '<number>',
      done: '<bool>',
      gone: '<null>',
      prefix: '<regex:prefix>',
      anywhere: '<regex>',
      prefixAnyCase: '<regex>',
    });
  });

  it('shapes a pipeline: $match as a filter, field paths kept, literals typed', () => {
    const [shape] = commandShapes('aggregate', {
      aggregate: 'notifications',
      pipeline: [
        { $match: { campaignId: { $in: ['a', 'b'] } } },
        {
          $group: {
            _id: { c: '$campaignId', s: '$status' },
            failed: { $sum: { $cond: [{ $eq: ['$status', 'failed'] }, 1, 0] } },
          },
        },
        { $sort: { n: -1 } },
        { $limit: 10 },
      ],
      cursor: {},
    });
    expect(shape).toEqual({
      command: 'aggregate',
      collection: 'notifications',
      pipeline: [
        { $match: { campaignId: { $in: ['<string>'] } } },
        {
          $group: {
            _id: { c: '$campaignId', s: '$status' },
            failed: { $sum: { $cond: [{ $eq: ['$status', '<string>'] }, '<number>'] } },
          },
        },
        { $sort: { n: -1 } },
        { $limit: 10 },
      ],
    });
  });

  it('counts the statements of a bulk write by shape', () => {
    const shapes = commandShapes('update', {
      update: 'notifications',
      updates: [
        { q: { _id: 'a' }, u: { $set: { status: 'sent' } } },
        { q: { _id: 'b' }, u: { $set: { status: 'failed' } } },
        { q: { campaignId: 'c', status: { $in: ['queued'] } }, u: { $set: {} }, multi: true },
      ],
    });
    expect(shapes).toEqual([
      {
        command: 'update',
        collection: 'notifications',
        filter: { _id: '<string>' },
        multi: false,
        n: 2,
      },
      {
        command: 'update',
        collection: 'notifications',
        filter: { campaignId: '<string>', status: { $in: ['<string>'] } },
        multi: true,
        n: 1,
      },
    ]);
  });

  it('shapes deletes, inserts, counts, distincts and findAndModify', () => {
    expect(
      commandShapes('delete', { delete: 'rows', deletes: [{ q: { _id: 'x' }, limit: 0 }] }),
    ).toEqual([
      { command: 'delete', collection: 'rows', filter: { _id: '<string>' }, multi: true, n: 1 },
    ]);
    expect(
      commandShapes('insert', { insert: 'notifications', documents: [{ _id: 1 }, { _id: 2 }] }),
    ).toEqual([{ command: 'insert', collection: 'notifications', n: 2 }]);
    expect(commandShapes('count', { count: 'notifications' })).toEqual([
      { command: 'count', collection: 'notifications' },
    ]);
    expect(
      commandShapes('distinct', { distinct: 'notifications', key: 'type', query: { a: 1 } }),
    ).toEqual([
      { command: 'distinct', collection: 'notifications', key: 'type', filter: { a: '<number>' } },
    ]);
    expect(
      commandShapes('findAndModify', {
        findAndModify: 'notifications',
        query: { _id: 'x', status: 'failed' },
        update: { $set: { status: 'queued' } },
        new: true,
      }),
    ).toEqual([
      {
        command: 'findAndModify',
        collection: 'notifications',
        filter: { _id: '<string>', status: '<string>' },
      },
    ]);
  });

  it('ignores commands that read no documents of ours', () => {
    expect(commandShapes('getMore', { getMore: 1, collection: 'notifications' })).toEqual([]);
    expect(commandShapes('createIndexes', { createIndexes: 'notifications' })).toEqual([]);
    expect(commandShapes('aggregate', { aggregate: 1, pipeline: [{ $currentOp: {} }] })).toEqual(
      [],
    );
  });
});
