// What each user or group spent over a range, from the gateway's own books: its cost report
// (GET /v1/organizations/analytics/cost), which sums the spend table the caps are enforced
// from. The gateway records spend per user per day only (its words), so there is no split by
// model; a user in two groups counts in full in each group, so the total is read on its own.
import { CagwError } from '@cagw/errors';
import type { SpendLimitsAdmin } from '../caps/spend-limits-admin.ts';
import type { ReportRange } from './report-range.ts';

export type SpendGrouping = 'user' | 'group';

export interface SpendRow {
  /** the email (or the subject where the gateway no longer knows it), or the group; "(no group)" for spend with none */
  name: string;
  usd: number;
}

export interface SpendReport {
  startingAt: string;
  by: SpendGrouping;
  totalUsd: number;
  rows: SpendRow[];
}

const PAGE = 1000;

export async function spendReport(admin: SpendLimitsAdmin, range: ReportRange, by: SpendGrouping): Promise<SpendReport> {
  const rows = await readAll(admin, range, by === 'user' ? 'actor' : 'rbac_group_id');
  const total = await readAll(admin, range, undefined);
  const named = rows.map((row): SpendRow => ({
    name: by === 'user' ? (row.group.actor?.email_address ?? `user-sub:${row.group.actor?.user_id ?? '?'}`) : (row.group.rbac_group_id ?? '(no group)'),
    usd: toUsd(cents(row.cost.amount)),
  }));
  return {
    startingAt: range.startingAt,
    by,
    totalUsd: toUsd(total.reduce((sum, row) => sum + cents(row.cost.amount), 0)),
    rows: named.sort((a, b) => b.usd - a.usd || a.name.localeCompare(b.name)),
  };
}

async function readAll(admin: SpendLimitsAdmin, range: ReportRange, groupBy: 'actor' | 'rbac_group_id' | undefined) {
  const query = new URLSearchParams([['starting_at', range.startingAt], ['limit', String(PAGE)], ...(groupBy ? [['group_by[]', groupBy] as [string, string]] : [])]);
  const page = await admin.costReport(query);
  if (page.has_more) {
    // a range that includes today cannot be paged (the gateway's rule: its amounts still change)
    throw new CagwError('ReportTooLarge', `the gateway's cost report has more than ${PAGE} ${groupBy === 'rbac_group_id' ? 'groups' : 'users'} for the range from ${range.startingAt}, more than one call may return while today is in the range`, {
      source: 'user',
      where: '--by',
      fix: 'report by group (--by group), or ask the lead to split the report across calls by actor_ids[]',
    });
  }
  return page.data;
}

// the gateway keeps cents to 6 decimals: dollars to 8, without binary noise
const toUsd = (cents: number) => Number((cents / 100).toFixed(8));

function cents(amount: string): number {
  const value = Number(amount);
  if (!Number.isFinite(value)) {
    throw new CagwError('AdminApiFailed', `the gateway's cost report gave the amount "${amount}", not a number`, { source: 'internal', where: 'GET /v1/organizations/analytics/cost', fix: 'report this with the gateway version (cagw local --version)' });
  }
  return value;
}
