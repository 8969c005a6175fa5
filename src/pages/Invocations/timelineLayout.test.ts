import { toJournalEntry, toJournalEvent } from '../../api/invocations';
import { journalEventsTrip, journalTrip } from '../../api/__fixtures__/sql/journalTrip';
import { journalSlow } from '../../api/__fixtures__/sql/samples';
import { formatDuration, layoutTimeline, MIN_BAR_PCT, tickStep } from './timelineLayout';

const entries = journalTrip.rows.map(toJournalEntry);
const events = journalEventsTrip.rows.map(toJournalEvent);
const createdAt = Date.parse('2026-12-01T23:09:37.506Z');
const completedAt = Date.parse('2026-12-01T23:09:38.835Z');
const at = (s: string) => Date.parse(`2026-12-01T23:09:${s}Z`);

describe('journal timeline layout', () => {
  const layout = layoutTimeline(entries, events, { now: completedAt + 60_000, createdAt, completedAt });
  const row = (index: number) => layout.rows.find((r) => r.entry?.index === index)!;

  it('spans the axis from creation to completion', () => {
    expect(layout.t0).toBe(createdAt);
    expect(layout.t1).toBe(completedAt);
  });

  it('draws a command from its append to its completion', () => {
    // Call greeter/greet: appended 37.523, result notification #3 at 37.553.
    expect(row(1)).toMatchObject({ start: at('37.523'), end: at('37.553'), durationMs: 30, completedBy: 3 });
    // The sleep of 300 ms.
    expect(row(4)).toMatchObject({ durationMs: 300, completedBy: 5 });
    expect(row(9)).toMatchObject({ durationMs: 3, completedBy: 10 });
    expect(row(5)).toMatchObject({ completes: 4 });
    const span = completedAt - createdAt;
    expect(row(4).left).toBeCloseTo(((at('37.556') - createdAt) / span) * 100, 5);
    expect(row(4).width).toBeCloseTo((300 / span) * 100, 5);
  });

  it('draws an awakeable as the wait since the entry before it', () => {
    expect(row(8)).toMatchObject({ start: at('37.869'), end: at('38.185'), durationMs: 316 });
  });

  it('keeps instant entries visible and inside the axis', () => {
    expect(row(0).width).toBe(MIN_BAR_PCT);
    expect(row(11).left).toBeLessThanOrEqual(100 - MIN_BAR_PCT);
  });

  it('puts a failed attempt after the entry it followed, at its time', () => {
    const i = layout.rows.findIndex((r) => r.kind === 'event');
    expect(layout.rows[i - 1].entry?.index).toBe(10);
    expect(layout.rows[i]).toMatchObject({ start: at('38.198'), width: 0 });
    expect(layout.failedAttempts).toBe(1);
  });

  it('ticks at round steps', () => {
    expect(layout.ticks.map((t) => t.label)).toEqual([
      '0',
      '+200 ms',
      '+400 ms',
      '+600 ms',
      '+800 ms',
      '+1 s',
      '+1.2 s',
    ]);
    expect(layout.ticks[1].left).toBeCloseTo((200 / (completedAt - createdAt)) * 100, 5);
  });

  it('runs a sleep still waiting to now, and names its wake-up beyond the axis', () => {
    const slow = journalSlow.rows.map(toJournalEntry);
    const start = Date.parse('2026-11-22T23:30:21.780Z');
    const now = start + 10_000;
    const l = layoutTimeline(slow, [], { now, createdAt: start });
    const sleep = l.rows[1];
    expect(l.t1).toBe(now);
    expect(sleep).toMatchObject({ open: true, end: now });
    // It wakes up 600 s after it started: beyond the axis, named.
    expect(sleep.beyondEnd).toBe(slow[1].details[0].time);
    // Once past it (a late timer), nothing is beyond the axis.
    const later = layoutTimeline(slow, [], { now: start + 700_000, createdAt: start });
    expect(later.rows[1]).toMatchObject({ open: true, beyondEnd: undefined, durationMs: 700_000 - 47 });
  });

  it('formats durations and picks tick steps', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3 * 3_600_000 + 20 * 60_000)).toBe('3 h 20 min');
    expect(formatDuration(2 * 86_400_000 + 3_600_000 * 4)).toBe('2 d 4 h');
    expect(tickStep(1329)).toBe(200);
    expect(tickStep(10 * 60_000)).toBe(120_000);
    expect(tickStep(90 * 60_000)).toBe(900_000);
  });
});
