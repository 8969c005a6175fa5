// A bearer-token gate in front of a real restate-server, standing in for Restate Cloud's authentication
// (a self-hosted restate-server checks no token; Restate Cloud answers 401 to a missing or wrong one, see
// the seeds' `curl -H "Authorization: Bearer $(cat /token)" https://<cluster>...`). Requests with the right
// token are passed through unchanged; the rest get 401. Binds 127.0.0.1 on a free port.
import http from 'node:http';
import { listenOnLoopback } from '../../harness/ports.mjs';

/**
 * @param {{ target: string, token: string }} opts  target: e.g. the admin URL of the real server
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startBearerGate({ target, token }) {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      req.resume();
      const body = JSON.stringify({ message: 'Unauthorized: missing or invalid bearer token' });
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      res.end(body);
      return;
    }
    const { host: _host, ...headers } = req.headers;
    const out = http.request(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      }
    );
    out.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(502);
      }
      res.end();
    });
    req.pipe(out);
  });
  return listenOnLoopback(server);
}
