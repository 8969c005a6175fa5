import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
/** The Grafana line whose shared packages the host runs (tests/browser/host/vendor.mjs; run.mjs sets it per run). */
export const GRAFANA_LINE = process.env.GRAFANA_LINE ?? '12.4';
/** Where `saveScreenshot(name)` writes `<name>.png` (git-ignored), one folder per Grafana line. */
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-results', 'screenshots', GRAFANA_LINE);
