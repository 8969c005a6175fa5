// The goals of issue #18, judged from the bench's figures: pure functions (unit-tested in goals.test.ts).

export const LIMITS = {
  /** the page's own time to rows, at most this times the floor (the fastest raw SQL giving the same rows) */
  pageVsFloor: 1.2,
  /** own(largest) / own(smallest) at most the floor's own growth times this */
  growthSlack: 1.2,
  /** the detail page (invocation, journal, state) own time, ms */
  detailMs: 300,
  /** the SQL page: 50 000 rows visible after the response arrived, ms */
  sqlAfterResponseMs: 1000,
  /** plugin JS the invocations page downloads before it shows rows, KB gzip */
  initialKb: 30,
  /** any one chunk, KB gzip */
  chunkKb: 60,
};

const r1 = (x) => (typeof x === 'number' ? Math.round(x * 10) / 10 : x);
const r2 = (x) => (typeof x === 'number' ? Math.round(x * 100) / 100 : x);
const isNum = (x) => typeof x === 'number' && Number.isFinite(x);

/**
 * Where the page's own time went (medians, ms on the page's clock): `module` (its module.js requested),
 * `listStart`/`listEnd` (the list request), `rows` (rows visible). Returns the parts that add up to the own time.
 */
export function ownTimeParts({ module, listStart, listEnd, rows }) {
  if (![module, listStart, listEnd, rows].every(isNum)) {
    return undefined;
  }
  return {
    own: rows - module,
    beforeSql: listStart - module,
    sql: listEnd - listStart,
    render: rows - listEnd,
  };
}

/** Whether the counts waited for the rows in every run: each run's counts request started after its list answered. */
export function countsAfterRows(runs) {
  const judged = runs.filter((r) => isNum(r.listEnd) && isNum(r.countsStart));
  if (judged.length === 0) {
    return undefined;
  }
  // 1 ms of slack: both marks come from the network layer's clock, rounded
  return judged.every((r) => r.countsStart >= r.listEnd - 1);
}

function why(parts, floor) {
  if (!parts || !isNum(floor)) {
    return 'not measured';
  }
  const fixed = parts.beforeSql + parts.render;
  // The page's SQL cannot beat the floor (the fastest raw query, the page's own among the candidates, with no
  // backend hop), so own time is at least floor + JS + render: the goal leaves JS and render (pageVsFloor - 1) x floor.
  const room = (LIMITS.pageVsFloor - 1) * floor;
  if (fixed > room) {
    return (
      `impossible here: the SQL cannot take less than the floor (${r1(floor)} ms), and loading the page's JS and ` +
      `starting the request (${r1(parts.beforeSql)} ms) and rendering (${r1(parts.render)} ms) alone take ` +
      `${r1(fixed)} ms, more than the ${r1(room)} ms (${r1(LIMITS.pageVsFloor - 1)}x the floor) the goal leaves ` +
      `them; the SQL through the backend took ${r1(parts.sql)} ms`
    );
  }
  return (
    `the SQL through the backend took ${r1(parts.sql)} ms of the ${r1(parts.own)} ms ` +
    `(JS ${r1(parts.beforeSql)} ms, render ${r1(parts.render)} ms)`
  );
}

/**
 * The goals table: one line per goal and size, `met` true/false (undefined: not measured), with the figure and,
 * when not met, why.
 * `sizes`: { [name]: { invocations, page: { parts, countsAfterRows }, floorMs, detail: { ownMs } } } in size order;
 * `sqlPage`: { afterResponseMs, heapMb }; `bundle`: { initialKb, largestChunk: { path, kb } }.
 */
