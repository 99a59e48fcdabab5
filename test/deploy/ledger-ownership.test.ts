import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const LEDGER = 'shared/src/ledger/';

/** What only the ledger may do: write notifications, or create queues and add jobs to them. */
const OWNED = [
  { what: 'opens the notifications model', pattern: /\bnotificationModel\s*\(/ },
  { what: 'names the notifications collection', pattern: /collection\(\s*['"]notifications['"]/ },
  { what: 'creates a BullMQ queue', pattern: /\bnew Queue\s*\(/ },
  { what: 'adds jobs', pattern: /\.addBulk\s*\(|\.add\(\s*['"]deliver['"]/ },
];

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });

const offences = (files: string[]) =>
  files.flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return OWNED.filter(({ pattern }) => pattern.test(text)).map(
      ({ what }) => `${relative(ROOT, join(ROOT, file))} ${what}`,
    );
  });

describe('the ledger owns a notification’s life', () => {
  const appCode = [
    'api/src',
    'processor/src',
    'mock-api/src',
    'dashboard/src',
    'shared/src',
  ].flatMap(sources);

  it('is the only production code that writes notifications or adds delivery jobs', () => {
    expect(offences(appCode.filter((file) => !file.startsWith(LEDGER)))).toEqual([]);
  });

  it('is found doing each of those itself (so the check above can see them)', () => {
    const found = offences(appCode.filter((file) => file.startsWith(LEDGER))).map((line) =>
      line.replace(/^\S+ /, ''),
    );
    expect(new Set(found)).toEqual(
      new Set(['opens the notifications model', 'creates a BullMQ queue', 'adds jobs']),
    );
  });
});
