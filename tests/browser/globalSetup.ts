import type { FullConfig } from '@playwright/test';
import fs from 'node:fs';
import { SCREENSHOT_DIR } from './paths';

// Starts everything the specs share, once per run, and returns the teardown that stops it all:
// the host's browser bundle (built once), a real restate-server, the SDK test service registered
// with it, a bearer-token gate in front of the admin API (Restate Cloud's auth stand-in), and the host.
// Workers learn the addresses through environment variables (Playwright passes the setup's env on).
export default async function globalSetup(_config: FullConfig) {
  const started = Date.now();
  const { buildVendor } = await import('./host/vendor.mjs');
  const { startHost } = await import('./host/server.mjs');
  const { startBearerGate } = await import('./host/bearerGate.mjs');
  const { startRestate } = await import('../harness/restate.mjs');
  const { startTestService, registerDeployment } = await import('../harness/testService.mjs');

  // Screenshots are this run's: none left over from an earlier one.
  fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });

  const stops: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((e: unknown) => console.error('browser tier teardown:', e));
    }
    console.log(`browser tier: took ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  };
  try {
    const [vendor, restate, service] = await Promise.all([buildVendor(), startRestate(), startTestService()]);
    stops.push(service.stop, restate.stop);
    await registerDeployment(restate.adminUrl, service.url);
    const token = 'browser-tier-token';
    const gate = await startBearerGate({ target: restate.adminUrl, token });
    stops.push(gate.close);
    const host = await startHost();
    stops.push(host.close);

    process.env.BROWSER_HOST_URL = host.url;
    process.env.RESTATE_ADMIN_URL = restate.adminUrl;
    process.env.RESTATE_INGRESS_URL = restate.ingressUrl;
    process.env.RESTATE_SERVICE_URL = service.url;
    process.env.RESTATE_GATED_ADMIN_URL = gate.url;
    process.env.RESTATE_GATE_TOKEN = token;
    console.log(
      `browser tier: host ${host.url}, restate admin ${restate.adminUrl} (vendor bundle ${vendor.ms} ms, setup ${Date.now() - started} ms)`
    );
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
