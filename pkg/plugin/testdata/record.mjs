// Re-records the Arrow IPC answers the Go tests read: run `node pkg/plugin/testdata/record.mjs` from the repo
// root. It starts the npm restate-server (1.7.12) and the SDK test service on loopback, creates invocations
// that leave NULLs in sys_invocation (a success, a terminal failure, a suspended call), and stores Restate's
// raw answers to POST /query (Accept: Arrow IPC, as the backend asks) beside this file.
import fs from 'node:fs';
import path from 'node:path';
import { startRestate } from '../../../tests/harness/restate.mjs';
import { startTestService, registerDeployment } from '../../../tests/harness/testService.mjs';
import { sleep } from '../../../tests/harness/ports.mjs';

const OUT = path.join('pkg', 'plugin', 'testdata');
const ARROW = 'application/vnd.apache.arrow.stream';

/** The recordings, by file name; the Go tests assert on their content. */
const QUERIES = {
  'invocations.arrow':
    "SELECT id, target, target_service_name, status, created_at, completed_at, retry_count, completion_result, completion_failure FROM sys_invocation WHERE target_service_name = 'greeter' ORDER BY created_at",
  'services.arrow': 'SELECT name, revision, public, ty, deployment_id FROM sys_service ORDER BY name',
  'series.arrow':
    "SELECT date_bin(INTERVAL '1 second', created_at) AS time, target_handler_name AS handler, count(*) AS invocations FROM sys_invocation GROUP BY 1, 2 ORDER BY 1 DESC, 2",
  'many.arrow': 'SELECT value AS n, value % 2 = 0 AS even FROM generate_series(1, 20000)',
  'empty.arrow': "SELECT id, created_at FROM sys_invocation WHERE target = 'nobody/none'",
};
const ERRORS = {
  'error_syntax.json': 'SELEC 1',
  'error_unknown_table.json': 'SELECT * FROM sys_nope',
};

const restate = await startRestate({ env: { RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT: '1s' } });
const service = await startTestService();
try {
  await registerDeployment(restate.adminUrl, service.url);
  const call = (p, body) =>
    fetch(`${restate.ingressUrl}/${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await call('greeter/greet', 'Ada');
  await call('greeter/fail', {});
  await call('greeter/slow/send', { seconds: 600 });
  const query = (sql, accept) =>
    fetch(`${restate.adminUrl}/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query: sql }),
    });
  for (let i = 0; ; i++) {
    const res = await query("SELECT status FROM sys_invocation WHERE target = 'greeter/slow'", 'application/json');
    const { rows } = await res.json();
    if (rows[0]?.status === 'suspended') {
      break;
    }
    if (i > 300) {
      throw new Error(`greeter/slow did not suspend: ${JSON.stringify(rows)}`);
    }
    await sleep(100);
  }
  for (const [file, sql] of Object.entries(QUERIES)) {
    const res = await query(sql, ARROW);
    if (!res.ok || res.headers.get('content-type') !== ARROW) {
      throw new Error(`${file}: ${res.status} ${res.headers.get('content-type')} ${await res.text()}`);
    }
    fs.writeFileSync(path.join(OUT, file), Buffer.from(await res.arrayBuffer()));
    console.log(`recorded ${file}`);
  }
  for (const [file, sql] of Object.entries(ERRORS)) {
    const res = await query(sql, ARROW);
    const rec = {
      query: sql,
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: await res.text(),
    };
    fs.writeFileSync(path.join(OUT, file), JSON.stringify(rec, null, 2) + '\n');
    console.log(`recorded ${file} (${res.status})`);
  }
} finally {
  await service.stop();
  await restate.stop();
}
