import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
/** The Grafana line whose shared packages the host runs (tests/browser/host/vendor.mjs; run.mjs sets it per run). */
export const GRAFANA_LINE = process.env.GRAFANA_LINE ?? '12.4';
/** Where that line's packages are installed: the root for 12.4, tests/grafana13 for 13.2. */
export const LINE_DIR = GRAFANA_LINE === '13.2' ? path.join(repoRoot, 'tests', 'grafana13') : repoRoot;
/** Where `saveScreenshot(name)` writes `<name>.png` (git-ignored), one folder per Grafana line. */
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-results', 'screenshots', GRAFANA_LINE);
