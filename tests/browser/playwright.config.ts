import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { GRAFANA_LINE } from './paths';

// The browser tier: the built plugin in Debian's Chromium, loaded by the test host the way Grafana
// loads it, against a real restate-server. Separate from the root playwright.config.ts (the real-Grafana
// plugin-e2e suite): this config only ever looks in tests/browser/specs.
const repoRoot = path.resolve(__dirname, '../..');

export default defineConfig({
  testDir: path.join(__dirname, 'specs'),
  testMatch: /.*\.spec\.ts$/,
  outputDir: path.join(repoRoot, 'test-results', 'browser', GRAFANA_LINE),
  globalSetup: path.join(__dirname, 'globalSetup.ts'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // One project per run, named after the line, so every result line says which host it is for.
  projects: [{ name: `grafana-${GRAFANA_LINE}` }],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    trace: 'off',
    screenshot: 'off',
    video: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
