// Process bookkeeping for the bench: every child started here is stopped by this process
// (normal exit, error, Ctrl-C), by pid only.
import { spawn } from 'node:child_process';

const children = new Set();
const exitPids = new Set();

/** Servers started by other modules (the harness): SIGTERM them if this process exits without stopping them. */
export function killPidOnExit(pid) {
  exitPids.add(pid);
  return () => exitPids.delete(pid);
}

// Last resort: if this process exits without stopping them (uncaught error), signal the children.
process.on('exit', () => {
  for (const c of children) {
    try {
      c.kill('SIGTERM');
    } catch {}
  }
  for (const pid of exitPids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {}
  }
});

export function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export function spawnTracked(cmd, args, opts) {
  return track(spawn(cmd, args, opts));
}

export async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const done = new Promise((r) => child.once('exit', r));
  try {
    child.kill('SIGTERM');
  } catch {}
  const t = setTimeout(() => {
    try {
      child.kill('SIGKILL');
    } catch {}
  }, graceMs);
  await done;
  clearTimeout(t);
}

export async function stopAll() {
  await Promise.all([...children].map((c) => stopChild(c)));
}

let installed = false;
export function installSignalHandlers(cleanup) {
  if (installed) {
    return;
  }
  installed = true;
  const onSignal = async (sig) => {
    console.error(`\n[bench] ${sig}: stopping servers...`);
    try {
      await cleanup();
    } finally {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
