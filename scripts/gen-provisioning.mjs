#!/usr/bin/env node
// Writes provisioning/datasources/*.yaml from the one observability model (src/observability/).
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
const outDir = path.join(root, 'provisioning', 'datasources');
const check = process.argv.includes('--check');

const bundle = await build({
  entryPoints: [path.join(root, 'src/observability/provisioningFiles.ts')],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-provisioning-'));
const bundled = path.join(tmp, 'provisioningFiles.cjs');
fs.writeFileSync(bundled, bundle.outputFiles[0].text);
const { PROVISIONING_FILES, renderProvisioningFile } = createRequire(import.meta.url)(bundled);
fs.rmSync(tmp, { recursive: true, force: true });

fs.mkdirSync(outDir, { recursive: true });
let stale = 0;
for (const f of PROVISIONING_FILES) {
  const target = path.join(outDir, f.file);
  const text = renderProvisioningFile(f);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (current === text) {
    console.log(`up to date  provisioning/datasources/${f.file}`);
  } else if (check) {
    stale++;
    console.error(`STALE       provisioning/datasources/${f.file} (run node scripts/gen-provisioning.mjs)`);
  } else {
    fs.writeFileSync(target, text);
    console.log(`wrote       provisioning/datasources/${f.file}`);
  }
}
process.exit(stale ? 1 : 0);
