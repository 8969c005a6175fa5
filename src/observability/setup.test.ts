import { buildObservability, type ObservabilityCluster } from './model';
import { applySetup, authorizationSlot, mergeDerivedFields, planSetup, previewSetup } from './setup';
import {
  FakeGrafanaDataSources,
  storedRestateDataSource,
  type StoredDataSource,
} from './testing/fakeGrafanaDataSources';
import { installGrafanaFake } from '../test/backendSrv';

let grafana: FakeGrafanaDataSources;

const restateDs = storedRestateDataSource(
  {
    uid: 'restate-prod',
    name: 'Restate prod',
    jsonData: {
      clusterName: 'prod',
      adminUrl: 'https://prod.dev.restate.cloud:9070',
      ingressUrl: 'https://prod.dev.restate.cloud:8080',
    },
  },
  { token: 'restate-token' }
);

const cluster = (token?: string): ObservabilityCluster => ({
  name: 'prod',
  restateUid: 'restate-prod',
  lokiUrl: 'https://prod.dev.restate.cloud:3100',
  tempoUrl: 'https://prod.dev.restate.cloud:3100',
  token: token ? { kind: 'literal', token } : { kind: 'none' },
});

beforeEach(() => {
  grafana = installGrafanaFake(new FakeGrafanaDataSources([restateDs]));
});

