import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
/** Where `saveScreenshot(name)` writes `<name>.png` (git-ignored; cleared at the start of each run). */
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-results', 'screenshots');
