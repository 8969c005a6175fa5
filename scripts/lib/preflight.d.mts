/** True when `port` can be listened on (on every address, as Docker publishes ports). */
export function canListen(port: number): Promise<boolean>;
/** Listening TCP sockets from `ss -ltnpH` output: port → the processes ss names. */
export function parseSs(output: string): Map<number, string[]>;
/** What `npm run server` needs before it starts the Docker stack, each problem in one line. */
export function preflight(deps?: {
  run?: (
    cmd: string,
    args: string[]
  ) => { status: number | null; stdout: string; stderr: string; error?: { code?: string; message: string } };
  canListen?: (port: number) => Promise<boolean>;
  platform?: string;
}): Promise<{ problems: string[]; compose?: string[]; docker: boolean }>;
export const PORTS: Array<{ port: number; what: string }>;
