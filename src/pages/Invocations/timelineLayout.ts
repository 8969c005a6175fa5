import type { JournalEntry, JournalEvent } from '../../api/invocations';

/*
 * Where the time of an invocation went: each journal entry on one time axis. A command that waits (call, sleep,
 * run, promise, …) is a bar from when it was appended to when its completion notification arrived (journal v2
 * links them by completion id); a signal (an awakeable being resolved) is a bar from the entry before it, the
 * time the handler waited; a retry or pause event is a mark at its time. Pure layout: positions in percent.
 */

export interface TimelineRow {
  key: string;
  kind: 'entry' | 'event';
  entry?: JournalEntry;
  event?: JournalEvent;
  /** Start and end on the axis (epoch ms). A point has end === start. */
  start?: number;
  end?: number;
  /** Still waiting: the bar runs to `now`. */
  open?: boolean;
  /** When a sleep wakes up (or a delayed one-way call runs), if that is later than the axis' end. */
  beyondEnd?: number;
  durationMs?: number;
  /** The notification that completed this command / the command this notification completes. */
  completedBy?: number;
  completes?: number;
  /** Percent of the axis. */
  left: number;
  width: number;
}

export interface TimelineTick {
  at: number;
  left: number;
  label: string;
}

export interface TimelineLayout {
  t0: number;
  t1: number;
  rows: TimelineRow[];
  ticks: TimelineTick[];
  /** Failed attempts (transient errors) in the shown events. */
  failedAttempts: number;
}

export interface TimelineContext {
  now: number;
  createdAt?: number;
  /** Set when the invocation has completed: the axis ends there. */
  completedAt?: number;
}

/** Minimum width of a bar, in percent, so a 1 ms run is still visible and clickable. */
export const MIN_BAR_PCT = 0.6;

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
];

/** "850 ms", "1.5 s", "2 min 5 s", "3 h 20 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${s < 10 ? Math.round(s * 10) / 10 : Math.round(s)} s`;
  }
  const parts: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  const out: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [unit, name] of parts) {
    if (rest >= unit && out.length < 2) {
      out.push(`${Math.floor(rest / unit)} ${name}`);
      rest %= unit;
    } else if (out.length) {
      break;
    }
  }
  return out.join(' ');
}

/** A round step so the axis gets at most `maxTicks` ticks (plus 0). */
export function tickStep(spanMs: number, maxTicks = 8): number {
  return STEPS_MS.find((s) => spanMs / s <= maxTicks) ?? Math.ceil(spanMs / maxTicks);
}

function pct(t: number, t0: number, span: number) {
  return span <= 0 ? 0 : Math.min(100, Math.max(0, ((t - t0) / span) * 100));
}

/** A notification that arrives on its own (not completing a command): signals (awakeables, cancellation). */
export function isSignal(e: JournalEntry): boolean {
  return e.category === 'Notification' && e.signal !== undefined;
}

export function layoutTimeline(
  entries: JournalEntry[],
  events: JournalEvent[],
  { now, createdAt, completedAt }: TimelineContext
): TimelineLayout {
  const byCompletion = new Map<number, JournalEntry>();
  for (const e of entries) {
    if (e.completes !== undefined && !byCompletion.has(e.completes)) {
      byCompletion.set(e.completes, e);
    }
  }
  const times = [
    createdAt,
    completedAt,
    ...entries.map((e) => e.appendedAt),
    ...events.map((e) => e.appendedAt),
  ].filter((t): t is number => t !== undefined);
  const t0 = times.length ? Math.min(...times) : now;
  const done = completedAt !== undefined;
  const t1 = Math.max(done ? completedAt : now, ...times, t0 + 1);
  const span = t1 - t0;

  const rows: TimelineRow[] = [];
  const eventsAfter = new Map<number, JournalEvent[]>();
  for (const ev of [...events].sort((a, b) => (a.appendedAt ?? 0) - (b.appendedAt ?? 0))) {
    const k = ev.afterIndex ?? -1;
    eventsAfter.set(k, [...(eventsAfter.get(k) ?? []), ev]);
  }
  const pushEvents = (after: number) => {
    (eventsAfter.get(after) ?? []).forEach((ev, i) => {
      const at = ev.appendedAt;
      rows.push({
        key: `ev-${after}-${i}`,
        kind: 'event',
        event: ev,
        start: at,
        end: at,
        left: at === undefined ? 0 : pct(at, t0, span),
        width: 0,
      });
    });
  };
  pushEvents(-1);

  entries.forEach((e, i) => {
    let start = e.appendedAt;
    let end = start;
    let open = false;
    let completedBy: number | undefined;
    if (e.category === 'Command' && e.awaits?.length) {
      // The last of its completions (a call's result comes after the callee's id).
      const notes = e.awaits.map((id) => byCompletion.get(id));
      if (notes.every(Boolean)) {
        const last = notes.reduce((a, b) => ((b!.appendedAt ?? 0) > (a!.appendedAt ?? 0) ? b : a))!;
        end = last.appendedAt ?? start;
        completedBy = last.index;
      } else if (!done && start !== undefined) {
        end = t1;
        open = true;
      }
    } else if (e.completed === false && !done && start !== undefined) {
      end = t1;
      open = true;
    } else if (isSignal(e) && i > 0) {
      // An awakeable: the handler waited from the entry before it until it was resolved.
      start = entries[i - 1].appendedAt ?? start;
    }
    const wake = e.details.find((d) => d.time !== undefined)?.time;
    const left = start === undefined ? 0 : pct(start, t0, span);
    const right = end === undefined ? left : pct(end, t0, span);
    rows.push({
      key: `entry-${e.index}`,
      kind: 'entry',
      entry: e,
      start,
      end,
      open: open || undefined,
      beyondEnd: wake !== undefined && wake > t1 ? wake : undefined,
      durationMs: start !== undefined && end !== undefined && end > start ? end - start : undefined,
      completedBy,
      completes: e.completes !== undefined ? entries.find((c) => c.awaits?.includes(e.completes!))?.index : undefined,
      left: Math.min(left, 100 - MIN_BAR_PCT),
      width: Math.max(right - left, MIN_BAR_PCT),
    });
    pushEvents(e.index);
  });

  const step = tickStep(span);
  const ticks: TimelineTick[] = [];
  for (let at = 0; at <= span; at += step) {
    ticks.push({ at: t0 + at, left: pct(t0 + at, t0, span), label: at === 0 ? '0' : `+${formatDuration(at)}` });
  }
  return {
    t0,
    t1,
    rows,
    ticks,
    failedAttempts: events.filter((e) => e.type === 'TransientError').length,
  };
}
