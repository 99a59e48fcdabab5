import { filterShape, pipelineShape, sortShape, type Shape } from './query-shape';

export type { Shape };

export const RECORDED_COMMANDS = [
  'find',
  'aggregate',
  'count',
  'distinct',
  'update',
  'delete',
  'findAndModify',
  'insert',
] as const;
export type RecordedCommand = (typeof RECORDED_COMMANDS)[number];

/**
 * The shape of a command sent to MongoDB: its collection, its name, and its filter, sort and
 * pipeline as query-shape.ts renders them (field names and operators, never values). What is
 * left is enough to tell which index, if any, can serve the command; scripts/query-shapes
 * is the check that does.
 */
export interface CommandShape {
  command: RecordedCommand;
  collection: string;
  /** find's filter, count's and distinct's query, update's and delete's `q`, findAndModify's query. */
  filter?: Shape;
  sort?: Shape;
  pipeline?: Shape[];
  /** distinct's field. */
  key?: string;
  limit?: number;
  skip?: number;
  maxTimeMS?: number;
  /** update / delete: every matching document (updateMany, deleteMany), not the first. */
  multi?: boolean;
  upsert?: boolean;
  /** Statements of this shape in the command: a bulk write or insertMany sends many. */
  n?: number;
}

export const isRecordedCommand = (name: string): name is RecordedCommand =>
  (RECORDED_COMMANDS as readonly string[]).includes(name);

type Doc = Record<string, unknown>;

const numberOf = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** Statements with the same shape counted once, in the order first seen. */
function grouped(shapes: CommandShape[]): CommandShape[] {
  const byKey = new Map<string, CommandShape>();
  for (const shape of shapes) {
    const key = JSON.stringify(shape);
    const seen = byKey.get(key);
    if (seen) seen.n = (seen.n ?? 1) + 1;
    else byKey.set(key, { ...shape, n: 1 });
  }
  return [...byKey.values()];
}

/** The shapes of one command as the driver reports it (`commandStarted`); [] for others. */
export function commandShapes(commandName: string, command: Doc): CommandShape[] {
  const collection = command[commandName];
  if (!isRecordedCommand(commandName) || typeof collection !== 'string') return [];
  const base = { command: commandName, collection };
  const optional = (fields: Partial<CommandShape>) =>
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const statements = (key: string) => (Array.isArray(command[key]) ? command[key] : []) as Doc[];

  switch (commandName) {
    case 'find':
      return [
        {
          ...base,
          filter: filterShape(command.filter ?? {}),
          ...optional({
            sort: sortShape(command.sort),
            limit: numberOf(command.limit),
            skip: numberOf(command.skip),
            maxTimeMS: numberOf(command.maxTimeMS),
          }),
        },
      ];
    case 'aggregate':
      return [
        {
          ...base,
          pipeline: pipelineShape(command.pipeline),
          ...optional({ maxTimeMS: numberOf(command.maxTimeMS) }),
        },
      ];
    case 'count':
      // No query at all is estimatedDocumentCount: the server answers from metadata.
      return [
        {
          ...base,
          ...optional({
            filter: command.query === undefined ? undefined : filterShape(command.query),
            limit: numberOf(command.limit),
            skip: numberOf(command.skip),
          }),
        },
      ];
    case 'distinct':
      return [
        {
          ...base,
          key: String(command.key),
          filter: filterShape(command.query ?? {}),
        },
      ];
    case 'findAndModify':
      return [
        {
          ...base,
          filter: filterShape(command.query ?? {}),
          ...optional({
            sort: sortShape(command.sort),
            upsert: command.upsert === true || undefined,
          }),
        },
      ];
    case 'update':
      return grouped(
        statements('updates').map((u) => ({
          ...base,
          filter: filterShape(u.q ?? {}),
          multi: u.multi === true,
          ...optional({ upsert: u.upsert === true || undefined }),
        })),
      );
    case 'delete':
      return grouped(
        statements('deletes').map((d) => ({
          ...base,
          filter: filterShape(d.q ?? {}),
          multi: d.limit === 0,
        })),
      );
    case 'insert':
      return [{ ...base, n: statements('documents').length }];
  }
}
