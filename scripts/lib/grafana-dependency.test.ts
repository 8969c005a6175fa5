import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkRange, importedModules, SERVED_BY } from './grafana-dependency.mjs';

// What create-plugin's webpack writes (library type amd), cut down: a banner, then define([...deps], factory).
const amd = (deps: string[]) =>
  `/* [create-plugin] version: 7.1.7 */\n/* [create-plugin] plugin: x@0.1.0 */\ndefine(${JSON.stringify(deps)},(e,t)=>(()=>{"use strict";return {}})());`;
// An async chunk: no header of its own, and a bundled UMD library inside that calls define itself.
const chunk = `"use strict";(self.webpackChunk=self.webpackChunk||[]).push([["c"],{1(e){typeof define=="function"&&define(["exports","lib-internal"],e)}}]);`;

describe('importedModules', () => {
  it('reads the AMD header, leaving out the loader’s own module', () => {
    expect(importedModules(amd(['react', 'module', '@grafana/ui', 'react/jsx-runtime']))).toEqual([
      '@grafana/ui',
      'react',
      'react/jsx-runtime',
    ]);
  });

  it('reads a SystemJS header too', () => {
    expect(importedModules(`System.register(["react","rxjs"], function (e) { return {} });`)).toEqual([
      'react',
      'rxjs',
    ]);
  });

  it('ignores define calls that are not the file’s header (chunks, bundled libraries)', () => {
    expect(importedModules(chunk)).toEqual([]);
  });
});

describe('checkRange', () => {
  const withJsx = { 'dist/module.js': ['react', 'react/jsx-runtime'] };

  it('passes when every Grafana in the range serves every import', () => {
    expect(checkRange('>=12.0.0', { 'dist/module.js': ['react', '@grafana/data', 'rxjs'] })).toEqual([]);
    expect(checkRange('>=12.3.0', withJsx)).toEqual([]);
    // create-plugin's externalize-jsx-runtime range for a plugin that supported 12.0
    expect(checkRange('>=12.0.10 <12.1 || >=12.1.7 <12.2 || >=12.2.5 <12.3 || >=12.3.0', withJsx)).toEqual([]);
  });

  it('fails, naming the file, module and oldest Grafana, when react/jsx-runtime meets >=12.0.0', () => {
    const [problem, ...rest] = checkRange('>=12.0.0', withJsx);
    expect(rest).toEqual([]);
    expect(problem).toMatch(/dist\/module\.js imports "react\/jsx-runtime"/);
    expect(problem).toMatch(/its oldest Grafana, 12\.0\.0, does not/);
  });

  it('fails on a gap inside the range even when its oldest version is fine', () => {
    // 12.0.10 serves it, 12.1.0 to 12.1.6 do not.
    expect(checkRange('>=12.0.10', withJsx)[0]).toMatch(/some Grafana versions it allows do not/);
  });

  it('knows the backports', () => {
    for (const ok of ['12.0.10', '12.1.7', '12.2.5', '12.3.0', '13.2.3']) {
      expect(checkRange(`>=${ok} <${ok.replace(/\.\d+$/, '.999')}`, withJsx)).toEqual([]);
    }
    for (const bad of ['12.0.9', '12.1.6', '12.2.4']) {
      expect(checkRange(`>=${bad}`, withJsx)).not.toEqual([]);
    }
  });

  it('fails on a module the table does not know, and on a range that is not one', () => {
    expect(checkRange('>=12.0.0', { 'dist/a.js': ['angular'] })[0]).toMatch(/"angular".*add it to SERVED_BY/);
    expect(checkRange('twelve', withJsx)[0]).toMatch(/not a semver range/);
  });

  it('covers every string external of .config/bundler/externals.ts except angular and the loader module', () => {
    const externals = fs.readFileSync(path.join(__dirname, '../../.config/bundler/externals.ts'), 'utf8');
    const names = [...externals.matchAll(/^\s*'([^']+)',$/gm)].map((m) => m[1]).filter((n) => n !== 'angular');
    expect(names.length).toBeGreaterThan(15);
    expect(names.filter((n) => !(n in SERVED_BY))).toEqual([]);
  });
});

describe('check-grafana-dependency.mjs', () => {
  const script = path.join(__dirname, '..', 'check-grafana-dependency.mjs');
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  function project(range: string, dsRange: string, moduleDeps: string[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grafana-dep-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'src/datasource'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'dist/datasource'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/plugin.json'), JSON.stringify({ dependencies: { grafanaDependency: range } }));
    fs.writeFileSync(
      path.join(dir, 'src/datasource/plugin.json'),
      JSON.stringify({ dependencies: { grafanaDependency: dsRange } })
    );
    fs.writeFileSync(path.join(dir, 'dist/module.js'), amd(moduleDeps));
    fs.writeFileSync(path.join(dir, 'dist/datasource/module.js'), amd(['react', 'module']));
    fs.writeFileSync(path.join(dir, 'dist/pages_x.js'), chunk);
    return dir;
  }
  const run = (cwd: string) => spawnSync(process.execPath, [script], { cwd, encoding: 'utf8' });

  it('passes on a bundle the range serves', () => {
    const r = run(project('>=12.0.0', '>=12.0.0', ['react', '@grafana/ui', 'module']));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/serves everything.*@grafana\/ui, react/);
  });

  it('fails with the reason when the bundle imports react/jsx-runtime under >=12.0.0', () => {
    const r = run(project('>=12.0.0', '>=12.0.0', ['react', 'react/jsx-runtime']));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dist\/module\.js imports "react\/jsx-runtime".*12\.0\.0/);
  });

  it('fails when the two plugin.json files disagree', () => {
    const r = run(project('>=12.0.0', '>=12.3.0', ['react']));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/different grafanaDependency ranges/);
  });
});
