// Runs the SDK test service (tests/fixtures/service/service.mjs) as a child process on a free loopback
// port (h2c), and registers it with a Restate admin API.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort, killOnExit, sleep } from './ports.mjs';

/**
 * @typedef {object} TestService
 * @property {string} url   e.g. http://127.0.0.1:41236 (the URI to register)
 * @property {number} pid
 * @property {() => string} output  stdout + stderr of the service so far (SDK logs)
 * @property {() => Promise<void>} stop
 */

/**
 * @param {{ port?: number, servicePath?: string, timeoutMs?: number, services?: string[] }} [opts]
 *   servicePath defaults to tests/fixtures/service/service.mjs under the working directory (the repo root).
 *   services: which of its services to serve (default greeter, counter, signup; `timeline` only on request).
 * @returns {Promise<TestService>}
 */
export async function startTestService(opts = {}) {
  const port = opts.port ?? (await freePort());
  const servicePath = opts.servicePath ?? path.join(process.cwd(), 'tests', 'fixtures', 'service', 'service.mjs');
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const child = spawn(process.execPath, [servicePath], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TEST_SERVICES: (opts.services ?? []).join(',') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  let running = true;
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      // service.mjs exits on SIGTERM (server.close() alone would wait for Restate's pooled HTTP/2 connection).
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };

  const deadline = Date.now() + timeoutMs;
  while (!output.includes('listening')) {
    if (!running || Date.now() > deadline) {
      await stop();
      throw new Error(`test service did not start:\n${output.slice(-2000)}`);
    }
    await sleep(25);
  }
  return { url: `http://127.0.0.1:${port}`, pid: /** @type {number} */ (child.pid), output: () => output, stop };
}

/**
 * Registers a deployment directly with the admin API (not through the proxy), retrying server errors and
 * refused connections until the cluster accepts it (4xx fails at once). Sends `force` explicitly (DESIGN §3); default true so re-registering the same URI works.
 * @param {string} adminUrl
 * @param {string} serviceUrl
 * @param {{ additionalHeaders?: Record<string, string>, force?: boolean, timeoutMs?: number, metadata?: Record<string, string> }} [opts]
 * @returns {Promise<{ id: string, services: Array<{ name: string }> } & Record<string, unknown>>}
 */
export async function registerDeployment(adminUrl, serviceUrl, opts = {}) {
  const { additionalHeaders, force = true, timeoutMs = 20_000 } = opts;
  /** @type {Record<string, unknown>} */
  const body = { uri: serviceUrl, force };
  if (additionalHeaders) {
    body.additional_headers = additionalHeaders;
  }
  if (opts.metadata) {
    body.metadata = opts.metadata;
  }
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${adminUrl}/deployments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.ok) {
        return JSON.parse(text);
      }
      last = `${res.status} ${text}`;
      if (res.status >= 400 && res.status < 500) {
        break; // a client error does not heal by retrying
      }
    } catch (e) {
      last = String(e);
    }
    await sleep(100);
  }
  throw new Error(`registering ${serviceUrl} at ${adminUrl} failed: ${last}`);
}
