#!/usr/bin/env node
// `npm run server`: the whole product on a laptop in one step. Checks first that Docker, its engine, Compose and the
// ports are there (scripts/lib/preflight.mjs), then installs dependencies when missing, builds the plugin
// (docker-compose.yaml mounts dist/ into Grafana), then starts Grafana, Restate, Loki, Tempo, Alloy and the demo service.
// Without Docker (or with `npm run server -- --native`) it runs the same product from local processes: scripts/native.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { preflight } from './lib/preflight.mjs';

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.error) {
    console.error(`Could not run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    process.exit(r.status ?? 1);
  }
}

const args = process.argv.slice(2);
const native = () => import('./native.mjs');

if (args.includes('--native')) {
  await native();
} else {
  const { problems, compose, docker } = await preflight();
  if (!docker) {
    console.log('Docker is not installed: starting the native mode instead (npm run server -- --native).');
    await native();
  } else if (problems.length || !compose) {
    console.error(
      `npm run server cannot start the Docker stack:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix that, or run without Docker: npm run server -- --native'
    );
    process.exit(1);
  } else {
    composeUp(compose);
  }
}

function composeUp(compose) {
  if (!fs.existsSync('node_modules/.bin/webpack')) {
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  run('npm', ['run', 'build']);
  run(compose[0], [...compose.slice(1), 'up', '--build', ...args]);
}
