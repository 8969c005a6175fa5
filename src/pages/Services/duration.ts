/**
 * Validates a duration the way Restate 1.7 parses service settings: jiff's "friendly" format
 * ("1h 30m", "2 days", "1h, 30m", "01:30:00", "500ms") or ISO 8601 ("PT1H30M", "P1D"); units of
 * days or smaller; not negative. The rules below were measured against restate-server 1.7.12
 * (PATCH /services/{name}); Restate's own error text for bad values is kept in
 * src/api/__fixtures__/admin/service_patch_bad.body.
 */

const UNITS: Array<{ rank: number; names: string[]; fraction: boolean; tooBig?: boolean }> = [
  { rank: 9, names: ['y', 'yr', 'yrs', 'year', 'years'], fraction: false, tooBig: true },
  { rank: 8, names: ['mo', 'mos', 'month', 'months'], fraction: false, tooBig: true },
  { rank: 7, names: ['w', 'wk', 'wks', 'week', 'weeks'], fraction: false },
  { rank: 6, names: ['d', 'day', 'days'], fraction: false },
  { rank: 5, names: ['h', 'hr', 'hrs', 'hour', 'hours'], fraction: true },
  { rank: 4, names: ['m', 'min', 'mins', 'minute', 'minutes'], fraction: true },
  { rank: 3, names: ['s', 'sec', 'secs', 'second', 'seconds'], fraction: true },
  { rank: 2, names: ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'], fraction: true },
  { rank: 1, names: ['µs', 'μs', 'us', 'usec', 'usecs', 'microsecond', 'microseconds'], fraction: true },
  { rank: 0, names: ['ns', 'nsec', 'nsecs', 'nanosecond', 'nanoseconds'], fraction: true },
];
const UNIT_BY_NAME = new Map(UNITS.flatMap((u) => u.names.map((n) => [n, u] as const)));
const UNIT_NAMES = [...UNIT_BY_NAME.keys()].sort((a, b) => b.length - a.length);

export const DURATION_HELP =
  'Examples: 30s, 10m, 1h 30m, 2 days, 500ms, or ISO 8601 like PT1H30M. Units from weeks down to nanoseconds; no months or years; not negative.';

const TOO_BIG = 'Use units of days or smaller (for example 30d instead of 1 month).';

function validateIso(s: string): string | undefined {
  const m =
    /^([+-]?)[Pp](?:(\d+)[Yy])?(?:(\d+)[Mm])?(?:(\d+)[Ww])?(?:(\d+)[Dd])?(?:([Tt])(?:(\d+(?:[.,]\d+)?)[Hh])?(?:(\d+(?:[.,]\d+)?)[Mm])?(?:(\d+(?:[.,]\d+)?)[Ss])?)?$/.exec(
      s
    );
  if (!m) {
    return `“${s}” is not a valid ISO 8601 duration. ${DURATION_HELP}`;
  }
  const [, sign, y, mo, w, d, t, h, min, sec] = m;
  if (sign === '-') {
    return 'A duration cannot be negative.';
  }
  if (y !== undefined || mo !== undefined) {
    return TOO_BIG;
  }
  if (t && h === undefined && min === undefined && sec === undefined) {
    return 'After “T” give at least one time unit, for example PT30M.';
  }
  if ([w, d, h, min, sec].every((v) => v === undefined)) {
    return 'Give at least one unit, for example P1D or PT1H.';
  }
  // Only the smallest unit may have a fraction.
  const timeParts = [h, min, sec];
  const lastIdx = timeParts.map((v) => v !== undefined).lastIndexOf(true);
  if (timeParts.some((v, i) => v !== undefined && /[.,]/.test(v) && i !== lastIdx)) {
    return 'Only the last (smallest) unit may have a fraction, for example PT1H30M instead of PT1.5H30M.';
  }
  return undefined;
}

function validateFriendly(s: string): string | undefined {
  let rest = s;
  let negative = false;
  if (rest.startsWith('+') || rest.startsWith('-')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (/\s+ago$/.test(rest)) {
    negative = true;
    rest = rest.replace(/\s+ago$/, '');
  }
  if (rest === '0') {
    return undefined;
  }
  if (!/^\d/.test(rest)) {
    return `A duration starts with a number, for example 30s or 1h 30m. ${DURATION_HELP}`;
  }
  let lastRank = Infinity;
  let sawFraction = false;
  let components = 0;
  while (rest.length > 0) {
    // HH:MM:SS[.fff] may stand alone or end the duration (after days/weeks).
    const hms = /^(\d+):(\d{2}):(\d{2})(?:[.,]\d+)?$/.exec(rest);
    if (hms) {
      if (lastRank <= 5) {
        return 'HH:MM:SS can only follow days or weeks; write 1h 30m 10s instead.';
      }
      if (sawFraction) {
        return 'Only the last (smallest) unit may have a fraction.';
      }
      components++;
      rest = '';
      break;
    }
    const num = /^(\d+)(?:([.,])(\d*))?/.exec(rest);
    if (!num) {
      return `Expected a number before “${rest}”. ${DURATION_HELP}`;
    }
    if (num[2] !== undefined && num[3] === '') {
      return `Add digits after the decimal point in “${num[0]}” (for example 1.5h), or drop the point.`;
    }
    if (sawFraction) {
      return 'Only the last (smallest) unit may have a fraction: write 1h 30m rather than 1.5h 30m.';
    }
    rest = rest.slice(num[0].length).replace(/^\s+/, '');
    const unitName = UNIT_NAMES.find((n) => rest.startsWith(n) && !/^[A-Za-zµμ]/.test(rest.slice(n.length)));
    if (!unitName) {
      const word = /^[^\s,\d]*/.exec(rest)?.[0];
      return word
        ? `“${word}” is not a unit Restate knows (units are lower case: ms, s, m, h, d, w or their names such as “minutes”).`
        : `Add a unit after ${num[0]}, for example ${num[0]}s or ${num[0]}m.`;
    }
    const unit = UNIT_BY_NAME.get(unitName)!;
    if (unit.tooBig) {
      return TOO_BIG;
    }
    if (num[2] !== undefined) {
      if (!unit.fraction) {
        return `Fractional ${unit.rank === 6 ? 'days' : 'weeks'} are not supported; use hours, for example 36h instead of 1.5d.`;
      }
      sawFraction = true;
    }
    if (unit.rank >= lastRank) {
      return 'Write units from largest to smallest, each at most once (for example 1h 30m, not 30m 1h).';
    }
    lastRank = unit.rank;
    components++;
    rest = rest.slice(unitName.length);
    if (rest.length === 0) {
      break;
    }
    const sep = /^(?:,\s+|\s+)/.exec(rest);
    if (sep) {
      rest = rest.slice(sep[0].length);
    } else if (rest.startsWith(',')) {
      return 'Put a space after the comma, for example “1h, 30m”.';
    } else if (!/^\d/.test(rest)) {
      return `Unexpected “${rest}” after the unit. ${DURATION_HELP}`;
    }
  }
  if (components === 0) {
    return `Enter a duration. ${DURATION_HELP}`;
  }
  if (negative) {
    return 'A duration cannot be negative.';
  }
  return undefined;
}

/** Undefined when Restate accepts `input` as a duration; otherwise a message that says how to fix it. */
export function validateDuration(input: string): string | undefined {
  if (input === '') {
    return `Enter a duration. ${DURATION_HELP}`;
  }
  if (input !== input.trim()) {
    return 'Remove the spaces before or after the duration.';
  }
  if (/^[+-]?[Pp]/.test(input)) {
    return validateIso(input);
  }
  return validateFriendly(input);
}
