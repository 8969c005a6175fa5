// Many deployments for the scale tests: one SDK test-service process (`startTestService({ services: ['fleet'] })`)
// answers under any path prefix (the SDK reads only the last path segments: .../discover, .../invoke/<svc>/<h>),
// so <url>/p0 … <url>/pN are distinct deployments to Restate. Measured on 2 busy cores against restate-server
// 1.7.12: Restate rewrites its whole schema registry per registration, so each takes longer as the list grows,
// and parallel ones conflict on it (500 "retries for operation on key 'schema_registry' exhausted"; 3 in flight
// were slower than 1). One at a time, the one-handler `tiny` service: 100 in 15 s, the next 100 in 37 s; the
// 4-handler `fleet` service about three times that. Hence one lane by default.
import { registerDeployment } from './testService.mjs';

/**
 * Registers `count` deployments `<serviceUrl>/<prefix><i>` for i in [from, from + count), `concurrency` at a
 * time (default 1; batches in order, so the newest is the one with the highest i), and
 * returns them in i order.
 * @param {string} adminUrl
 * @param {string} serviceUrl
 * @param {{ count: number, from?: number, prefix?: string, concurrency?: number,
 *   metadata?: (i: number) => Record<string, string> | undefined }} opts
 * @returns {Promise<Array<{ id: string, uri: string }>>}
 */
export async function registerFleet(adminUrl, serviceUrl, opts) {
  const { count, from = 0, prefix = 'p', concurrency = 1, metadata } = opts;
  /** @type {Array<{ id: string, uri: string }>} */
  const out = new Array(count);
  for (let start = 0; start < count; start += concurrency) {
    const batch = [];
    for (let j = start; j < Math.min(count, start + concurrency); j++) {
      const uri = `${serviceUrl}/${prefix}${from + j}`;
      batch.push(
        registerDeployment(adminUrl, uri, { force: false, metadata: metadata?.(from + j) }).then((d) => {
          out[j] = { id: d.id, uri };
        })
      );
    }
    await Promise.all(batch);
  }
  return out;
}
