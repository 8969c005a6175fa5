// Generated from the JSDoc of ports.mjs; regenerate with the command in tests/harness/README.md.
/**
 * A TCP port that is free on 127.0.0.1 right now (the OS picks it; we release it at once).
 * @returns {Promise<number>}
 */
export function freePort(): Promise<number>;
/**
 * `n` distinct free ports on 127.0.0.1 (held open together so none repeats).
 * @param {number} n
 * @returns {Promise<number[]>}
 */
export function freePorts(n: number): Promise<number[]>;
/**
 * Runs `cleanup` (synchronously) if this process exits before the returned function is called: a crashed or
 * interrupted test run then leaves no restate-server, test service or temp dir behind.
 * @param {() => void} cleanup
 * @returns {() => void} call when the resource was released normally
 */
export function onExit(cleanup: () => void): () => void;
/**
 * Kills `child` when this process exits without having stopped it.
 * @param {import('node:child_process').ChildProcess} child
 */
export function killOnExit(child: import('node:child_process').ChildProcess): void;
export function sleep(ms: number): Promise<any>;
/**
 * Starts `server` on a free 127.0.0.1 port and gives its base URL and a close() that also drops kept-alive
 * connections (so a test's afterAll never hangs on them).
 * @param {import('node:http').Server} server
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function listenOnLoopback(server: import('node:http').Server): Promise<{
    url: string;
    close: () => Promise<void>;
}>;
