#!/usr/bin/env node
// Fails when a committed Go file is not formatted as gofmt would have it (CI runs it in `npm run test:go`).
import { execFileSync } from 'node:child_process';

const files = execFileSync('git', ['ls-files', '*.go'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const unformatted = files.length ? execFileSync('gofmt', ['-l', ...files], { encoding: 'utf8' }).trim() : '';
if (unformatted) {
  console.error(`Not gofmt-formatted (run gofmt -w on them):\n${unformatted}`);
  process.exit(1);
}
console.log(`gofmt: ${files.length} Go files formatted`);
