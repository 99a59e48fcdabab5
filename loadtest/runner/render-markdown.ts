import type { DeliveryReport } from './delivery-report';
import type { K6Summary } from './k6-run';
import type { UsageSummary } from './process-sampler';

interface Report {
  smoke: boolean;
  resultsDir: string;
  floor: K6Summary;
  floorUsage: Record<string, UsageSummary>;
  delivery: DeliveryReport;
  drainUsage: Record<string, UsageSummary>;
  ramps: Record<string, { summary: K6Summary; usage: Record<string, UsageSummary> }>;
  rates: number[];
}

const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(1)} ms`);
const usageLine = (usage: Record<string, UsageSummary>) =>
  Object.entries(usage)
    .map(
      ([name, u]) =>
        `${name}: CPU avg ${u.cpuPercentAvg}% / max ${u.cpuPercentMax}%, RSS max ${u.rssMbMax} MB`,
    )
    .join('; ');

/** The highest step whose own p99 and error thresholds held. */
export function sustainedRate(summary: K6Summary, rates: number[]): number {
  const held = (rate: number) =>
    [`http_req_duration{scenario:r${rate}}`, `http_req_failed{scenario:r${rate}}`].every((metric) =>
      Object.values(summary.metrics[metric]?.thresholds ?? { missing: { ok: false } }).every(
        (t) => t.ok,
      ),
    );
  return Math.max(0, ...rates.filter(held));
}

export function renderMarkdown(report: Report): string {
  const f = report.floor.metrics;
  const d = report.delivery;
  const lines = [
    `# Load test ${report.smoke ? '(smoke)' : ''}`,
    '',
    `Results in \`${report.resultsDir}\` (k6 JSON and HTML reports, process logs).`,
    '',
    '## Floor: 240 requests/min',
    `- requests: ${f.http_reqs?.values.count}, failed: ${((f.http_req_failed?.values.rate ?? 0) * 100).toFixed(2)}%`,
    `- latency p50 ${ms(f.http_req_duration?.values.med)}, p95 ${ms(f.http_req_duration?.values['p(95)'])}, p99 ${ms(f.http_req_duration?.values['p(99)'])}, max ${ms(f.http_req_duration?.values.max)}`,
    `- ${usageLine(report.floorUsage)}`,
    '',
    '## End to end (every accepted notification to sent or failed)',
    `- notifications ${d.notifications}: sent ${d.sent}, failed ${d.failed}; drained in ${d.drainSeconds} s (${d.deliveredPerMinute} delivered/min)`,
    `- accept → sent p50 ${d.endToEndMs.p50} ms, p95 ${d.endToEndMs.p95} ms, p99 ${d.endToEndMs.p99} ms, max ${d.endToEndMs.max} ms`,
    `- attempts per notification: mean ${d.attemptsPerNotification.mean}, max ${d.attemptsPerNotification.max}, histogram ${JSON.stringify(d.attemptsPerNotification.histogram)}`,
    `- provider: ${d.provider.requests} requests, ${d.provider.delivered} delivered, **${d.provider.duplicates} duplicates**`,
    `- ${usageLine(report.drainUsage)}`,
  ];
  if (Object.keys(report.ramps).length > 0) {
    lines.push('', '## Ramp: highest rate with p99 < 100 ms and < 0.1% errors', '');
    lines.push(
      '| rate/s | ' +
        Object.keys(report.ramps)
          .map((n) => `${n} p99`)
          .join(' | ') +
        ' |',
    );
    lines.push(
      '| --- | ' +
        Object.keys(report.ramps)
          .map(() => '---')
          .join(' | ') +
        ' |',
    );
    for (const rate of report.rates) {
      const cells = Object.values(report.ramps).map(({ summary }) =>
        ms(summary.metrics[`http_req_duration{scenario:r${rate}}`]?.values['p(99)']),
      );
      lines.push(`| ${rate} | ${cells.join(' | ')} |`);
    }
    const sustained = Object.fromEntries(
      Object.entries(report.ramps).map(([name, { summary }]) => [
        name,
        sustainedRate(summary, report.rates),
      ]),
    );
    lines.push(
      '',
      ...Object.entries(sustained).map(([name, rate]) => `- ${name} sustains **${rate}/s**`),
    );
    const ratio = (sustained['ramp-api'] ?? 0) / Math.max(sustained['ramp-bare-express'] ?? 1, 1);
    lines.push(`- ratio intake / bare Express: **${ratio.toFixed(2)}**`, '');
    for (const [name, { usage }] of Object.entries(report.ramps))
      lines.push(`- ${name}: ${usageLine(usage)}`);
  }
  return `${lines.join('\n')}\n`;
}
