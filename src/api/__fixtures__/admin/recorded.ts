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

/** The JSON body of the recorded request (its meta file's `request-body:` line). */
export function recordedRequestBody(name: string): Record<string, unknown> {
  const meta = readFileSync(join(__dirname, `${name}.meta.txt`), 'utf8');
  const line = meta.split('\n').find((l) => l.startsWith('request-body: '));
  if (!line) {
    throw new Error(`${name}.meta.txt records no request body`);
  }
  return JSON.parse(line.slice('request-body: '.length));
}

/** What the plugin sends for the recorded dry-run registration: the recorded body with the flags it always sends. */
export const registerDryRunBody = () => ({
  ...recordedRequestBody('deployment_register_dryrun'),
  use_http_11: false,
  force: false,
  breaking: false,
});
