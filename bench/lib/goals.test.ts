import { countsAfterRows, formatGoals, judgeBundleGoals, judgeGoals, LIMITS, ownTimeParts } from './goals.mjs';

const parts = (own: number, sql: number) => ({ own, beforeSql: (own - sql) / 2, sql, render: (own - sql) / 2 });

describe('bench goals (issue #18)', () => {
  it('splits the own time into JS, SQL and render, and only when every mark is there', () => {
    expect(ownTimeParts({ module: 100, listStart: 160, listEnd: 260, rows: 300 })).toEqual({
      own: 200,
      beforeSql: 60,
      sql: 100,
      render: 40,
    });
    expect(ownTimeParts({ module: 100, listStart: undefined, listEnd: 260, rows: 300 })).toBeUndefined();
  });

  it('says the counts came after the rows only if they did in every run', () => {
    expect(
      countsAfterRows([
        { listEnd: 200, countsStart: 201 },
        { listEnd: 300, countsStart: 300 },
      ])
    ).toBe(true);
    expect(
      countsAfterRows([
        { listEnd: 200, countsStart: 201 },
        { listEnd: 300, countsStart: 150 },
      ])
    ).toBe(false);
    expect(countsAfterRows([{ listEnd: 200 }])).toBeUndefined();
  });

  it('calls the floor goal impossible once JS and render alone exceed what it leaves above the floor', () => {
    const judge = (own: number, sql: number, floorMs: number) =>
      judgeGoals({
        sizes: { huge: { invocations: 1e6, page: { parts: parts(own, sql), countsAfterRows: true }, floorMs } },
      }).find((g) => g.goal.includes('floor ('))!;
    // JS + render 210 ms against a floor of 316 ms: under 1.2x the floor, yet own time >= 316 + 210 > 379.
    expect(judge(771, 561, 316).why).toMatch(/^impossible here: .* alone take 210 ms, more than the 63.2 ms/);
    // JS + render 40 ms: room enough (63.2 ms), so the SQL part is what is over.
    expect(judge(600, 560, 316).why).toMatch(/^the SQL through the backend took 560 ms/);
  });

  it('judges every goal, says why one is out of reach, and prints met / NOT met / not measured', () => {
    const goals = judgeGoals({
      sizes: {
        small: {
          invocations: 1000,
          page: { parts: parts(200, 20), countsAfterRows: true },
          floorMs: 15,
          detail: { ownMs: 250 },
        },
        huge: {
          invocations: 1e6,
          page: { parts: parts(1150, 950), countsAfterRows: false },
          floorMs: 1000,
          detail: { ownMs: 320, parts: parts(320, 100) },
        },
      },
      sqlPage: { afterResponseMs: 400, heapMb: 30 },
      bundle: { initialKb: 31, largestChunk: { path: 'a.js', kb: 22 } },
    });
    const by = (s: string) => goals.filter((g) => g.goal.includes(s));
    expect(by('floor (').map((g) => g.met)).toEqual([false, true]);
    expect(by('floor (small')[0].why).toMatch(
      /^impossible here: the SQL cannot take less than the floor \(15 ms\), .* alone take 180 ms, more than the 3 ms \(0.2x the floor\)/
    );
    expect(by('counts after').map((g) => g.met)).toEqual([true, false]);
    // own grew 5.75x while the floor grew 66.7x
    expect(by('growth')[0]).toMatchObject({ met: true, measured: '5.75x vs floor 66.67x (limit 80x)' });
    expect(by('detail').map((g) => g.met)).toEqual([true, false]);
    expect(by('SQL page')[0].met).toBe(true);
    expect(by('initial')[0].met).toBe(false);
    expect(by('no chunk')[0].met).toBe(true);
    const lines = formatGoals(goals).join('\n');
    expect(lines).toMatch(/page own time <= 1.2x floor \(huge, 1000000 invocations\)\s+1150 \/ 1000 ms = 1.15x\s+met/);
    expect(lines).toMatch(/initial plugin JS .* NOT met/);
  });

  it('judges the bundle alone, with the number of files the page downloaded', () => {
    const goals = judgeBundleGoals({
      initialKb: 29.96,
      initial_files: [{ path: 'module.js' }, { path: 'a.js' }],
      largestChunk: { path: 'b.js', kb: 61 },
    });
    expect(goals.map((g) => [g.measured, g.met])).toEqual([
      ['30 KB in 2 files', true],
      ['largest 61 KB (b.js)', false],
    ]);
    expect(judgeBundleGoals(undefined).map((g) => g.met)).toEqual([undefined, undefined]);
  });

  it('says what was not measured instead of judging it', () => {
    const goals = judgeGoals({ sizes: { small: { invocations: 5, page: {}, floorMs: undefined } } });
    expect(goals.every((g) => g.met === undefined)).toBe(true);
    expect(formatGoals(goals).every((l) => l.includes('not measured'))).toBe(true);
    expect(LIMITS.pageVsFloor).toBe(1.2);
  });
});
