// Starts restate-server on a reusable data dir + the SDK test service and registers the deployment,
// through the project's test harness (tests/harness/restate.mjs, tests/harness/testService.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { killPidOnExit } from './procs.mjs';

// Completed invocations are kept for the journal retention (1 day by default, fixed per invocation when
// it is created): raise it so a loaded data dir stays loaded between bench runs.
async function keepCompletedInvocations(adminUrl) {
  for (const svc of ['greeter', 'counter']) {
    const r = await fetch(`${adminUrl}/services/${svc}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      // journal retention alone is capped at the idempotency retention (measured on 1.7.12)
      body: JSON.stringify({ journal_retention: '3650 days', idempotency_retention: '3650 days' }),
    });
    if (!r.ok) {
      throw new Error(`PATCH /services/${svc}: ${r.status} ${await r.text()}`);
    }
  }
}

/** The cluster a data dir belongs to (a copied data dir keeps its name: Restate refuses to open it as another). */
function clusterNameOf(restateData, fallback) {
  try {
    return JSON.parse(fs.readFileSync(path.join(restateData, 'harness-node', '.cluster-marker'), 'utf8')).cluster_name;
  } catch {
    return fallback;
  }
}

export async function startServers({ name, dataDir }) {
  const harness = path.resolve('tests/harness');
  const { startRestate } = await import(path.join(harness, 'restate.mjs'));
  const { startTestService, registerDeployment } = await import(path.join(harness, 'testService.mjs'));
  const restateData = path.join(dataDir, 'restate-data');
  const reused = fs.existsSync(restateData);
  // The SDK logs every terminal failure with a stack trace; the harness keeps the service output in memory.
  process.env.RESTATE_LOGGING = 'ERROR';
  const restate = await startRestate({
    dataDir: restateData,
    clusterName: clusterNameOf(restateData, `bench-${name}`),
    logFilter: 'warn',
    timeoutMs: 120_000,
  });
  const untrackRestate = killPidOnExit(restate.pid);
  let service;
  let untrackService = () => {};
  try {
    service = await startTestService();
    untrackService = killPidOnExit(service.pid);
    await registerDeployment(restate.adminUrl, service.url);
    await keepCompletedInvocations(restate.adminUrl);
  } catch (e) {
    await service?.stop();
    await restate.stop();
    throw e;
  }
  return {
    adminUrl: restate.adminUrl,
    ingressUrl: restate.ingressUrl,
    reused,
    stop: async () => {
      await service.stop();
      untrackService();
      await restate.stop();
      untrackRestate();
    },
  };
}
