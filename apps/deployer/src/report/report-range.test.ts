import { expect, test } from 'vitest';
import { reportRange } from './report-range.ts';

test('--since Nd starts at 00:00 UTC of the day N-1 days before today', () => {
  const now = new Date('2026-12-08T01:30:00Z');
  expect(reportRange('7d', now)).toEqual({ days: 7, startingAt: '2026-12-02T00:00:00Z' });
  expect(reportRange('1d', now)).toEqual({ days: 1, startingAt: '2026-12-08T00:00:00Z' });
  expect(reportRange('31d', now).startingAt).toBe('2026-11-08T00:00:00Z');
});

test('a range the gateway cannot report in one call, or not in days, is refused with the fix', () => {
  for (const since of ['0d', '32d', '7', '1w', '-3d']) expect(() => reportRange(since), since).toThrow(/not a number of days from 1 to 31/);
});
