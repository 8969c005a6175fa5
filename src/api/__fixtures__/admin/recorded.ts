import { readFileSync, existsSync } from 'fs';
import { join } from 'path';
import { of, throwError } from 'rxjs';
import { setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';

/** A recorded Restate response: status and body (JSON parsed, text kept as text) as BackendSrv delivers them. */
export function recorded(name: string): { status: number; data: unknown } {
  const dir = __dirname;
  const status = Number(/HTTP\/1\.1 (\d+)/.exec(readFileSync(join(dir, `${name}.headers.txt`), 'utf8'))?.[1]);
  const json = join(dir, `${name}.json`);
  const data = existsSync(json)
    ? JSON.parse(readFileSync(json, 'utf8'))
    : readFileSync(join(dir, `${name}.body`), 'utf8');
  return { status, data };
}

/**
 * Installs a BackendSrv whose `fetch` answers every request with the next recorded response and
 * records what was asked, so tests see the exact request the plugin would send through the proxy.
 */
export function replayBackendSrv(...names: string[]): { requests: BackendSrvRequest[] } {
  const requests: BackendSrvRequest[] = [];
  const queue = [...names];
  setBackendSrv({
    fetch: (req: BackendSrvRequest) => {
      requests.push(req);
      const name = queue.shift();
      if (!name) {
        throw new Error(`unexpected request ${req.method} ${req.url}`);
      }
      const res = recorded(name);
      return res.status >= 400
        ? throwError(() => ({ status: res.status, statusText: '', data: res.data }))
        : of({ data: res.data, status: res.status, ok: true });
    },
  } as unknown as BackendSrv);
  return { requests };
}
