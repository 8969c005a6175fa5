/** @jest-environment ./tests/harness/jestEnvironment.cjs */
/**
 * Proof against real output: a real restate-server (JSON logs, `restate=debug`) exporting OTLP traces to a receiver
 * in this test, and the real SDK test service. Invocations that succeed, retry and fail are run; then, applying
 * Grafana's own evaluation rules (re-stated with citations in src/observability/testing/grafanaRules.ts:
 * getDerivedFields.ts, TemplateSrv interpolation of ${__value.raw}, createSpanLink.tsx trace-to-logs with
 * ${__span.tags["..."]}) to the settings our model builds, we show:
 *  - every captured log line (server stdout AND stderr, SDK service output) that carries an invocation id links to
 *    a TraceQL query on exactly that id, and no other line gets a link;
 *  - each span's trace-to-logs query filters on its own invocation id, and running that filter over the captured
 *    lines finds lines that link back to the same invocation (log → trace → logs round trip);
 *  - sys_invocation.trace_id is the trace holding the invocation's spans (what the trace Explore link opens).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRestate } from '../harness/restate.mjs';
import { registerDeployment, startTestService } from '../harness/testService.mjs';
import { sleep } from '../harness/ports.mjs';
import { invocationTimeWindow, logsExploreUrl, traceExploreUrl } from '../../src/observability/explore';
import { buildObservability, type DerivedFieldConfig } from '../../src/observability/model';
import {
  derivedLinksForLine,
  spansFromOtlpJson,
  traceToLogsLink,
  type TraceSpanLike,
  type TraceToLogsOptionsV2,
} from '../../src/observability/testing/grafanaRules';

const SELECTOR = '{kubernetes_container_name="restate"}';

type Restate = Awaited<ReturnType<typeof startRestate>>;
type Service = Awaited<ReturnType<typeof startTestService>>;

let receiver: http.Server;
const exports: unknown[] = [];
let restate: Restate | undefined;
let service: Service | undefined;

/** OTLP/HTTP JSON trace receiver (the shape of restate-probe/otlp-receiver.mjs), loopback only. */
async function startReceiver(): Promise<number> {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if ((req.headers['content-type'] ?? '').includes('json') && body) {
        exports.push(JSON.parse(body));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return (receiver.address() as AddressInfo).port;
}

async function invoke(path: string, body: unknown): Promise<{ id: string; status: number }> {
  const res = await fetch(`${restate!.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  const id = res.headers.get('x-restate-id');
  if (!id) {
    throw new Error(`no x-restate-id on ${path}: ${res.status}`);
  }
  return { id, status: res.status };
}

async function sql<T>(query: string): Promise<T[]> {
  const res = await fetch(`${restate!.adminUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  return ((await res.json()) as { rows: T[] }).rows;
}

function allSpans(): TraceSpanLike[] {
  return exports.flatMap((e) => spansFromOtlpJson(e));
}

const invocationIdOf = (span: TraceSpanLike) =>
  span.tags.find((t) => t.key === 'restate.invocation.id')?.value as string | undefined;

/** The invocation a captured line is about: a server event's own field, else its innermost span; an SDK prefix. */
function primaryInvocationId(line: string): string | undefined {
  if (line.startsWith('{')) {
    const o = JSON.parse(line);
    const spans: Array<Record<string, string>> = [o.span ?? {}, ...[...(o.spans ?? [])].reverse()];
    return (
      o.fields?.['restate.invocation.id'] ??
      spans.map((s) => s['restate.invocation.id'] ?? s.invocation_id).find((v) => typeof v === 'string')
    );
  }
  return line.match(/\[restate\]\[[^\]]+\]\[.*?\]\[(inv_[0-9A-Za-z]+)\]/)?.[1];
}

const ids: Record<'ok' | 'keyed' | 'flaky' | 'fail', string> = { ok: '', keyed: '', flaky: '', fail: '' };
let lines: Array<{ source: string; line: string }> = [];
let traceIds: Record<string, string | undefined> = {};

beforeAll(async () => {
  const port = await startReceiver();
  restate = await startRestate({
    logFilter: 'warn,restate=debug',
    env: { RESTATE_TRACING_ENDPOINT: `otlp+http+json://127.0.0.1:${port}/v1/traces` },
  });
  service = await startTestService();
  await registerDeployment(restate.adminUrl, service.url);

  ids.ok = (await invoke('greeter/greet', { name: 'Alice' })).id;
  // A virtual object: its SDK lines carry the key in the target, [counter/alice/add][inv_…].
  ids.keyed = (await invoke('counter/alice/add', 5)).id;
  ids.flaky = (await invoke('greeter/flaky', { failures: 2 })).id;
  ids.fail = (await invoke('greeter/fail', {})).id;

  // Spans are exported in batches: wait until every invocation's end span has arrived.
  const deadline = Date.now() + 60_000;
  const ended = () =>
    new Set(
      allSpans()
        .filter((s) => s.operationName.startsWith('invocation-end'))
        .map(invocationIdOf)
    );
  while (!Object.values(ids).every((id) => ended().has(id)) && Date.now() < deadline) {
    await sleep(250);
  }

  const rows = await sql<{ id: string; trace_id?: string }>(
    `SELECT id, trace_id FROM sys_invocation WHERE id IN (${Object.values(ids)
      .map((i) => `'${i}'`)
      .join(',')})`
  );
  traceIds = Object.fromEntries(rows.map((r) => [r.id, r.trace_id]));

  const split = (source: string, text: string) =>
    text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => ({ source, line }));
  lines = [
    ...split('server stdout', restate.stdout()),
    ...split('server stderr', restate.stderr()),
    ...split('SDK service', service.output()),
  ];
}, 110_000);

afterAll(async () => {
  await service?.stop();
  await restate?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const model = buildObservability({
  name: 'it',
  restateUid: 'restate-it',
  lokiUrl: 'http://127.0.0.1:3100',
  tempoUrl: 'http://127.0.0.1:3200',
  token: { kind: 'none' },
  logSelector: SELECTOR,
});
const derived = model.loki.jsonData.derivedFields as DerivedFieldConfig[];
const types = { [model.tempo.uid]: 'tempo' };
const traceToLogs = model.tempo.jsonData.tracesToLogsV2 as TraceToLogsOptionsV2;

describe('correlation on real Restate output', () => {
  it('ran successful (service and virtual object), retried and failed invocations and captured all three log streams', async () => {
    const status = await sql<{ id: string; status: string; completion_result?: string; retry_count?: number }>(
      `SELECT id, status, completion_result, retry_count FROM sys_invocation WHERE id IN ('${Object.values(ids).join("','")}')`
    );
    const byId = Object.fromEntries(status.map((r) => [r.id, r]));
    expect(byId[ids.ok]).toMatchObject({ status: 'completed', completion_result: 'success' });
    expect(byId[ids.keyed]).toMatchObject({ status: 'completed', completion_result: 'success' });
    expect(byId[ids.flaky]).toMatchObject({ status: 'completed', completion_result: 'success' });
    expect(byId[ids.fail]).toMatchObject({ status: 'completed', completion_result: 'failure' });
    // Retries are WARN lines, which Restate writes to stderr.
    expect(restate!.stderr()).toContain(ids.flaky);
    expect(service!.output()).toContain(`[greeter/greet][${ids.ok}]`);
    expect(service!.output()).toContain(`[counter/alice/add][${ids.keyed}]`);
    expect(new Set(lines.map((l) => l.source))).toEqual(new Set(['server stdout', 'server stderr', 'SDK service']));
  });

  it('links every log line that carries an invocation id to a TraceQL query on exactly that id', () => {
    let linked = 0;
    for (const { source, line } of lines) {
      const found = new Set(line.match(/inv_[0-9A-Za-z]{10,}/g) ?? []);
      const links = derivedLinksForLine(line, derived, types);
      const where = { source, line: line.slice(0, 300) };
      if (found.size === 0) {
        expect({ ...where, links }).toEqual({ ...where, links: [] });
        continue;
      }
      linked++;
      const id = primaryInvocationId(line);
      expect({ ...where, id: typeof id }).toEqual({ ...where, id: 'string' });
      expect({ ...where, links }).toEqual({
        ...where,
        links: [
          {
            field: expect.any(String),
            value: id,
            datasourceUid: model.tempo.uid,
            query: `{ .restate.invocation.id="${id}" }`,
            queryType: 'traceql',
          },
        ],
      });
    }
    expect(linked).toBeGreaterThan(20);
  });

  it('links lines of each invocation, from the server and from the SDK', () => {
    for (const id of Object.values(ids)) {
      const linkedTo = lines.filter(({ line }) =>
        derivedLinksForLine(line, derived, types).some((l) => l.value === id)
      );
      expect({ id, sources: [...new Set(linkedTo.map((l) => l.source))].sort() }).toEqual({
        id,
        sources: expect.arrayContaining(['SDK service', 'server stdout']),
      });
    }
    // The retries (stderr WARN lines) of the flaky invocation link to its trace too.
    const retryLinks = lines
      .filter((l) => l.source === 'server stderr')
      .flatMap(({ line }) => derivedLinksForLine(line, derived, types))
      .filter((l) => l.value === ids.flaky);
    expect(retryLinks.length).toBeGreaterThanOrEqual(2);
  });

  it("filters each span's trace-to-logs query on its own invocation id, and those logs link back to it", () => {
    const spans = allSpans();
    const ours = spans.filter((s) => Object.values(ids).includes(invocationIdOf(s) ?? ''));
    expect(ours.length).toBeGreaterThanOrEqual(12);
    for (const span of spans) {
      const id = invocationIdOf(span);
      const link = traceToLogsLink(span, traceToLogs);
      if (!id) {
        expect({ span: span.operationName, link }).toEqual({ span: span.operationName, link: undefined });
        continue;
      }
      expect(link).toMatchObject({ datasourceUid: model.loki.uid, expr: `${SELECTOR} |= "${id}"` });
      expect(link!.from).toBe(Math.floor(span.startTime / 1000) - 5 * 60_000);
    }
    // Round trip: for each invocation, the logs query of its spans (LogQL `|=` is a substring filter) selects
    // captured lines, and each selected line's derived link is the TraceQL query of that same invocation.
    for (const id of Object.values(ids)) {
      const span = ours.find((s) => invocationIdOf(s) === id)!;
      const expr = traceToLogsLink(span, traceToLogs)!.expr;
      const needle = JSON.parse(expr.slice(expr.indexOf('|=') + 2).trim());
      const selected = lines.filter(({ line }) => line.includes(needle));
      expect(selected.length).toBeGreaterThan(0);
      for (const { line } of selected) {
        expect(derivedLinksForLine(line, derived, types).map((l) => l.query)).toEqual([
          `{ .restate.invocation.id="${id}" }`,
        ]);
      }
      // And that TraceQL query finds this invocation's spans (attribute equality on the span).
      const traced = spans.filter((s) => invocationIdOf(s) === id);
      expect(traced.map((s) => s.operationName.split(' ')[0])).toEqual(expect.arrayContaining(['invocation-end']));
    }
  });

  it("builds the invocation's Explore links on its real trace_id and its time window", async () => {
    const rows = await sql<{
      id: string;
      trace_id?: string;
      created_at: string;
      modified_at?: string;
      completed_at?: string;
    }>(`SELECT id, trace_id, created_at, modified_at, completed_at FROM sys_invocation WHERE id = '${ids.flaky}'`);
    const range = invocationTimeWindow(rows[0]);
    const spans = allSpans().filter((s) => invocationIdOf(s) === ids.flaky);
    // Every span of the invocation falls inside the window the links open.
    for (const s of spans) {
      expect(s.startTime / 1000).toBeGreaterThanOrEqual(range.from);
      expect((s.startTime + s.duration) / 1000).toBeLessThanOrEqual(range.to);
    }
    const panes = (url: string) =>
      Object.values(JSON.parse(new URL(url, 'http://g').searchParams.get('panes')!))[0] as any;
    const trace = panes(
      traceExploreUrl({ tempoUid: model.tempo.uid, invocationId: ids.flaky, traceId: rows[0].trace_id, range })
    );
    expect(spans.map((s) => s.traceID)).toContain(trace.queries[0].query);
    const logs = panes(
      logsExploreUrl({ lokiUid: model.loki.uid, logSelector: SELECTOR, invocationId: ids.flaky, range })
    );
    expect(logs.queries[0].expr).toBe(`${SELECTOR} |= "${ids.flaky}"`);
  });

  it('records in sys_invocation.trace_id the trace that holds the invocation spans', () => {
    const spans = allSpans();
    for (const id of Object.values(ids)) {
      const traceOf = new Set(spans.filter((s) => invocationIdOf(s) === id).map((s) => s.traceID));
      const recorded = traceIds[id];
      if (recorded) {
        expect({ id, traces: [...traceOf] }).toEqual({ id, traces: expect.arrayContaining([recorded]) });
      } else {
        // Without a recorded trace id the Explore link falls back to TraceQL on the invocation id, covered above.
        expect(traceOf.size).toBeGreaterThan(0);
      }
    }
  });
});
