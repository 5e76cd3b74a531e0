// `--since 7d` as the cost report's range: from 00:00 UTC N-1 days before today to now, so
// "7d" is today and the six whole days before it, the days the gateway books spend in (UTC).
// The gateway takes at most 31 days a call (its error "the range may span at most 31 days").
import { CagwError } from '@cagw/errors';

export const MAX_REPORT_DAYS = 31;

export interface ReportRange {
  days: number;
  /** RFC 3339, 00:00 UTC of the first day */
  startingAt: string;
}

export function reportRange(since: string, now: Date = new Date()): ReportRange {
  const match = /^(\d{1,3})d$/.exec(since.trim());
  const days = match ? Number(match[1]) : NaN;
  if (!(days >= 1 && days <= MAX_REPORT_DAYS)) {
    throw new CagwError('ReportRangeInvalid', `--since ${since} is not a number of days from 1 to ${MAX_REPORT_DAYS}`, {
      source: 'user',
      where: '--since',
      fix: `write it as days, e.g. --since 7d (today and the 6 days before, UTC); the gateway reports at most ${MAX_REPORT_DAYS} days a call`,
    });
  }
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  return { days, startingAt: start.toISOString().replace('.000Z', 'Z') };
}
