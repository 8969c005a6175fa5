import type { Page } from '@playwright/test';
import { expect, localStackDataSources, test } from './fixtures';

// The stack's log and trace pipeline, read through Grafana's data source proxy with the provisioned Loki and Tempo:
// Alloy ships Restate's stdout AND stderr (WARN/ERROR go to stderr) labelled kubernetes_container_name="restate",
// Restate exports spans to Tempo, and an invocation id found in a log line finds its trace (and back: the Tempo
// trace-to-logs query is `{kubernetes_container_name="restate"} |= "<invocation id>"`).

interface LokiStream {
  stream: Record<string, string>;
  values: Array<[string, string]>;
}

async function loki(page: Page, uid: string, query: string): Promise<LokiStream[]> {
  const params = new URLSearchParams({ query, since: '1h', limit: '100', direction: 'backward' });
  const res = await page.request.get(`/api/datasources/proxy/uid/${uid}/loki/api/v1/query_range?${params}`);
  expect(res.ok()).toBe(true);
  return (await res.json()).data.result as LokiStream[];
}

const POLL = { timeout: 90_000, intervals: [2_000] };

test('Restate stdout and stderr reach Loki as kubernetes_container_name="restate"', async ({ page }) => {
  const { loki: lokiDs } = localStackDataSources();
  await page.goto('/');
  for (const stream of ['stdout', 'stderr']) {
    await expect
      .poll(
        async () => (await loki(page, lokiDs.uid, `{kubernetes_container_name="restate", stream="${stream}"}`)).length,
        {
          message: `Restate ${stream} lines in Loki`,
          ...POLL,
        }
      )
      .toBeGreaterThan(0);
  }
});

test('an invocation id from a Restate log line finds its trace in Tempo, and the trace-to-logs query finds the line', async ({
  page,
}) => {
  const { loki: lokiDs, tempo } = localStackDataSources();
  await page.goto('/');
  // greeter/flaky fails twice before succeeding: Restate logs a WARN with the invocation id on stderr
  let invocationId = '';
  await expect
    .poll(
      async () => {
        const streams = await loki(
          page,
          lokiDs.uid,
          '{kubernetes_container_name="restate"} |= "greeter/flaky" |= "restate.invocation.id"'
        );
        const line = streams
          .flatMap((s) => s.values.map((v) => v[1]))
          .find((l) => /"restate\.invocation\.id":"inv_/.test(l));
        invocationId = line ? /"restate\.invocation\.id":"(inv_[0-9A-Za-z]+)"/.exec(line)![1] : '';
        return invocationId;
      },
      { message: 'a flaky invocation logged by Restate', ...POLL }
    )
    .toMatch(/^inv_/);

  const traceQl = `{ .restate.invocation.id = "${invocationId}" }`;
  await expect
    .poll(
      async () => {
        const end = Math.floor(Date.now() / 1000);
        const params = new URLSearchParams({ q: traceQl, start: String(end - 3600), end: String(end) });
        const res = await page.request.get(`/api/datasources/proxy/uid/${tempo.uid}/api/search?${params}`);
        return res.ok() ? ((await res.json()).traces ?? []).length : -1;
      },
      { message: `Tempo traces for ${traceQl}`, ...POLL }
    )
    .toBeGreaterThan(0);

  const back = await loki(page, lokiDs.uid, `{kubernetes_container_name="restate"} |= "${invocationId}"`);
  expect(back.length).toBeGreaterThan(0);
});
