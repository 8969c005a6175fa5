import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { buildObservability, type ObservabilityCluster } from './model';
import { PROVISIONING_FILES, renderProvisioningFile } from './provisioningFiles';
import { expandEnv, interpolateValue, loadDataSourceEntry, type ProvisioningEnv } from './provisioningValues';
import { escapeDollars, renderProvisioningYaml } from './yaml';

const ROOT = path.join(__dirname, '../..');

/** Reads a provisioning file the way Grafana does: YAML, then values.go interpolation of every entry. */
function loadLikeGrafana(text: string, ctx: ProvisioningEnv) {
  const doc = parse(text) as { apiVersion: number; datasources: Array<Record<string, unknown>> };
  expect(doc.apiVersion).toBe(1);
  return doc.datasources.map((d) => loadDataSourceEntry(d, ctx));
}

describe('values.go re-statement', () => {
  const ctx: ProvisioningEnv = { env: { TOKEN: 'abc', EMPTY: '' }, files: { '/token': '  t0ken\n' } };

  it('keeps $$ as a literal $ and expands env vars and expanders in each part', () => {
    expect(interpolateValue('$${__value.raw}', ctx)).toBe('${__value.raw}');
    expect(interpolateValue('Bearer $TOKEN', ctx)).toBe('Bearer abc');
    expect(interpolateValue('Bearer ${TOKEN}', ctx)).toBe('Bearer abc');
    expect(interpolateValue('Bearer $__env{TOKEN}', ctx)).toBe('Bearer abc');
    expect(interpolateValue('Bearer $__file{/token}', ctx)).toBe('Bearer t0ken');
    expect(interpolateValue('a $$$TOKEN b', ctx)).toBe('a $abc b');
  });

  it('silently empties an unescaped ${__value.raw}, which is why literal $ must be doubled', () => {
    expect(interpolateValue('{ .restate.invocation.id="${__value.raw}" }', ctx)).toBe('{ .restate.invocation.id="" }');
  });

  it('follows Go os.ExpandEnv on odd input', () => {
    expect(expandEnv('x$', {})).toBe('x$');
    expect(expandEnv('a${}b', {})).toBe('ab');
    expect(expandEnv('a${b', {})).toBe('ab');
    expect(expandEnv('cost: $5', {})).toBe('cost: ');
    expect(expandEnv('a $-b', { '-': 'X' })).toBe('a Xb');
    expect(expandEnv('a $ b', {})).toBe('a $ b');
  });

  it('fails on a $__file{} that does not exist, like os.Stat', () => {
    expect(() => interpolateValue('$__file{/missing}', ctx)).toThrow(/no such file/);
  });
});

describe('escapeDollars', () => {
  it('doubles every $ except the token reference', () => {
    expect(escapeDollars('{ x="${__value.raw}" }')).toBe('{ x="$${__value.raw}" }');
    expect(escapeDollars('Bearer $RESTATE_TOKEN', '$RESTATE_TOKEN')).toBe('Bearer $RESTATE_TOKEN');
    expect(escapeDollars('$a $RESTATE_TOKEN $b', '$RESTATE_TOKEN')).toBe('$$a $RESTATE_TOKEN $$b');
  });
});

describe('provisioning files', () => {
  it.each(PROVISIONING_FILES.map((f) => [f.file, f] as const))(
    'provisioning/datasources/%s is what the model renders (run node scripts/gen-provisioning.mjs)',
    (file, f) => {
      const checkedIn = fs.readFileSync(path.join(ROOT, 'provisioning/datasources', file), 'utf8');
      expect(checkedIn).toBe(renderProvisioningFile(f));
    }
  );

  it.each(PROVISIONING_FILES.map((f) => [f.file, f] as const))(
    '%s loads in Grafana to exactly the model, with the token from the environment',
    (file, f) => {
      const checkedIn = fs.readFileSync(path.join(ROOT, 'provisioning/datasources', file), 'utf8');
      const token = 'eyJ.$secret.tok';
      const loaded = loadLikeGrafana(checkedIn, { env: { RESTATE_TOKEN: token, __value: 'oops' } });
      const tokenSource = f.cluster.token.kind === 'none' ? f.cluster.token : ({ kind: 'literal', token } as const);
      const model = buildObservability({ ...f.cluster, token: tokenSource });
      expect(loaded).toEqual([model.restate, model.loki, model.tempo]);
    }
  );

  it('keeps the uids and file names the docker-compose stack relies on', () => {
    expect(PROVISIONING_FILES.map((f) => f.file)).toEqual(['restate-local.yaml', 'restate-cloud.yaml.example']);
    const local = parse(fs.readFileSync(path.join(ROOT, 'provisioning/datasources/restate-local.yaml'), 'utf8'));
    expect(local.datasources.map((d: { uid: string; url: string }) => [d.uid, d.url])).toEqual([
      ['restate-local', ''],
      ['restate-local-loki', 'http://loki:3100'],
      ['restate-local-tempo', 'http://tempo:3200'],
    ]);
    expect(local.datasources[0].jsonData).toMatchObject({
      adminUrl: 'http://restate:9070',
      ingressUrl: 'http://restate:8080',
    });
    expect(local.datasources.some((d: Record<string, unknown>) => 'secureJsonData' in d)).toBe(false);
  });

  it('leaves the Restate Cloud example out of what Grafana provisions from the mounted folder', () => {
    // pkg/services/provisioning/datasources/config_reader.go readConfig: every *.yaml / *.yml file of the folder.
    const provisioned = fs
      .readdirSync(path.join(ROOT, 'provisioning/datasources'))
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
    expect(provisioned).toEqual(['restate-local-prometheus.yaml', 'restate-local.yaml']);
  });

  it('reads the token from a file with $__file{/token}', () => {
    const cluster: ObservabilityCluster = { ...PROVISIONING_FILES[1].cluster, token: { kind: 'file', path: '/token' } };
    const text = renderProvisioningYaml(cluster);
    expect(text).toContain('Bearer $__file{/token}');
    const loaded = loadLikeGrafana(text, { env: {}, files: { '/token': 'from-file\n' } });
    const model = buildObservability({ ...cluster, token: { kind: 'literal', token: 'from-file' } });
    expect(loaded).toEqual([model.restate, model.loki, model.tempo]);
  });

  it('never writes a pasted token into a file', () => {
    expect(() =>
      renderProvisioningYaml({ ...PROVISIONING_FILES[1].cluster, token: { kind: 'literal', token: 'x' } })
    ).toThrow(/never holds a token/);
  });
});
