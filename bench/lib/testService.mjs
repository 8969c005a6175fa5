// Start the bench's test service as a child process and register it with Restate.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTracked, stopChild, freePort, portIsFree, sleep } from './procs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startServiceLocal({ port, logFile } = {}) {
  if (!port || !(await portIsFree(port))) {
    port = await freePort();
  }
  // the SDK logs every terminal failure with a stack trace: keep that out of the bench output
  const err = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawnTracked(process.execPath, [path.join(here, 'service.mjs'), String(port)], {
    stdio: ['ignore', 'pipe', err],
    env: { ...process.env, RESTATE_LOGGING: 'ERROR' },
  });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('test service did not start in 20 s')), 20_000);
    child.stdout.on('data', (d) => {
      if (String(d).includes('listening')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (c) => reject(new Error(`test service exited with ${c}`)));
  });
  child.stdout.resume();
  return { url: `http://127.0.0.1:${port}`, port, child, stop: () => stopChild(child) };
}

export async function registerLocal(adminUrl, uri) {
  let last;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${adminUrl}/deployments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uri, force: true }),
      });
      last = `${r.status} ${await r.text()}`;
      if (r.ok) {
        return JSON.parse(last.slice(4));
      }
    } catch (e) {
      last = String(e);
    }
    await sleep(150);
  }
  throw new Error(`registering ${uri} failed: ${last}`);
}
