import { installFakeBackend, type Answer } from '../test/backendSrv';
import { checkLinkedDataSource } from './grafanaApi';

describe('checkLinkedDataSource', () => {
  const verdictOf = async (kind: 'loki' | 'tempo', answer: Answer) => {
    const backend = installFakeBackend(() => answer);
    const verdict = await checkLinkedDataSource(kind, 'ds 1');
    expect(backend.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      kind === 'loki' ? 'GET /api/datasources/uid/ds%201/health' : 'GET /api/datasources/proxy/uid/ds%201/api/echo',
    ]);
    return verdict;
  };

  it.each<[string, 'loki' | 'tempo', Answer, string, string]>([
    [
      'Loki passing',
      'loki',
      { data: { status: 'OK', message: 'Successfully queried the Loki API.' } },
      'up',
      'Successfully',
    ],
    [
      'Loki failing (400, status ERROR)',
      'loki',
      {
        status: 400,
        data: { status: 'ERROR', message: 'There was an error returned querying the Loki API.: connection refused' },
      },
      'down',
      'connection refused',
    ],
    [
      'a Loki uid Grafana does not have',
      'loki',
      { status: 404, data: { message: 'Data source not found' } },
      'missing',
      'not found',
    ],
    [
      'a Loki uid an older Grafana cannot load',
      'loki',
      { status: 500, data: { message: 'Unable to load datasource metadata' } },
      'missing',
      'Unable to load',
    ],
    [
      'no permission to query Loki',
      'loki',
      { status: 403, data: { message: 'Access denied to datasource' } },
      'unknown',
      'Access denied',
    ],
    ['Grafana itself failing', 'loki', { status: 502, data: {} }, 'unknown', 'HTTP 502'],
    ['Tempo answering its echo', 'tempo', { data: 'echo' }, 'up', 'Tempo answered'],
    ['Tempo not reachable (502 from the proxy)', 'tempo', { status: 502, data: '' }, 'down', 'could not reach Tempo'],
    ['Tempo timing out (504)', 'tempo', { status: 504, data: '' }, 'down', 'timed out'],
    [
      'Tempo refusing Grafana’s credentials',
      'tempo',
      { status: 400, data: { message: 'Authentication to data source failed' } },
      'down',
      'Authentication',
    ],
    [
      'a Tempo uid Grafana does not have',
      'tempo',
      { status: 404, data: { message: 'Unable to find datasource' } },
      'missing',
      'Unable to find',
    ],
    ['a session that expired', 'tempo', { status: 401, data: { message: 'Unauthorized' } }, 'unknown', 'Unauthorized'],
  ])('%s', async (_, kind, answer, state, words) => {
    const verdict = await verdictOf(kind, answer);
    expect(verdict.state).toBe(state);
    expect(verdict.message).toContain(words);
  });
});
