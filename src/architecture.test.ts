import fs from 'fs';
import path from 'path';

/**
 * The floors of src/, lowest first (ARCHITECTURE.md explains them). A file may import from its own floor
 * and the floors below it, never from a floor above; a page never imports another page's folder.
 * Each entry names a folder (ending in '/') or a file, relative to src/; the longest match decides.
 */
const FLOORS: Array<[floor: string, places: string[]]> = [
  ['model', ['model/', 'constants.ts', 'api/generated/']],
  ['api', ['api/', 'observability/', 'alerting/']],
  ['hooks', ['hooks/', 'utils/']],
  ['components', ['components/']],
  ['pages', ['pages/']],
  // The plugin entry points: the app's root and routes (App imports every page), the data source plugin.
  ['plugin', ['module.tsx', 'components/App/', 'datasource/', 'dashboards/']],
];

/** Test helpers shared by tests of every floor; only tests may import them. */
const TEST_KIT = ['test/', 'testing/'];

const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      return sourceFiles(full);
    }
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

function longestMatch(rel: string, places: string[]): string | undefined {
  return places
    .filter((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p || rel.startsWith(`${p.replace(/\.tsx?$/, '')}.`)))
    .sort((a, b) => b.length - a.length)[0];
}

/** The floor index of a file (relative to src/), 'test-kit', or undefined when no floor names it. */
function floorOf(rel: string): number | 'test-kit' | undefined {
  let best: { index: number; place: string } | undefined;
  FLOORS.forEach(([, places], index) => {
    const place = longestMatch(rel, places);
    if (place && (!best || place.length > best.place.length)) {
      best = { index, place };
    }
  });
  const kit = longestMatch(rel, TEST_KIT);
  if (kit && (!best || kit.length >= best.place.length)) {
    return 'test-kit';
  }
  return best?.index;
}

function isTest(rel: string): boolean {
  return /\.test\.tsx?$/.test(rel) || rel.includes('__fixtures__/') || /(^|\/)testing\//.test(rel);
}

const IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\(\s*|jest\.(?:mock|requireActual)\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const ext of ['', '.ts', '.tsx', '/index.ts', '/index.tsx']) {
    const candidate = base + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return candidate;
    }
  }
  return undefined;
}

function pageOf(rel: string): string | undefined {
  return /^pages\/([^/]+)\//.exec(rel)?.[1];
}

interface Edge {
  from: string;
  to: string;
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)].flatMap((m) => {
      const target = resolve(file, m[1]);
      return target && target.startsWith(SRC + path.sep)
        ? [
            {
              from: path.relative(SRC, file).split(path.sep).join('/'),
              to: path.relative(SRC, target).split(path.sep).join('/'),
            },
          ]
        : [];
    });
  });
}

const name = (floor: number | 'test-kit' | undefined) => (typeof floor === 'number' ? FLOORS[floor][0] : floor);

describe('architecture', () => {
  const all = edges();

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it('places every source file on a floor', () => {
    const unplaced = sourceFiles(SRC)
      .map((f) => path.relative(SRC, f).split(path.sep).join('/'))
      .filter((rel) => rel !== 'architecture.test.ts' && floorOf(rel) === undefined);
    expect(unplaced).toEqual([]);
  });

  it('has no import that runs upward', () => {
    const upward = all
      .filter(({ from, to }) => {
        const a = floorOf(from);
        const b = floorOf(to);
        if (b === 'test-kit') {
          return !isTest(from) && a !== 'test-kit';
        }
        return typeof a === 'number' && typeof b === 'number' && b > a;
      })
      .map(({ from, to }) => `${from} (${name(floorOf(from))}) -> ${to} (${name(floorOf(to))})`);
    expect(upward).toEqual([]);
  });

  it('has no page importing another page', () => {
    const across = all
      .filter(({ from, to }) => pageOf(from) !== undefined && pageOf(to) !== undefined && pageOf(from) !== pageOf(to))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(across).toEqual([]);
  });
});
