#!/usr/bin/env node
// `npm run check:grafana-dependency` (run by `npm test` right after the build): fails when the built plugin imports a
// module from Grafana that the oldest Grafana allowed by plugin.json's grafanaDependency does not serve.
import fs from 'node:fs';
import path from 'node:path';
import { checkRange, importedModules } from './lib/grafana-dependency.mjs';

const root = process.cwd();
const manifests = ['src/plugin.json', 'src/datasource/plugin.json'];
const ranges = manifests.map(
  (f) => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8')).dependencies?.grafanaDependency
);
const problems = [];
if (new Set(ranges).size !== 1) {
  problems.push(
    `the plugin.json files declare different grafanaDependency ranges: ${manifests.map((f, i) => `${f} "${ranges[i]}"`).join(', ')}`
  );
}

const dist = path.join(root, 'dist');
if (!fs.existsSync(path.join(dist, 'module.js'))) {
  console.error('check:grafana-dependency: dist/module.js is missing; run `npm run build` first.');
  process.exit(1);
}
/** @type {Record<string, string[]>} */
const importsByFile = {};
for (const entry of fs.readdirSync(dist, { withFileTypes: true, recursive: true })) {
  if (entry.isFile() && entry.name.endsWith('.js')) {
    const file = path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name));
    importsByFile[file] = importedModules(fs.readFileSync(path.join(root, file), 'utf8'));
  }
}
if (!importsByFile[path.join('dist', 'datasource', 'module.js')]) {
  problems.push('dist/datasource/module.js is missing');
}
for (const range of new Set(ranges)) {
  problems.push(...checkRange(String(range), importsByFile));
}

const imported = [...new Set(Object.values(importsByFile).flat())].sort();
if (problems.length) {
  console.error(`check:grafana-dependency: FAILED\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `check:grafana-dependency: grafanaDependency "${ranges[0]}" serves everything the bundle imports from Grafana (${imported.join(', ')})`
);