export function judgeGoals({ sizes, sqlPage, bundle }) {
  const out = [];
  const names = Object.keys(sizes);
  for (const name of names) {
    const s = sizes[name];
    const own = s.page?.parts?.own;
    const ratio = isNum(own) && isNum(s.floorMs) && s.floorMs > 0 ? own / s.floorMs : undefined;
    const met = ratio === undefined ? undefined : ratio <= LIMITS.pageVsFloor;
    out.push({
      goal: `page own time <= ${LIMITS.pageVsFloor}x floor (${name}, ${s.invocations} invocations)`,
      measured: ratio === undefined ? 'n/a' : `${r1(own)} / ${r1(s.floorMs)} ms = ${r2(ratio)}x`,
      met,
      why: met === false ? why(s.page?.parts, s.floorMs) : undefined,
    });
  }
  for (const name of names) {
    const s = sizes[name];
    const ok = s.page?.countsAfterRows;
    out.push({
      goal: `rows first, counts after (${name})`,
      measured:
        ok === undefined
          ? 'n/a'
          : ok
            ? 'counts asked after the rows, every run'
            : 'counts sent before the rows arrived',
      met: ok,
    });
  }
  if (names.length >= 2) {
    const a = sizes[names[0]];
    const b = sizes[names[names.length - 1]];
    const ownA = a.page?.parts?.own;
    const ownB = b.page?.parts?.own;
    if ([ownA, ownB, a.floorMs, b.floorMs].every(isNum)) {
      const growth = ownB / ownA;
      const floorGrowth = b.floorMs / a.floorMs;
      out.push({
        goal: `own time growth ${names[names.length - 1]}/${names[0]} <= floor growth x ${LIMITS.growthSlack}`,
        measured: `${r2(growth)}x vs floor ${r2(floorGrowth)}x (limit ${r2(floorGrowth * LIMITS.growthSlack)}x)`,
        met: growth <= floorGrowth * LIMITS.growthSlack,
      });
    } else {
      out.push({ goal: 'own time growth <= floor growth x 1.2', measured: 'n/a', met: undefined });
    }
  }
  for (const name of names) {
    const ms = sizes[name].detail?.ownMs;
    out.push({
      goal: `detail + journal + state own time <= ${LIMITS.detailMs} ms (${name})`,
      measured: isNum(ms) ? `${r1(ms)} ms (floor ${r1(sizes[name].detail?.floorMs)} ms)` : 'n/a',
      met: isNum(ms) ? ms <= LIMITS.detailMs : undefined,
      why:
        isNum(ms) && ms > LIMITS.detailMs
          ? `JS ${r1(sizes[name].detail?.parts?.beforeSql)} ms, SQL ${r1(sizes[name].detail?.parts?.sql)} ms, render ${r1(sizes[name].detail?.parts?.render)} ms`
          : undefined,
    });
  }
  const after = sqlPage?.afterResponseMs;
  out.push({
    goal: `SQL page: 50 000 rows visible <= ${LIMITS.sqlAfterResponseMs} ms after the response`,
    measured: isNum(after) ? `${r1(after)} ms (JS heap ${r1(sqlPage.heapMb)} MB)` : 'n/a',
    met: isNum(after) ? after <= LIMITS.sqlAfterResponseMs : undefined,
  });
  out.push(...judgeBundleGoals(bundle));
  return out;
}

/** The two bundle goals alone (bench/bundle.mjs prints them); `bundle`: { initialKb, initial_files, largestChunk }. */
export function judgeBundleGoals(bundle) {
  const files = bundle?.initial_files?.length;
  return [
    {
      goal: `initial plugin JS of the invocations page <= ${LIMITS.initialKb} KB gzip`,
      measured: isNum(bundle?.initialKb) ? `${r1(bundle.initialKb)} KB${files ? ` in ${files} files` : ''}` : 'n/a',
      met: isNum(bundle?.initialKb) ? bundle.initialKb <= LIMITS.initialKb : undefined,
    },
    {
      goal: `no chunk over ${LIMITS.chunkKb} KB gzip`,
      measured: bundle?.largestChunk ? `largest ${r1(bundle.largestChunk.kb)} KB (${bundle.largestChunk.path})` : 'n/a',
      met: bundle?.largestChunk ? bundle.largestChunk.kb <= LIMITS.chunkKb : undefined,
    },
  ];
}

/** The goals as printed lines. */
export function formatGoals(goals) {
  const w = Math.max(...goals.map((g) => g.goal.length));
  const m = Math.max(...goals.map((g) => g.measured.length));
  return goals.map(
    (g) =>
      `${g.goal.padEnd(w)}  ${g.measured.padEnd(m)}  ${g.met === undefined ? 'not measured' : g.met ? 'met' : 'NOT met'}` +
      (g.why ? `\n${' '.repeat(w + 2)}why: ${g.why}` : '')
  );
}
