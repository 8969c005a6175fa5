// Runs the browser tier's test host (tests/browser/host) in its own process, so that the bench measures
// it from outside and a failure in it cannot take the bench down. Prints {"url": ...} once listening;
// stops (and removes its page bundle) on SIGTERM/SIGINT. Usage: node hostProcess.mjs <distDir>
import path from 'node:path';

const dir = path.resolve('tests/browser/host');
const { buildVendor } = await import(path.join(dir, 'vendor.mjs'));
const { startHost } = await import(path.join(dir, 'server.mjs'));
const vendor = await buildVendor();
let host;
const stop = async () => {
  await host?.close().catch(() => {});
  await vendor.remove?.();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
try {
  host = await startHost({ vendorDir: vendor.dir, distDir: process.argv[2] });
} catch (e) {
  console.error(e);
  await vendor.remove?.();
  process.exit(1);
}
host.setRole?.('Admin');
console.log(JSON.stringify({ url: host.url, vendorMs: vendor.ms }));
// (the parent's stdin closing means the bench is gone: stop too)
process.stdin.on('end', stop);
process.stdin.resume();
