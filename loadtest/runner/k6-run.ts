import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface K6Result {
  /** 0 all thresholds held; 99 some threshold was crossed; anything else: k6 failed. */
  exitCode: number;
  summary: K6Summary;
}

export interface K6Summary {
  metrics: Record<
    string,
    { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }
  >;
}

const SCRIPT = resolve(import.meta.dirname, '../k6/ingest.js');

/** Runs the k6 script with these variables; writes `<name>.json` and `<name>.html`. */
export async function runK6(
  name: string,
  env: Record<string, string>,
  resultsDir: string,
): Promise<K6Result> {
  const summaryPath = join(resultsDir, `${name}.json`);
  const exitCode = await new Promise<number>((resolvePromise, reject) => {
    const child = spawn('k6', ['run', '--quiet', SCRIPT], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        ...env,
        SUMMARY_PATH: summaryPath,
        // k6's own HTML report, exported when the run ends (no live server needed).
        K6_WEB_DASHBOARD: 'true',
        K6_WEB_DASHBOARD_PORT: '-1',
        K6_WEB_DASHBOARD_EXPORT: join(resultsDir, `${name}.html`),
      },
    });
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise(code ?? 1));
  });
  if (exitCode !== 0 && exitCode !== 99)
    throw new Error(`k6 ${name} failed with exit code ${exitCode}`);
  return { exitCode, summary: JSON.parse(await readFile(summaryPath, 'utf8')) as K6Summary };
}