describe('setup from scratch', () => {
  it('previews creating Loki and Tempo and linking them, then does exactly that', async () => {
    const plan = await previewSetup({ cluster: cluster('tok') });
    expect(plan.changes.map((c) => [c.role, c.action, c.uid])).toEqual([
      ['loki', 'create', 'restate-prod-loki'],
      ['tempo', 'create', 'restate-prod-tempo'],
      ['restate', 'update', 'restate-prod'],
    ]);
    expect(plan.warnings).toEqual([]);
    const restateDiff = plan.changes[2].diff.map((d) => [d.path, d.kind, d.after]);
    expect(restateDiff).toEqual([
      ['jsonData.lokiUid', 'added', 'restate-prod-loki'],
      ['jsonData.tempoUid', 'added', 'restate-prod-tempo'],
      ['jsonData.logSelector', 'added', '{kubernetes_container_name="restate"}'],
    ]);
    // Secrets appear in the preview only as "(new value)".
    expect(JSON.stringify(plan.changes.map((c) => c.diff))).not.toContain('tok"');

    await applySetup(plan);
    const model = buildObservability({ ...cluster('tok') });
    const loki = grafana.store.get('restate-prod-loki')!;
    expect(loki).toMatchObject({ type: 'loki', url: model.loki.url, jsonData: model.loki.jsonData });
    expect(loki.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer tok' });
    expect(grafana.store.get('restate-prod-tempo')!.jsonData).toEqual(model.tempo.jsonData);
    const restate = grafana.store.get('restate-prod')!;
    expect(restate.jsonData).toEqual({
      ...restateDs.jsonData,
      lokiUid: 'restate-prod-loki',
      tempoUid: 'restate-prod-tempo',
      logSelector: '{kubernetes_container_name="restate"}',
    });
    // The Restate token was not sent, so Grafana kept it.
    expect(restate.secureJsonData).toEqual({ token: 'restate-token' });
    expect(
      grafana.requests.filter((r) => r.url === '/api/datasources/uid/restate-prod' && r.method === 'PUT')[0].data
    ).not.toHaveProperty('secureJsonData');
    // Loki and Tempo exist before the Restate data source links to them.
    const writes = grafana.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
    expect(writes).toEqual(['POST /api/datasources', 'POST /api/datasources', 'PUT /api/datasources/uid/restate-prod']);
  });

  it('is idempotent: a second run without a token changes nothing and sends nothing', async () => {
    await applySetup(await previewSetup({ cluster: cluster('tok') }));
    const before = grafana.requests.length;
    const again = await previewSetup({ cluster: cluster() });
    expect(again.changes.map((c) => [c.role, c.action, c.diff])).toEqual([
      ['loki', 'unchanged', []],
      ['tempo', 'unchanged', []],
      ['restate', 'unchanged', []],
    ]);
    expect(again.warnings).toEqual([]); // the stored header is kept
    await applySetup(again);
    expect(grafana.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(grafana.store.get('restate-prod-loki')!.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer tok' });
  });

  it('warns when neither a token is entered nor one is stored', async () => {
    const plan = await previewSetup({ cluster: cluster() });
    expect(plan.warnings).toEqual([
      expect.stringMatching(/^Loki will be called without an Authorization header/),
      expect.stringMatching(/^Tempo will be called without an Authorization header/),
    ]);
  });
});

describe('merging into data sources a user already set up by hand', () => {
  const handMadeLoki: StoredDataSource = {
    uid: 'restate-prod-loki',
    name: 'My Loki',
    type: 'loki',
    access: 'proxy',
    url: 'https://old:3100',
    isDefault: true,
    jsonData: {
      maxLines: '5000',
      httpHeaderName1: 'X-Scope-OrgID',
      derivedFields: [
        { name: 'TraceID', matcherRegex: 'traceID=(\\w+)', url: '${__value.raw}', datasourceUid: 'jaeger' },
        { name: 'Restate invocation', matcherRegex: 'old', url: 'old', datasourceUid: 'old', targetBlank: true },
      ],
    },
    secureJsonData: { httpHeaderValue1: 'tenant-1' },
  };

  it('keeps their name, keys, other derived fields and other headers, and puts the bearer in a free slot', async () => {
    grafana.put(handMadeLoki);
    const plan = await previewSetup({ cluster: cluster('tok') });
    const loki = plan.changes[0];
    expect(loki.action).toBe('update');
    expect(loki.diff.every((d) => d.kind === 'added' || d.kind === 'changed')).toBe(true);
    expect(loki.diff.map((d) => d.path)).toEqual(
      expect.arrayContaining([
        'url',
        'jsonData.httpHeaderName2',
        'secureJsonData.httpHeaderValue2',
        'jsonData.derivedFields[Restate invocation].matcherRegex',
      ])
    );
    await applySetup(plan);
    const stored = grafana.store.get('restate-prod-loki')!;
    expect(stored.name).toBe('My Loki');
    expect(stored.isDefault).toBe(true);
    expect(stored.url).toBe('https://prod.dev.restate.cloud:3100');
    expect(stored.jsonData).toMatchObject({
      maxLines: '5000',
      httpHeaderName1: 'X-Scope-OrgID',
      httpHeaderName2: 'Authorization',
    });
    expect(stored.secureJsonData).toEqual({ httpHeaderValue1: 'tenant-1', httpHeaderValue2: 'Bearer tok' });
    const fields = stored.jsonData.derivedFields as Array<Record<string, unknown>>;
    expect(fields.map((f) => f.name)).toEqual([
      'TraceID',
      'Restate invocation',
      'Restate invocation (invocation_id)',
      'Restate invocation (SDK log)',
    ]);
    expect(fields[0]).toEqual(
      handMadeLoki.jsonData.derivedFields && (handMadeLoki.jsonData.derivedFields as unknown[])[0]
    );
    expect(fields[1]).toMatchObject({
      matcherRegex: '"restate.invocation.id":"(.+?)"',
      datasourceUid: 'restate-prod-tempo',
      targetBlank: true,
    });

    // Idempotent after the merge too.
    const again = await previewSetup({ cluster: cluster() });
    expect(again.changes.map((c) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('blocks (and sends nothing) when a uid belongs to another type or to a provisioned data source', async () => {
    grafana.put({ ...handMadeLoki, type: 'elasticsearch' });
    grafana.put({
      uid: 'restate-prod-tempo',
      name: 'T',
      type: 'tempo',
      access: 'proxy',
      url: 'x',
      jsonData: {},
      readOnly: true,
    });
    const plan = await previewSetup({ cluster: cluster('tok') });
    expect(plan.changes[0].blocked).toMatch(/is of type elasticsearch, not loki/);
    expect(plan.changes[1].blocked).toMatch(/provisioned from a file/);
    const before = grafana.requests.length;
    await expect(applySetup(plan)).rejects.toThrow(/elasticsearch/);
    expect(grafana.requests.length).toBe(before);
  });

  it('explains a name conflict from Grafana instead of failing silently', async () => {
    grafana.put({ uid: 'other', name: 'Loki (Restate prod)', type: 'loki', access: 'proxy', url: 'x', jsonData: {} });
    await expect(applySetup(await previewSetup({ cluster: cluster('tok') }))).rejects.toThrow(
      /Creating data source Loki \(Restate prod\): data source with the same name already exists/
    );
  });

  it('reports a concurrent change (version conflict) so the user previews again', async () => {
    grafana.put(handMadeLoki);
    const plan = await previewSetup({ cluster: cluster('tok') });
    grafana.store.get('restate-prod-loki')!.version = 7; // someone saved it meanwhile
    await expect(applySetup(plan)).rejects.toThrow(/preview again/);
  });
});

describe('helpers', () => {
  it('finds the Authorization header slot case-insensitively, else the first free one', () => {
    expect(authorizationSlot({})).toBe(1);
    expect(authorizationSlot({ httpHeaderName1: 'X-A', httpHeaderName2: 'authorization' })).toBe(2);
    expect(authorizationSlot({ httpHeaderName1: 'X-A', httpHeaderName3: 'X-C' })).toBe(2);
  });

  it('updates a hand-made field with the same regex in place, under its own name, instead of adding a twin', () => {
    const ours = [{ name: 'A', matcherRegex: 'a(.)', url: 'new' }];
    expect(mergeDerivedFields([{ name: 'B', matcherRegex: 'a(.)', url: 'old' }], ours)).toEqual([
      { name: 'B', matcherRegex: 'a(.)', url: 'new' },
    ]);
    expect(mergeDerivedFields(undefined, ours)).toEqual(ours);
  });

  it('plans without a Restate data source only with a clear error', () => {
    expect(() => planSetup({ cluster: cluster() }, {})).toThrow(/was not found/);
  });
});
