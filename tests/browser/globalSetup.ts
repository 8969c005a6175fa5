import type { FullConfig } from '@playwright/test';

// Starts everything the specs share, once per run, and returns the teardown that stops it all:
// the host's page bundle (built once per run), a real restate-server, the SDK test service registered
// with it, a bearer-token gate in front of the admin API (Restate Cloud's auth stand-in), and the host.
// Workers learn the addresses through environment variables (Playwright passes the setup's env on).
export default async function globalSetup(_config: FullConfig) {
  const started = Date.now();
  const { buildVendor } = await import('./host/vendor.mjs');
  const { startHost } = await import('./host/server.mjs');
  const { startBearerGate } = await import('./host/bearerGate.mjs');
  const { startRestate } = await import('../harness/restate.mjs');
  const { startTestService, registerDeployment } = await import('../harness/testService.mjs');

  const stops: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((e: unknown) => console.error('browser tier teardown:', e));
    }
    console.log(`browser tier: took ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  };
  try {
    // In parallel; whatever started is stopped again even when another part failed.
    const [vendor, restate, service] = await Promise.allSettled([buildVendor(), startRestate(), startTestService()]);
    for (const r of [vendor, restate, service]) {
      if (r.status === 'fulfilled') {
        stops.push('remove' in r.value ? r.value.remove : r.value.stop);
      }
    }
    for (const r of [vendor, restate, service]) {
      if (r.status === 'rejected') {
        throw r.reason;
      }
    }
    if (vendor.status !== 'fulfilled' || restate.status !== 'fulfilled' || service.status !== 'fulfilled') {
      throw new Error('unreachable');
    }
    await registerDeployment(restate.value.adminUrl, service.value.url);
    const token = 'browser-tier-token';
    const gate = await startBearerGate({ target: restate.value.adminUrl, token });
    stops.push(gate.close);
    const host = await startHost({ vendorDir: vendor.value.dir, line: vendor.value.line });
    stops.push(host.close);

    process.env.BROWSER_HOST_URL = host.url;
    // A spec that restarts "Grafana" starts its own host from the same page bundle.
    process.env.BROWSER_VENDOR_DIR = vendor.value.dir;
    process.env.BROWSER_GRAFANA_LINE = vendor.value.line;
    process.env.RESTATE_ADMIN_URL = restate.value.adminUrl;
    process.env.RESTATE_INGRESS_URL = restate.value.ingressUrl;
    process.env.RESTATE_SERVICE_URL = service.value.url;
    process.env.RESTATE_GATED_ADMIN_URL = gate.url;
    process.env.RESTATE_GATE_TOKEN = token;
    console.log(
      `browser tier: Grafana ${vendor.value.line} host ${host.url}, restate admin ${restate.value.adminUrl} (page bundle ${vendor.value.ms} ms, setup ${Date.now() - started} ms)`
    );
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
