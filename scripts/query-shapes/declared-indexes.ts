import mongoose, { type Connection, type Model } from 'mongoose';
// The one place that knows where the models live: when a model moves or a collection is
// added, fix or extend this list, and the check reads its indexes from the schema.
import { invalidRowModel } from '../../api/src/campaigns/invalid-row-model';
import { notificationModel } from '../../shared/src/ledger/notification-model';
import { campaignModel } from '../../shared/src/store/campaign-model';
import type { IndexSpec } from './index-fit';

const MODELS: ((connection: Connection) => Model<never>)[] = [
  notificationModel as never,
  campaignModel as never,
  invalidRowModel as never,
];

/** MongoDB's own naming: `status_1__id_-1`. */
const defaultName = (keys: IndexSpec['keys']) => keys.map(([f, d]) => `${f}_${d}`).join('_');

/** Each collection's indexes as its mongoose schema declares them (`schema.indexes()`). */
export function declaredIndexes(): Map<string, IndexSpec[]> {
  // Never opened: a connection only to compile the schemas on, without touching the global one.
  const connection = mongoose.createConnection();
  const byCollection = new Map<string, IndexSpec[]>();
  for (const define of MODELS) {
    const model = define(connection);
    const specs = model.schema.indexes().map(([fields, options]): IndexSpec => {
      const keys = Object.entries(fields).map(([field, direction]): [string, number] => [
        field,
        direction === 1 || direction === -1 ? direction : 0,
      ]);
      const name = (options as { name?: string } | undefined)?.name ?? defaultName(keys);
      return { name, keys };
    });
    byCollection.set(model.collection.collectionName, specs);
  }
  return byCollection;
}
