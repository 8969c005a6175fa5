import fs from 'fs';
import path from 'path';
import {
  buildObservability,
  defaultObservabilityUrl,
  derivedUid,
  INVOCATION_ID_MATCHERS,
  type ObservabilityCluster,
  urlProblem,
} from './model';
import { CLOUD_EXAMPLE_CLUSTER } from './provisioningFiles';
import { DEFAULT_LOG_SELECTOR } from '../model/datasource';
import { checkLogSelector } from '../model/validation';
import { derivedLinksForLine, spansFromOtlpJson, traceToLogsLink } from './testing/grafanaRules';

const FIXTURES = path.join(__dirname, '../../tests/fixtures/observability');

const cluster: ObservabilityCluster = { ...CLOUD_EXAMPLE_CLUSTER, token: { kind: 'literal', token: 'eyJ.tok.en' } };

/** Every recorded log line: server JSON (stdout and stderr) and the SDK service's console output. */
function recordedLines(): Array<{ file: string; line: string }> {
  const dir = path.join(FIXTURES, 'logs');
  return fs.readdirSync(dir).flatMap((file) =>
    fs
      .readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => ({ file, line }))
  );
}

/** The invocation a server JSON line is about: its event's own field, else its innermost span's. */
function primaryInvocationId(line: string): string | undefined {
  try {
    const o = JSON.parse(line);
    return (
      o.fields?.['restate.invocation.id'] ??
      o.span?.['restate.invocation.id'] ??
      o.span?.invocation_id ??
      [...(o.spans ?? [])]
        .reverse()
        .map((s: Record<string, string>) => s['restate.invocation.id'] ?? s.invocation_id)
        .find(Boolean)
    );
  } catch {
    return line.match(/^\[restate\]\[[^\]]+\]\[.*?\]\[(inv_[0-9A-Za-z]+)\]/)?.[1];
  }
}

describe('Loki derived fields', () => {
  const model = buildObservability(cluster);
  const derived = model.loki.jsonData.derivedFields as Parameters<typeof derivedLinksForLine>[1];
  const types = { [model.tempo.uid]: 'tempo' };

  it('keeps the seed field and gives every field a unique name (Grafana groups fields by name)', () => {
    expect(derived[0]).toMatchObject({
      name: 'Restate invocation',
      matcherRegex: '"restate.invocation.id":"(.+?)"',
      url: '{ .restate.invocation.id="${__value.raw}" }',
      datasourceUid: 'restate-my-cluster-tempo',
      matcherType: 'regex',
    });
    expect(new Set(derived.map((d) => d.name)).size).toBe(derived.length);
    expect(derived.map((d) => d.name)).toEqual(INVOCATION_ID_MATCHERS.map((m) => m.name));
  });

  it('links every recorded line that carries an invocation id to a TraceQL query on exactly that id, once', () => {
    const lines = recordedLines();
    let withId = 0;
    for (const { file, line } of lines) {
      const ids = new Set(line.match(/inv_[0-9A-Za-z]+/g) ?? []);
      const links = derivedLinksForLine(line, derived, types);
      if (ids.size === 0) {
        expect({ file, line, links }).toEqual({ file, line, links: [] });
        continue;
      }
      withId++;
      const expected = primaryInvocationId(line);
      expect({ file, line: line.slice(0, 200), links }).toEqual({
        file,
        line: line.slice(0, 200),
        links: [
          {
            field: expect.any(String),
            value: expected,
            datasourceUid: model.tempo.uid,
            query: `{ .restate.invocation.id="${expected}" }`,
            queryType: 'traceql',
          },
        ],
      });
    }
    // The samples hold server lines in all three nestings and SDK lines; make sure they were all seen.
    expect(withId).toBeGreaterThanOrEqual(40);
    const fieldsHit = new Set(
      lines.flatMap(({ line }) => derivedLinksForLine(line, derived, types).map((l) => l.field))
    );
    expect([...fieldsHit].sort()).toEqual(INVOCATION_ID_MATCHERS.map((m) => m.name).sort());
  });

  it('does not link ids that only appear escaped inside a message, nor a parent id under another key', () => {
    const line =
      '{"level":"WARN","fields":{"message":"payload {\\"restate.invocation.id\\":\\"inv_1wrong\\",\\"invocation_id\\":\\"inv_1wrong\\"}"},"span":{"parent_invocation_id":"inv_1parent"}}';
    expect(derivedLinksForLine(line, derived, types)).toEqual([]);
  });

  it('gives a line carrying the id under both keys one link, not two', () => {
    const line =
      '{"level":"DEBUG","fields":{"message":"x"},"span":{"restate.invocation.id":"inv_1a7qvwM4xAEl0MFVF81v9gmYIJE5qGUitX"},"spans":[{"invocation_id":"inv_1a7qvwM4xAEl0MFVF81v9gmYIJE5qGUitX","name":"call invocation"}]}';
    expect(derivedLinksForLine(line, derived, types).map((l) => [l.field, l.value])).toEqual([
      ['Restate invocation', 'inv_1a7qvwM4xAEl0MFVF81v9gmYIJE5qGUitX'],
    ]);
  });

  it('links an SDK line whose virtual-object key contains brackets to the right id', () => {
    const line =
      '[restate][2026-11-22T23:00:41.084Z][counter/a][b]/add][inv_1l3Hc716hrBy0vca8AKiNUElYfjJbo3z7b] INFO: x [inv_1other]';
    expect(derivedLinksForLine(line, derived, types).map((l) => l.value)).toEqual([
      'inv_1l3Hc716hrBy0vca8AKiNUElYfjJbo3z7b',
    ]);
  });
});

