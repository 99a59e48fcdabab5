export interface LocalUrls {
  api: string;
  processor: string;
  mockApi: string;
  /** mock-api's SMTP sink, where the SMTP provider's e-mail arrives. */
  smtpSinkPort: string;
  apiKey: string;
  dataDir: string;
  /** Whether the dashboard was built (not with --no-dashboard). */
  dashboard: boolean;
  /** The MongoDB and Redis in use, described. */
  mongo: string;
  redis: string;
}

/** What `npm start` prints once everything serves: where things are and what to try. */
export function localBanner(urls: LocalUrls): string {
  const { api, apiKey } = urls;
  return `
Notification platform is up; npm start restarts any part that stops.
  Dashboard  ${urls.dashboard ? `${api}/#key=${apiKey}` : '(not built: --no-dashboard)'}
  API key    ${apiKey}   (read+write; kept in ${urls.dataDir}/api-key)
  API        ${api}/api/v1/notifications
  Health     ${api}/ready
  Processor  ${urls.processor}/ready
  Mock API   ${urls.mockApi}/stats
  SMTP sink  127.0.0.1:${urls.smtpSinkPort}   (received mail: ${urls.mockApi}/stats/smtp)
  MongoDB    ${urls.mongo}
  Redis      ${urls.redis}

Try:
  curl -s -X POST ${api}/api/v1/notifications -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${apiKey}' \\
    -d '{"type":"sms","recipient":"+14155550123","message":"Hello","campaign_id":"0f8fad5b-d9cb-469f-a165-70867728950e"}'
A campaign (e-mails go through the local e-mail API at its real pace, 1 per 10 s):
  curl -s -X POST ${api}/api/v1/campaigns -H 'authorization: Bearer ${apiKey}' \\
    -F file=@test/fixtures/campaigns/mailing_list.csv
E-mail through SMTP instead, into the sink above (no rate limit):
  PROVIDERS=flaky,email-api,smtp EMAIL_PROVIDER=smtp npm start
Ctrl-C stops everything.
`;
}
