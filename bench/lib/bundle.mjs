// The plugin's bundle on the wire (gzip -9): the JS the invocations page downloads on its first load (collected
// by measure.mjs from the browser's answers) and every chunk in dist/. Used by run.mjs and bundle.mjs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const gzipKb = (buf) => zlib.gzipSync(buf, { level: 9 }).length / 1024;
const round = (x) => Math.round(x * 10) / 10;

/** Why dist/ does not show the current source (missing, or older than a file under src/), or ''. */
export function distStaleness() {
  if (!fs.existsSync('dist/module.js')) {
    return 'dist/ missing';
  }
  const built = fs.statSync('dist/module.js').mtimeMs;
  const newer = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > built;
    });
  return newer('src') ? 'src/ changed since dist/ was built' : '';
}

/** Every chunk in dist/ (gzip -9), largest first: no page may load one over the limit. */
export function chunkSizes(distDir) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.name.endsWith('.js')) {
        out.push({ path: path.relative(distDir, p), kb: round(gzipKb(fs.readFileSync(p))) });
      }
    }
  };
  walk(distDir);
  return out.sort((a, b) => b.kb - a.kb);
}

/**
 * What a chunk holds, from its source map (chunk ids are numbers): modules per package or source folder, most first,
 * e.g. "pages/Invocations 7, api/invocations 6, @tanstack/query-core 20".
 */
export function chunkContents(distDir, file) {
  let sources;
  try {
    sources = JSON.parse(fs.readFileSync(path.join(distDir, `${path.basename(file)}.map`), 'utf8')).sources;
  } catch {
    return undefined;
  }
  const counts = new Map();
  for (const s of sources) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1];
    const src = /^webpack:\/\/[^/]+\/\.\/(.+)$/.exec(s)?.[1];
    const parts = src?.split('/');
    const key = pkg ?? (parts ? parts.slice(0, parts.length > 2 ? 2 : 1).join('/') : 'webpack runtime');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/** `pluginJs`: what measure.mjs collected on a page's first load ({ path, bytes, gzKb } per .js answer). */
export function bundleFigures(pluginJs, distDir) {
  const chunks = chunkSizes(distDir);
  return {
    initialKb: pluginJs.length ? round(pluginJs.reduce((a, f) => a + f.gzKb, 0)) : undefined,
    initial_files: pluginJs.map((f) => ({
      path: f.path,
      kb: round(f.bytes / 1024),
      gz_kb: round(f.gzKb),
      contents: chunkContents(distDir, f.path),
    })),
    largestChunk: chunks[0] && { ...chunks[0], contents: chunkContents(distDir, chunks[0].path) },
    chunks_gz_kb: chunks,
  };
}

/** Printed rows [label, value, unit]: the total, each file the page downloaded, the largest chunk. */
export function bundleRows(bundle) {
  return [
    ['initial plugin JS of the invocations page (gzip)', bundle.initialKb, 'KB'],
    ...bundle.initial_files.map((f) => [`  ${path.basename(f.path)}`, f.gz_kb, `KB  (${f.contents ?? '?'})`]),
    [
      `largest chunk (gzip): ${bundle.largestChunk?.path}`,
      bundle.largestChunk?.kb,
      `KB  (${bundle.largestChunk?.contents ?? '?'})`,
    ],
  ];
}
