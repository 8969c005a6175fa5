#!/usr/bin/env node
// Packages the built plugin (dist/) the way Grafana's catalogue expects
// (https://grafana.com/developers/plugin-tools/publish-a-plugin/package-a-plugin):
//   <plugin id>-<version>.zip whose single top folder is named after the plugin id
//   (the docs: `mv dist/ myorg-simple-panel && zip myorg-simple-panel-1.0.0.zip myorg-simple-panel -r`),
//   plus <zip>.sha1 holding the archive's SHA-1 in hex.
// Sign dist/ first (`npm run sign`) when publishing: the MANIFEST.txt it writes is packaged like any other file.
//
// Usage: npm run package [-- --dist <dir>] [-- --out <dir>]   (defaults: dist/, artifacts/)
// The ZIP writer is plain Node (zlib deflate + the PKWARE APPNOTE layout), no zip binary needed.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** CRC-32 (IEEE 802.3, as ZIP uses): zlib.crc32 where Node has it (20.15+), else a table. */
let crcTable;
export function crc32(buf) {
  if (typeof zlib.crc32 === 'function') {
    return zlib.crc32(buf) >>> 0;
  }
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) {
    c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time of a Date, in UTC so that the same input gives the same bytes anywhere. */
function dosDateTime(date) {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * Writes a ZIP archive (APPNOTE.TXT 6.3: local headers, central directory, end of central directory record).
 * entries: [{ name: 'a/b.js', data: Buffer, mode: 0o644, mtime: Date } | { name: 'a/', dir: true, mode: 0o755, mtime }]
 */
export function writeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = e.dir ? Buffer.alloc(0) : e.data;
    const deflated = e.dir ? raw : zlib.deflateRawSync(raw, { level: 9 });
    const method = !e.dir && deflated.length < raw.length ? 8 : 0;
    const body = method === 8 ? deflated : raw;
    const crc = e.dir ? 0 : crc32(raw);
    const { time, date } = dosDateTime(e.mtime);
    if (body.length > 0xfffffffe || raw.length > 0xfffffffe || offset > 0xfffffffe) {
      throw new Error(`${e.name}: archive too large for a ZIP without ZIP64`);
    }
    const flags = 0x0800; // bit 11: names are UTF-8

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed to extract: 2.0 (deflate, folders)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, name, body);

    const unixMode = (e.dir ? 0o040000 : 0o100000) | (e.mode & 0o7777);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); // central file header signature
    central.writeUInt16LE((3 << 8) | 20, 4); // version made by: UNIX, 2.0 (so external attributes carry the mode)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra field length
    central.writeUInt16LE(0, 32); // file comment length
    central.writeUInt16LE(0, 34); // disk number start
    central.writeUInt16LE(0, 36); // internal file attributes
    central.writeUInt32LE(((unixMode << 16) | (e.dir ? 0x10 : 0)) >>> 0, 38); // external: mode, MS-DOS dir bit
    central.writeUInt32LE(offset, 42); // relative offset of local header
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  if (entries.length > 0xffff) {
    throw new Error('too many entries for a ZIP without ZIP64');
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(0, 4); // number of this disk
  end.writeUInt16LE(0, 6); // disk where the central directory starts
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // comment length
  return Buffer.concat([...locals, cd, end]);
}

/** Every folder and file under dir, sorted, as zip entries below `prefix/`. */
function collect(dir, prefix, mtimeOverride) {
  const out = [];
  const walk = (abs, rel) => {
    for (const name of readdirSync(abs).sort()) {
      const absChild = join(abs, name);
      const relChild = `${rel}/${name}`;
      const st = statSync(absChild);
      const mtime = mtimeOverride ?? st.mtime;
      if (st.isDirectory()) {
        out.push({ name: `${relChild}/`, dir: true, mode: 0o755, mtime });
        walk(absChild, relChild);
      } else if (st.isFile()) {
        // Grafana wants backend binaries executable (0755); everything else is 0644.
        const mode = st.mode & 0o111 ? 0o755 : 0o644;
        out.push({ name: relChild, data: readFileSync(absChild), mode, mtime });
      }
    }
  };
  const st = statSync(dir);
  out.push({ name: `${prefix}/`, dir: true, mode: 0o755, mtime: mtimeOverride ?? st.mtime });
  walk(dir, prefix);
  return out;
}

/**
 * Packages distDir into outDir/<id>-<version>.zip (+ .sha1). The id and version come from distDir/plugin.json,
 * which must be a built one (no %VERSION% placeholder left).
 */
export function packagePlugin({ distDir = join(ROOT, 'dist'), outDir = join(ROOT, 'artifacts') } = {}) {
  let pluginJson;
  try {
    pluginJson = JSON.parse(readFileSync(join(distDir, 'plugin.json'), 'utf8'));
  } catch (err) {
    throw new Error(`${distDir}/plugin.json is missing or not JSON: run \`npm run build\` first (${err.message})`);
  }
  const id = pluginJson.id;
  const version = pluginJson.info?.version;
  if (typeof id !== 'string' || !/^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$/.test(id)) {
    throw new Error(`plugin.json id ${JSON.stringify(id)} is not a Grafana plugin id`);
  }
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new Error(
      `plugin.json info.version ${JSON.stringify(version)} is not a built version: run \`npm run build\``
    );
  }
  for (const required of ['module.js']) {
    statSync(join(distDir, required)); // throws ENOENT if the build is incomplete
  }
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const mtime = epoch ? new Date(Number(epoch) * 1000) : undefined;
  const zip = writeZip(collect(distDir, id, mtime));
  const sha1 = createHash('sha1').update(zip).digest('hex');
  mkdirSync(outDir, { recursive: true });
  const zipName = `${id}-${version}.zip`;
  const zipPath = join(outDir, zipName);
  const sha1Path = `${zipPath}.sha1`;
  writeFileSync(zipPath, zip);
  writeFileSync(sha1Path, `${sha1}\n`);
  return { id, version, zipName, zipPath, sha1Path, sha1, bytes: zip.length };
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const dist = argValue('--dist');
    const out = argValue('--out');
    const r = packagePlugin({
      distDir: dist ? resolve(dist) : undefined,
      outDir: out ? resolve(out) : undefined,
    });
    console.log(`${r.zipPath} (${r.bytes} bytes)\nsha1 ${r.sha1}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
