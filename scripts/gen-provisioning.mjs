#!/usr/bin/env node
// Writes provisioning/datasources/*.yaml from the one observability model (src/observability/) and
// provisioning/alerting/*.yaml from the one alert rules model (src/alerting/).
// Usage: node scripts/gen-provisioning.mjs          write the files
//        node scripts/gen-provisioning.mjs --check  exit 1 when a checked-in file differs from the model
// The TypeScript model is bundled in memory with esbuild so this script and the app share the same code.
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

/** Bundles a TypeScript module in memory and loads it. */
async function load(entry) {
  const bundle = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    logLevel: 'error',
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-provisioning-'));
  const bundled = path.join(tmp, 'bundle.cjs');
  fs.writeFileSync(bundled, bundle.outputFiles[0].text);
  const mod = createRequire(import.meta.url)(bundled);
  fs.rmSync(tmp, { recursive: true, force: true });
  return mod;
}

const datasources = await load('src/observability/provisioningFiles.ts');
const alerting = await load('src/alerting/provisioningFiles.ts');
const prometheus = await load('src/observability/prometheusFiles.ts');
const targets = [
  ...datasources.PROVISIONING_FILES.map((f) => ['datasources', f.file, datasources.renderProvisioningFile(f)]),
  ...alerting.ALERT_PROVISIONING_FILES.map((f) => ['alerting', f.file, alerting.renderAlertProvisioningFile(f)]),
  ['datasources', prometheus.PROMETHEUS_PROVISIONING_FILE, prometheus.renderLocalPrometheusFile()],
];

let stale = 0;
for (const [dir, file, text] of targets) {
  const outDir = path.join(root, 'provisioning', dir);
  const target = path.join(outDir, file);
  const shown = `provisioning/${dir}/${file}`;
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (current === text) {
    console.log(`up to date  ${shown}`);
  } else if (check) {
    stale++;
    console.error(`STALE       ${shown} (run node scripts/gen-provisioning.mjs)`);
  } else {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote       ${shown}`);
  }
}
process.exit(stale ? 1 : 0);
