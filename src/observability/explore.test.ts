import { invocationTimeWindow, logsExploreUrl, traceExploreUrl } from './explore';

// Reads an Explore URL back the way Grafana does: the `panes` query parameter is JSON keyed by pane id.
function panesOf(url: string) {
  const u = new URL(url, 'http://grafana.test');
  expect(u.pathname).toBe('/explore');
  expect(u.searchParams.get('schemaVersion')).toBe('1');
  const panes = JSON.parse(u.searchParams.get('panes')!);
  const ids = Object.keys(panes);
  expect(ids).toHaveLength(1);
  return panes[ids[0]];
}

/** The one pane an Explore link opens: its data source, its query A and the invocation's time window. */
function expectPane(url: string, datasource: { uid: string; type: string }, query: Record<string, unknown>) {
  const pane = panesOf(url);
  expect(pane.datasource).toBe(datasource.uid);
  expect(pane.queries).toEqual([{ refId: 'A', datasource, ...query }]);
  expect(pane.range).toEqual({ from: String(range.from), to: String(range.to) });
}

const range = {
  from: Date.parse('2026-11-22T23:00:42.094Z') - 300_000,
  to: Date.parse('2026-11-22T23:00:42.102Z') + 300_000,
};

describe('invocationTimeWindow', () => {
  it('spans created_at − 5m to completed_at + 5m', () => {
    const w = invocationTimeWindow({
      created_at: '2026-11-22T23:00:42.094Z',
      modified_at: '2026-11-22T23:00:42.200Z',
      completed_at: '2026-11-22T23:00:42.102Z',
    });
    expect(w).toEqual(range);
  });

  it('uses modified_at, then now, for an invocation that has not completed', () => {
    expect(invocationTimeWindow({ created_at: 1000_000, modified_at: 2000_000 })).toEqual({
      from: 700_000,
      to: 2300_000,
    });
    expect(invocationTimeWindow({ created_at: 1000_000 }, 5000_000)).toEqual({ from: 700_000, to: 5300_000 });
  });

  it('falls back to the last hour when created_at is missing or unparsable', () => {
    expect(invocationTimeWindow({ created_at: 'garbage' }, 10_000_000)).toEqual({
      from: 10_000_000 - 3600_000 - 300_000,
      to: 10_300_000,
    });
  });
});

describe('traceExploreUrl', () => {
  it('opens the trace by trace_id when sys_invocation has one', () => {
    expectPane(
      traceExploreUrl({
        tempoUid: 'tempo-1',
        invocationId: 'inv_1abc',
        traceId: '90098549aa0f4b4c9c3bd2f1b9c0e0a1',
        range,
      }),
      { uid: 'tempo-1', type: 'tempo' },
      { queryType: 'traceql', query: '90098549aa0f4b4c9c3bd2f1b9c0e0a1' }
    );
  });

  it('falls back to TraceQL on the invocation id without a trace_id', () => {
    const pane = panesOf(
      traceExploreUrl({ tempoUid: 't', invocationId: 'inv_1lXwQKVtKmDw4XNG33zAVjWs7JYZlGBzfD', range })
    );
    expect(pane.queries[0].query).toBe('{ .restate.invocation.id="inv_1lXwQKVtKmDw4XNG33zAVjWs7JYZlGBzfD" }');
    expect(pane.queries[0].queryType).toBe('traceql');
  });

  it('ignores a trace_id that is not hex (it would run as TraceQL)', () => {
    const pane = panesOf(traceExploreUrl({ tempoUid: 't', invocationId: 'inv_1x', traceId: 'not-a-trace', range }));
    expect(pane.queries[0].query).toBe('{ .restate.invocation.id="inv_1x" }');
  });

  it('refuses something that is not an invocation id instead of building a broken query', () => {
    expect(() => traceExploreUrl({ tempoUid: 't', invocationId: 'inv_" } || { true', range })).toThrow(
      /not a Restate invocation id/
    );
  });
});

describe('logsExploreUrl', () => {
  it("filters the cluster's selector on the invocation id", () => {
    expectPane(
      logsExploreUrl({ lokiUid: 'loki-1', logSelector: '{app="restate", env="prod"}', invocationId: 'inv_1abc', range }),
      { uid: 'loki-1', type: 'loki' },
      { expr: '{app="restate", env="prod"} |= "inv_1abc"', queryType: 'range' }
    );
  });

  it('uses the default selector when the cluster has none', () => {
    const pane = panesOf(logsExploreUrl({ lokiUid: 'l', logSelector: ' ', invocationId: 'inv_1abc', range }));
    expect(pane.queries[0].expr).toBe('{kubernetes_container_name="restate"} |= "inv_1abc"');
  });
});
