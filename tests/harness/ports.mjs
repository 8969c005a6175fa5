// Free loopback ports and small waiting helpers shared by the harness modules.
import net from 'node:net';

/**
 * A TCP port that is free on 127.0.0.1 right now (the OS picks it; we release it at once).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `n` distinct free ports on 127.0.0.1 (held open together so none repeats).
 * @param {number} n
 * @returns {Promise<number[]>}
 */
export async function freePorts(n) {
  /** @type {net.Server[]} */
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      srv.unref();
      await new Promise((resolve, reject) => {
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve(undefined));
      });
      servers.push(srv);
    }
    return servers.map((s) => {
      const addr = s.address();
      return typeof addr === 'object' && addr ? addr.port : 0;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
  }
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @type {Set<() => void>} */
const exitCleanups = new Set();
let exitHookInstalled = false;

/**
 * Runs `cleanup` (synchronously) if this process exits before the returned function is called: a crashed or
 * interrupted test run then leaves no restate-server, test service or temp dir behind.
 * @param {() => void} cleanup
 * @returns {() => void} call when the resource was released normally
 */
export function onExit(cleanup) {
  exitCleanups.add(cleanup);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of exitCleanups) {
        try {
          c();
        } catch {
          // best effort while exiting
        }
      }
    });
  }
  return () => exitCleanups.delete(cleanup);
}

/**
 * Kills `child` when this process exits without having stopped it.
 * @param {import('node:child_process').ChildProcess} child
 */
export function killOnExit(child) {
  const release = onExit(() => child.kill('SIGKILL'));
  child.once('exit', release);
}

/**
 * Starts `server` on a free 127.0.0.1 port and gives its base URL and a close() that also drops kept-alive
 * connections (so a test's afterAll never hangs on them).
 * @param {import('node:http').Server} server
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function listenOnLoopback(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}
