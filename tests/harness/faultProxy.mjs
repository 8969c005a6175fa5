// A recording HTTP proxy in front of a real server (Restate's admin API), for fault and load tests: it forwards
// every request as is, logs what the upstream answered and whether that answer reached the client, and lets a
// test decide per request to answer itself (e.g. a 429 with Retry-After) or to lose the answer (forward, let the
// upstream apply it, then drop the connection, as when Restate dies right after applying an action).
import http from 'node:http';
import { listenOnLoopback } from './ports.mjs';

/**
 * @typedef {object} FaultLogEntry
 * @property {string} method
 * @property {string} path      the request's path and query
 * @property {number} at        epoch ms when it arrived
 * @property {number} [status]  what the upstream answered (undefined: no answer, see `error`)
 * @property {string} [error]   the transport error reaching the upstream (e.g. ECONNREFUSED)
 * @property {boolean} delivered the client got the upstream's answer
 * @property {boolean} [answeredByProxy] the test's `onRequest` answered instead of the upstream
 * @property {number} [doneAt] epoch ms when the exchange ended (answered or dropped): with `at`, how many overlap
 */

/**
 * @typedef {undefined
 *   | { answer: { status: number, headers?: Record<string, string>, body?: string } }
 *   | { loseAnswer: true, afterUpstream?: () => Promise<void> | void }} FaultVerdict
 */

/**
 * @param {{ target: string | (() => string),
 *   onRequest?: (req: { method: string, path: string }) => FaultVerdict | Promise<FaultVerdict> }} opts
 * @returns {Promise<{ url: string, log: FaultLogEntry[], close: () => Promise<void> }>}
 */
export async function startFaultProxy({ target, onRequest }) {
  /** @type {FaultLogEntry[]} */
  const log = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) {
      chunks.push(c);
    }
    const body = Buffer.concat(chunks);
    /** @type {FaultLogEntry} */
    const entry = { method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now(), delivered: false };
    log.push(entry);
    res.once('close', () => (entry.doneAt = Date.now()));
    const verdict = await onRequest?.({ method: entry.method, path: entry.path });
    if (verdict && 'answer' in verdict) {
      entry.answeredByProxy = true;
      entry.status = verdict.answer.status;
      res.writeHead(verdict.answer.status, verdict.answer.headers ?? {});
      res.end(verdict.answer.body ?? '');
      entry.delivered = true;
      return;
    }
    const base = typeof target === 'function' ? target() : target;
    const up = http.request(new URL(entry.path, base), { method: entry.method, headers: req.headers }, (r) => {
      entry.status = r.statusCode;
      const answer = [];
      r.on('data', (c) => answer.push(c));
      r.on('end', async () => {
        if (verdict && 'loseAnswer' in verdict) {
          await verdict.afterUpstream?.();
          res.destroy();
          return;
        }
        res.writeHead(r.statusCode ?? 502, r.headers);
        res.end(Buffer.concat(answer));
        entry.delivered = true;
      });
      r.on('error', () => res.destroy());
    });
    up.on('error', (e) => {
      entry.error = /** @type {NodeJS.ErrnoException} */ (e).code ?? e.message;
      res.destroy();
    });
    up.end(body);
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, log, close };
}
