import { validateDuration } from './duration';

// Each case was checked against restate-server 1.7.12 (PATCH /services/counter {"inactivity_timeout": …}).
const ACCEPTED = [
  '1h 30m', 'PT1H', '90 minutes', '1.5h', '0s', '1h30m', '1 day', '5 hours', 'P1D', 'PT1H30M', '1d 2h', '1hr',
  '2 weeks', '1 hour, 30 minutes', '1500ms', '1.5s', 'PT0.5S', '1 h', '1h, 30m', '+1h', 'pt1h', 'P1W', 'PT1.5H',
  '1h  30m', '1,5h', '1 hours', '1w', '1 wk', '3 secs', '2 mins', '1 msec', '5us', '5µs', '5ns', '0', 'P0D',
  '1d1h', '01:30:00', '1d 01:30:00', '1d 1.5h', '1.5ms', '1 millisecond', '3 nsecs', '5 usecs', '2 weeks 1d',
  '1 days', '1day', '1hour', 'PT1M', 'PT1H2M3.5S', 'P1DT2H',
];
const REJECTED: Array<[string, RegExp]> = [
  ['banana', /starts with a number/],
  ['-1h', /negative/],
  ['1h ago', /negative/],
  ['', /Enter a duration/],
  ['10', /Add a unit after 10/],
  ['1mo', /days or smaller/],
  ['1y', /days or smaller/],
  ['P1Y', /days or smaller/],
  ['P1M', /days or smaller/],
  ['1H', /not a unit/],
  ['1 Hour', /not a unit/],
  ['  1h  ', /spaces before or after/],
  ['30m 1h', /largest to smallest/],
  ['1h 1h', /largest to smallest/],
  ['1.5h 30m', /fraction/],
  ['1h,30m', /space after the comma/],
  ['1.5d', /Fractional days/],
  ['1h30', /Add a unit after 30/],
  ['ago 1h', /starts with a number/],
  ['- 1h', /starts with a number/],
  ['PT', /After “T”/],
  ['P', /at least one unit/],
  ['P1DT', /After “T”/],
  ['1.h', /digits after the decimal point/],
  ['1_000s', /not a unit/],
  ['1e3s', /not a unit/],
  ['PT1.5H2M', /fraction/],
];

describe('validateDuration (Restate 1.7 service settings)', () => {
  it.each(ACCEPTED)('accepts %j', (d) => expect(validateDuration(d)).toBeUndefined());
  it.each(REJECTED)('rejects %j', (d, message) => expect(validateDuration(d)).toMatch(message));
});
