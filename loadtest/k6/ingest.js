// k6 script for the intake endpoint. MODE=floor: a constant 240 requests/minute with the
// floor's thresholds. MODE=ramp: one constant-rate step per rate in RATES, each judged on its
// own (p99 < 100 ms, < 0.1% errors), to find the highest rate the target sustains.
import http from 'k6/http';
import { check } from 'k6';

const TARGET = __ENV.TARGET;
const MODE = __ENV.MODE || 'floor';
const CAMPAIGN = __ENV.CAMPAIGN_ID;
const RATES = (__ENV.RATES || '').split(',').filter(Boolean).map(Number);
const STEP_SECONDS = Number(__ENV.STEP_SECONDS || 15);

function scenarios() {
  if (MODE === 'floor') {
    return {
      floor: {
        executor: 'constant-arrival-rate',
        rate: Number(__ENV.RATE_PER_MIN || 240),
        timeUnit: '1m',
        duration: __ENV.DURATION || '2m',
        preAllocatedVUs: 10,
        maxVUs: 50,
      },
    };
  }
  return Object.fromEntries(
    RATES.map((rate, i) => [
      `r${rate}`,
      {
        executor: 'constant-arrival-rate',
        rate,
        timeUnit: '1s',
        duration: `${STEP_SECONDS}s`,
        // Two quiet seconds between steps so one step's backlog does not spill into the next.
        startTime: `${i * (STEP_SECONDS + 2)}s`,
        preAllocatedVUs: Math.min(rate, 200),
        maxVUs: 1000,
        gracefulStop: '2s',
      },
    ]),
  );
}

function thresholds() {
  if (MODE === 'floor') {
    return { http_req_failed: ['rate==0'], http_req_duration: ['p(95)<200'], checks: ['rate==1'] };
  }
  const perStep = {};
  for (const rate of RATES) {
    perStep[`http_req_duration{scenario:r${rate}}`] = ['p(99)<100'];
    perStep[`http_req_failed{scenario:r${rate}}`] = ['rate<0.001'];
    perStep[`http_reqs{scenario:r${rate}}`] = ['count>0'];
  }
  return perStep;
}

export const options = {
  scenarios: scenarios(),
  thresholds: thresholds(),
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

let sequence = 0;
export default function () {
  sequence += 1;
  const sms = (__VU + sequence) % 2 === 0;
  const id = `${__VU}-${sequence}`;
  const body = JSON.stringify({
    type: sms ? 'sms' : 'email',
    recipient: sms
      ? `+1415${String(__VU % 1000).padStart(3, '0')}${String(sequence % 10000).padStart(4, '0')}`
      : `vu${__VU}.n${sequence}@load.example.com`,
    // Unique per request, so the provider's duplicate count is exact.
    message: `load test ${id} ${Date.now()}`,
    campaign_id: CAMPAIGN,
  });
  const response = http.post(`${TARGET}/api/v1/notifications`, body, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${__ENV.API_KEY}` },
  });
  check(response, { 'accepted (202)': (r) => r.status === 202 });
}

export function handleSummary(data) {
  return { [__ENV.SUMMARY_PATH]: JSON.stringify(data, null, 2) };
}
