// POST a query straight to Restate's /query (JSON needs Accept: application/json exactly).
export async function query(adminUrl, sql, { headers = {} } = {}) {
  const r = await fetch(`${adminUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: sql }),
  });
  const text = await r.text();
  if (!r.ok) {
    throw new Error(`/query ${r.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text).rows;
}

// Right after start, partitions may not be running yet ("expecting a partition store"): retry, bounded.
export async function waitForQueryable(adminUrl, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      return await query(adminUrl, 'SELECT count(*) AS n FROM sys_invocation');
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Restate /query not ready after ${timeoutMs} ms: ${last}`);
}
