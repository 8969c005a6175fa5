// The "Restate metrics" dashboard (src/model/metricsDashboard.ts) against a real restate-server 1.7.12: every
// metric its PromQL names is served on the node port's /metrics (what Prometheus scrapes at :5122/metrics), after
// real invocations went through the ingress and the invoker. Also checks the recorded sample the unit test reads
// is still what the server serves (same metric names).
import fs from 'node:fs';
import path from 'node:path';
import { startRestate, type RestateServer } from '../harness/restate.mjs';
import { startTestService, registerDeployment, type TestService } from '../harness/testService.mjs';
import { METRICS_PANELS, metricNames } from '../../src/model/metricsDashboard';

let restate: RestateServer;
let service: TestService;

beforeAll(async () => {
  restate = await startRestate();
  service = await startTestService();
  await registerDeployment(restate.adminUrl, service.url);
  for (const name of ['Ada', 'Grace']) {
    const res = await fetch(`${restate.ingressUrl}/greeter/greet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    expect(await res.json()).toBe(`Hello, ${name}!`);
  }
});

afterAll(async () => {
  await service?.stop();
  await restate?.stop();
});

function names(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/);
    if (m) {
      out.add(m[1]);
    }
  }
  return out;
}

/**
 * The names /metrics serves once it serves all of `wanted`: the partition processors' gauges appear only once
 * the partitions run and have leaders, a while after the server answers. Gives up after `timeoutMs` and returns what
 * it served last, so the test names what is missing.
 */
async function servedOnce(wanted: string[], timeoutMs = 120_000): Promise<Set<string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${restate.nodeUrl}/metrics`);
    expect(res.status).toBe(200);
    const served = names(await res.text());
    if (wanted.every((n) => served.has(n)) || Date.now() > deadline) {
      return served;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('Restate metrics on the node port', () => {
  it('serves every metric the dashboard queries, with samples', async () => {
    const wanted = [...new Set(METRICS_PANELS.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr))))];
    expect(wanted.length).toBeGreaterThan(8);
    const served = await servedOnce(wanted);
    expect(wanted.filter((n) => !served.has(n))).toEqual([]);
  });

  it('serves the ingress requests of the invocations made, by service', async () => {
    const text = await (await fetch(`${restate.nodeUrl}/metrics`)).text();
    expect(text).toMatch(
      /^restate_ingress_requests_total\{[^}]*status="completed",rpc_service="greeter"[^}]*\} [1-9]/m
    );
  });

  it('still matches the recorded sample the unit tests read', async () => {
    const sample = fs.readFileSync(
      path.join(process.cwd(), 'src/api/__fixtures__/metrics/restate-1.7.12-node-metrics.txt'),
      'utf8'
    );
    const recorded = [...names(sample)].filter((n) => n.startsWith('restate_ingress') || n.startsWith('restate_num_'));
    expect(recorded.length).toBeGreaterThan(3);
    const served = await servedOnce(recorded);
    expect(recorded.filter((n) => !served.has(n))).toEqual([]);
  });
});
