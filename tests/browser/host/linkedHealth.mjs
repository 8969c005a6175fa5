// Grafana's Loki health check (pkg/tsdb/loki/healthcheck.go), re-stated for the test host: an instant query of
// `vector(1)+vector(1)` at t = 4 s, which must come back as one sample of value 2. Its words are Grafana's.

const FAILED = 'There was an error returned querying the Loki API.';

/**
 * @param {string} url  the Loki data source's url
 * @returns {Promise<{ status: 'OK' | 'ERROR', message: string }>}
 */
export async function lokiHealth(url) {
  const q = new URLSearchParams({ query: 'vector(1)+vector(1)', time: '4', step: '1s' });
  let body;
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/loki/api/v1/query?${q}`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) {
      return {
        status: 'ERROR',
        message: `${FAILED}: ${res.status} ${res.statusText}: ${(await res.text()).slice(0, 200)}`,
      };
    }
    body = await res.json();
  } catch (e) {
    const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (e).cause;
    return { status: 'ERROR', message: `${FAILED}: ${cause?.code ?? cause?.message ?? String(e)}` };
  }
  const value = body?.data?.result?.[1] ?? body?.data?.result?.[0]?.value?.[1];
  return Number(value) === 2
    ? { status: 'OK', message: 'Successfully queried the Loki API.' }
    : { status: 'ERROR', message: `${FAILED}: invalid response` };
}
