import { readFileSync, existsSync } from 'fs';
import { join } from 'path';

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
