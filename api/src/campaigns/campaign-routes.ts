import { Router, type RequestHandler } from 'express';
import {
  campaignIdParamsSchema,
  idempotencyKeySchema,
  invalidRowsQuerySchema,
  type InvalidRow,
} from '@notify/shared';
import type { CampaignRecord } from '@notify/shared/store';
import type { Scope } from '../auth/api-keys';
import { HttpError, notFound } from '../http/http-error';
import { parseWith } from '../http/parse-input';
import { campaignControlRoutes } from './campaign-control-routes';
import { campaignViews } from './campaign-progress';
import { createCampaign, type CreateCampaignDeps } from './create-campaign';
import { INVALID_ROWS_CSV_HEADER, invalidRowsCsv } from './invalid-rows-csv';
import type { InvalidRowRecord } from './invalid-row-model';

interface Guards {
  require(scope: Scope): RequestHandler;
  limit: RequestHandler;
}

const LIST_LIMIT = 50;
const toRow = (r: InvalidRowRecord): InvalidRow => ({
  line: r.line,
  value: r.value,
  reason: r.reason,
});

export function campaignRoutes(deps: CreateCampaignDeps, guards: Guards): Router {
  const router = Router();
  const reads = [guards.require('read'), guards.limit];
  const writes = [guards.require('write'), guards.limit];
  const queue = () => deps.ledger.queueFor(deps.providerFor('email'));

  const views = (records: CampaignRecord[]) => campaignViews(deps.ledger, queue(), records);
  const load = async (id: string) => {
    const record = await deps.campaigns.findById(id).lean<CampaignRecord>();
    if (!record) throw notFound('Campaign');
    return record;
  };

  router.post('/campaigns', ...writes, async (req, res) => {
    if (!req.is('multipart/form-data')) {
      throw new HttpError(415, 'unsupported_media_type', 'Upload the CSV as multipart/form-data');
    }
    // The form is parsed as it arrives and never decoded: a compressed one could only fail
    // later as a malformed body, so it is refused by name now.
    const encoding = req.get('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      throw new HttpError(415, 'unsupported_encoding', 'Send the upload uncompressed', [
        { field: 'content-encoding', message: `${encoding} is not accepted on uploads` },
      ]);
    }
    // An honest Content-Length over the limit is refused before a byte is read. The 64 KiB
    // allow for the form's other parts (boundaries, subject, a long body template); busboy's
    // own byte count on the file part is what enforces the limit exactly.
    if (Number(req.get('content-length') ?? 0) > deps.maxFileBytes + 64 * 1024) {
      throw new HttpError(413, 'file_too_large', `The file exceeds ${deps.maxFileBytes} bytes`);
    }
    const key = parseWith(idempotencyKeySchema, req.get('idempotency-key'), 'Idempotency-Key');
    const created = await createCampaign(deps, req, key, req.log);
    const [view] = await views([await load(created.campaignId)]);
    if (created.replayed) res.set('Idempotent-Replayed', 'true');
    res
      .status(created.replayed ? 200 : 201)
      .location(`/api/v1/campaigns/${created.campaignId}`)
      .json(view);
  });

  router.get('/campaigns', ...reads, async (_req, res) => {
    const records = await deps.campaigns
      .find()
      .sort({ _id: -1 })
      .limit(LIST_LIMIT)
      .lean<CampaignRecord[]>();
    res.json({ items: await views(records) });
  });

  router.get('/campaigns/:id', ...reads, async (req, res) => {
    const { id } = parseWith(campaignIdParamsSchema, req.params);
    const [view] = await views([await load(id)]);
    res.json(view);
  });

  router.get('/campaigns/:id/invalid', ...reads, async (req, res) => {
    const { id } = parseWith(campaignIdParamsSchema, req.params);
    const query = parseWith(invalidRowsQuerySchema, req.query);
    await load(id);
    const page = (afterLine: number, limit: number) =>
      deps.invalidRows
        .find({ campaignId: id, line: { $gt: afterLine } })
        .sort({ campaignId: 1, line: 1 })
        .limit(limit)
        .lean<InvalidRowRecord[]>();
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`campaign-${id}-invalid.csv`);
      res.write(INVALID_ROWS_CSV_HEADER);
      // Page by page, so a file with a million bad rows streams instead of filling memory.
      for (let after = query.after_line; ;) {
        const rows = await page(after, 1000);
        if (rows.length === 0) break;
        res.write(invalidRowsCsv(rows.map(toRow)));
        after = rows[rows.length - 1]?.line ?? after;
      }
      res.end();
      return;
    }
    const rows = await page(query.after_line, query.limit + 1);
    const items = rows.slice(0, query.limit).map(toRow);
    const last = items[items.length - 1];
    res.json({ items, next_after_line: rows.length > query.limit && last ? last.line : null });
  });

  router.use(campaignControlRoutes(deps, writes, load, views));
  return router;
}
