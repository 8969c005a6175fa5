import http from 'node:http';
import { test, expect, openPage, APP_ID } from '../fixtures';

// Issue #19 item 1, "Loki or Tempo down while linking": an invocation's page checks the Loki and Tempo its cluster
// links to (Grafana's Loki health check, Tempo's echo through the data source proxy) and says which one is not
// answering before the user follows the link. The link stays (Explore shows the error, and Tempo may be back by
// then); the warning goes by itself once the data source answers again. A data source Grafana does not have gets
// no link. Neither real Loki nor Tempo can be built here (tests/browser/README.md), so "back" is a listener on the
// same port answering the two requests Grafana's checks make; "down" is nothing listening there, as when either
// process is stopped.

const run = Date.now().toString(36);

/** Answers what Grafana's checks ask of Loki (an instant query of vector(1)+vector(1)) and Tempo (/api/echo). */
function startStandIn(port: number, kind: 'loki' | 'tempo'): Promise<() => Promise<void>> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (kind === 'loki' && path === '/loki/api/v1/query') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [4, '2'] }] } })
      );
    } else if (kind === 'tempo' && path === '/api/echo') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('echo');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve(
        () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          })
      )
    );
  });
}

test('a Loki and a Tempo that are down are said so on the invocation, links kept; the warnings go once they answer', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const { freePorts } = await import('../../harness/ports.mjs');
  const [lokiPort, tempoPort] = await freePorts(2);
  const lokiUid = `down-loki-${run}`;
  const tempoUid = `down-tempo-${run}`;
  const stops: Array<() => Promise<void>> = [];
  for (const [uid, type, port] of [
    [lokiUid, 'loki', lokiPort],
    [tempoUid, 'tempo', tempoPort],
  ] as const) {
    const created = await host.api('POST', '/api/datasources', {
      uid,
      name: `${type} down ${run}`,
      type,
      access: 'proxy',
      url: `http://127.0.0.1:${port}`,
    });
    expect(created.status).toBe(200);
  }
  try {
    const { invocationId } = await restate.invoke<{ invocationId: string }>('greeter', 'greet', 'Down', {
      send: true,
      idempotencyKey: `linked-down-${run}`,
    });
    const ds = await host.createDataSource({ name: `Linked down ${run}`, jsonData: { lokiUid, tempoUid } });
    // A Viewer: the checks need only what Viewers have (querying), not reading data source settings.
    await host.setRole('Viewer');
    await openPage(page, `/a/${APP_ID}/invocations/${invocationId}?cluster=${ds.uid}`);
    await expect(page.getByText('greeter/greet').first()).toBeVisible();

    const lokiDown = page.getByLabel('Loki is not answering');
    const tempoDown = page.getByLabel('Tempo is not answering');
    await expect(lokiDown).toBeVisible();
    await expect(lokiDown).toContainText(lokiUid);
    await expect(lokiDown).toContainText('There was an error returned querying the Loki API');
    await expect(tempoDown).toBeVisible();
    await expect(tempoDown).toContainText('could not reach Tempo');
    await expect(tempoDown).toContainText('still opens Explore');
    await saveScreenshot('linked-down', { focus: page.locator('[aria-label$="is not answering"]').first() });

    // Following the link anyway lands in Explore on the invocation's trace, where Grafana will show Tempo's error.
    const trace = page.getByRole('link', { name: 'Trace in Explore' });
    await expect(trace).toBeVisible();
    await trace.click();
    await expect(page).toHaveURL(/\/explore\?/);
    const panes = JSON.parse(new URL(page.url()).searchParams.get('panes')!);
    expect((Object.values(panes)[0] as { datasource: string }).datasource).toBe(tempoUid);
    await page.goBack();
    await expect(lokiDown).toBeVisible();

    // Back: Loki's warning goes by itself at the next check (every 15 s while down); Tempo's on "Check now".
    stops.push(await startStandIn(lokiPort, 'loki'), await startStandIn(tempoPort, 'tempo'));
    await tempoDown.getByRole('button', { name: 'Check now' }).click();
    await expect(tempoDown).toBeHidden();
    await expect(lokiDown).toBeHidden({ timeout: 60_000 });
    await expect(page.getByRole('link', { name: 'Logs in Explore' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Trace in Explore' })).toBeVisible();
    await saveScreenshot('linked-back');
    expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
  } finally {
    await Promise.all(stops.map((stop) => stop()));
    await host.setRole('Admin');
    for (const uid of [lokiUid, tempoUid]) {
      await host.api('DELETE', `/api/datasources/uid/${uid}`);
    }
  }
});

test('a linked Tempo that Grafana does not have: no link that cannot work, and what to do', async ({
  page,
  host,
  restate,
  pageProblems,
}) => {
  const { invocationId } = await restate.invoke<{ invocationId: string }>('greeter', 'greet', 'Gone', {
    send: true,
    idempotencyKey: `linked-gone-${run}`,
  });
  const ds = await host.createDataSource({
    name: `Linked gone ${run}`,
    jsonData: { tempoUid: `deleted-tempo-${run}` },
  });
  await openPage(page, `/a/${APP_ID}/invocations/${invocationId}?cluster=${ds.uid}`);
  const gone = page.getByLabel('Tempo not found');
  await expect(gone).toBeVisible();
  await expect(gone).toContainText(`deleted-tempo-${run}`);
  await expect(gone).toContainText('Restate data source settings');
  await expect(page.getByRole('button', { name: 'Trace in Explore' })).toBeDisabled();
  await expect(page.getByRole('link', { name: 'Trace in Explore' })).toHaveCount(0);
  expect(pageProblems).toEqual({ errors: [], failedLoads: [] });
});