describe('Tempo trace to logs', () => {
  const model = buildObservability({ ...cluster, logSelector: '{app="restate"}' });
  const t2l = model.tempo.jsonData.tracesToLogsV2 as Parameters<typeof traceToLogsLink>[1];

  it('is a custom query on the Loki data source with -5m/+5m around the span', () => {
    expect(t2l).toEqual({
      datasourceUid: 'restate-my-cluster-loki',
      customQuery: true,
      query: '{app="restate"} |= "${__span.tags["restate.invocation.id"]}"',
      spanStartTimeShift: '-5m',
      spanEndTimeShift: '5m',
      filterByTraceID: false,
      filterBySpanID: false,
      tags: [],
    });
    expect(model.tempo.jsonData).toMatchObject({
      nodeGraph: { enabled: true },
      search: { hide: false },
      lokiSearch: { datasourceUid: 'restate-my-cluster-loki' },
    });
  });

  it("filters each recorded span's logs on its own invocation id", () => {
    const dir = path.join(FIXTURES, 'traces');
    const spans = fs
      .readdirSync(dir)
      .flatMap((f) => spansFromOtlpJson(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
    expect(spans.length).toBeGreaterThan(20);
    for (const span of spans) {
      const id = span.tags.find((t) => t.key === 'restate.invocation.id')?.value;
      const link = traceToLogsLink(span, t2l);
      expect(link).toEqual({
        datasourceUid: 'restate-my-cluster-loki',
        expr: `{app="restate"} |= "${id}"`,
        from: Math.floor(span.startTime / 1000) - 300_000,
        to: Math.floor((span.startTime + span.duration) / 1000) + 300_000,
      });
    }
  });

  it('shows no logs link for a span without an invocation id (instead of a query for "")', () => {
    const span = spansFromOtlpJson(
      JSON.parse(fs.readFileSync(path.join(FIXTURES, 'traces/otlp-http-json-export-2.json'), 'utf8'))
    )[0];
    expect(
      traceToLogsLink({ ...span, tags: span.tags.filter((t) => t.key !== 'restate.invocation.id') }, t2l)
    ).toBeUndefined();
  });
});

describe('bearer headers and tokens', () => {
  it('sends Authorization: Bearer <token> from Loki and Tempo, and the bare token to the Restate routes', () => {
    const m = buildObservability(cluster);
    for (const ds of [m.loki, m.tempo]) {
      expect(ds.jsonData.httpHeaderName1).toBe('Authorization');
      expect(ds.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer eyJ.tok.en' });
      expect(ds).toMatchObject({ access: 'proxy', url: 'https://my-cluster.dev.restate.cloud:3100' });
    }
    expect(m.restate.secureJsonData).toEqual({ token: 'eyJ.tok.en' });
  });

  it('refers to $RESTATE_TOKEN or $__file{/token} for provisioning', () => {
    const env = buildObservability({ ...cluster, token: { kind: 'env' } });
    expect(env.loki.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer $RESTATE_TOKEN' });
    expect(env.restate.secureJsonData).toEqual({ token: '$RESTATE_TOKEN' });
    const file = buildObservability({ ...cluster, token: { kind: 'file' } });
    expect(file.tempo.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer $__file{/token}' });
    expect(() => buildObservability({ ...cluster, token: { kind: 'env', variable: 'MY-TOKEN' } })).toThrow(
      /environment variable name/
    );
  });

  it('sends no header at all without a token (self-hosted)', () => {
    const m = buildObservability({ ...cluster, token: { kind: 'none' } });
    expect(m.loki.jsonData.httpHeaderName1).toBeUndefined();
    expect(m.loki.secureJsonData).toBeUndefined();
    expect(m.restate.secureJsonData).toBeUndefined();
  });
});

describe('the Restate data source entry', () => {
  it('links the Loki and Tempo uids and keeps its own url empty', () => {
    expect(buildObservability(cluster).restate).toEqual({
      name: 'Restate my-cluster',
      uid: 'restate-my-cluster',
      type: 'restatedev-restate-datasource',
      access: 'proxy',
      url: '',
      jsonData: {
        clusterName: 'my-cluster',
        adminUrl: 'https://my-cluster.dev.restate.cloud:9070',
        ingressUrl: 'https://my-cluster.dev.restate.cloud:8080',
        lokiUid: 'restate-my-cluster-loki',
        tempoUid: 'restate-my-cluster-tempo',
        logSelector: '{kubernetes_container_name="restate"}',
      },
      secureJsonData: { token: 'eyJ.tok.en' },
    });
  });

  it('uses given uids over derived ones', () => {
    const m = buildObservability({ ...cluster, lokiUid: 'my-loki', tempoUid: 'my-tempo' });
    expect(m.restate.jsonData).toMatchObject({ lokiUid: 'my-loki', tempoUid: 'my-tempo' });
    expect((m.tempo.jsonData.tracesToLogsV2 as { datasourceUid: string }).datasourceUid).toBe('my-loki');
    expect((m.loki.jsonData.derivedFields as Array<{ datasourceUid: string }>)[0].datasourceUid).toBe('my-tempo');
  });
});

describe('derivedUid', () => {
  it('is stable, valid for Grafana (≤ 40 of [a-zA-Z0-9-_]) and distinct for long names', () => {
    expect(derivedUid('My Cluster', 'loki')).toBe('restate-my-cluster-loki');
    expect(derivedUid('My Cluster', 'loki')).toBe(derivedUid('My Cluster', 'loki'));
    const a = derivedUid('production-eu-west-1-very-long-cluster-name-a', 'tempo');
    const b = derivedUid('production-eu-west-1-very-long-cluster-name-b', 'tempo');
    for (const uid of [a, b, derivedUid('ü', 'loki')]) {
      expect(uid).toMatch(/^[a-zA-Z0-9\-_]{1,40}$/);
    }
    expect(a).not.toBe(b);
    expect(derivedUid('ü', 'loki')).toBe('restate-cluster-loki');
  });
});

describe('form helpers', () => {
  it('derives the Loki/Tempo URL from the admin URL host on port 3100', () => {
    expect(defaultObservabilityUrl('https://my-cluster.dev.restate.cloud:9070')).toBe(
      'https://my-cluster.dev.restate.cloud:3100'
    );
    expect(defaultObservabilityUrl('http://localhost:9070/')).toBe('http://localhost:3100');
    expect(defaultObservabilityUrl('not a url')).toBe('');
  });

  it('explains bad URLs and selectors', () => {
    expect(urlProblem('')).toMatch(/Enter a URL/);
    expect(urlProblem('my-cluster:3100')).toMatch(/http/);
    expect(urlProblem('https://x:3100')).toBeUndefined();
    expect(checkLogSelector('kubernetes_container_name=restate', DEFAULT_LOG_SELECTOR)).toMatch(/stream selector/);
    expect(checkLogSelector('{app="restate"}', DEFAULT_LOG_SELECTOR)).toBeUndefined();
    expect(checkLogSelector('', DEFAULT_LOG_SELECTOR)).toBeUndefined();
  });
});
