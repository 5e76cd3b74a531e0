// Warnings before a cap bites: for each user's effective cap per period (their own, their group's
// or the organisation's, as the gateway resolves it), the first time their spend in that period
// reaches each of the warning percentages, one message. Pure: the caps and spend (the admin API's
// effective spend), the percentages and the keys already sent come in; the messages and the keys
// to remember come out, so a threshold is warned once per period however often this runs. When
// one pass crosses several thresholds at once only the highest is sent (the lower ones are kept
// as sent): a person at 95 % needs one message, not two.
import type { CapPeriod } from '@cagw/profile';
import type { ApiScope } from './spend-limits-admin.ts';

/** One row of the gateway's effective spend: a principal, a period, the cap that applies and the spend so far. */
export interface EffectiveSpend {
  sub: string;
  email: string | null;
  period: CapPeriod;
  /** whole cents as text; null when unlimited */
  capCents: string | null;
  /** the scope the cap comes from (user, rbac_group, organization); null when no cap applies */
  source: ApiScope | null;
  spentCents: number;
}

export interface CapWarning {
  /** remembered so this threshold is not warned again in this period */
  key: string;
  /** every key this message stands for: its own and the lower thresholds crossed in the same pass */
  covers: string[];
  percent: number;
  period: CapPeriod;
  /** user:<email>, group:<name> or organization: whose cap it is */
  capOf: string;
  user: string;
  text: string;
}

/** The period a spend belongs to, as the gateway resets it (UTC: the day, the ISO week, the month). */
export function periodInstance(period: CapPeriod, now: Date): string {
  if (period === 'daily') return now.toISOString().slice(0, 10);
  if (period === 'monthly') return now.toISOString().slice(0, 7);
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const week = Math.ceil(((day.getTime() - Date.UTC(day.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function capWarnings(input: { rows: EffectiveSpend[]; percents: number[]; sent: ReadonlySet<string>; now: Date }): { messages: CapWarning[]; sent: string[] } {
  const percents = [...new Set(input.percents)].sort((a, b) => a - b);
  const messages: CapWarning[] = [];
  const sent: string[] = [];
  for (const row of input.rows) {
    if (row.capCents === null || row.source === null) continue;
    const cap = Number(row.capCents);
    if (cap <= 0) continue; // a zero cap blocks everything: there is nothing to warn before
    const user = row.email ?? `user-sub:${row.sub}`;
    const capOf = row.source.type === 'organization' ? 'organization' : row.source.type === 'rbac_group' ? `group:${row.source.rbac_group_id}` : `user:${user}`;
    const instance = periodInstance(row.period, input.now);
    const fresh = percents.filter((percent) => row.spentCents * 100 >= cap * percent).map((percent) => ({ percent, key: `${instance}|${row.period}|${row.sub}|${capOf}|${percent}` })).filter(({ key }) => !input.sent.has(key));
    const top = fresh.at(-1);
    if (!top) continue;
    sent.push(...fresh.map(({ key }) => key));
    const whose = capOf === 'organization' ? "the organisation's" : capOf.startsWith('group:') ? `group ${capOf.slice(6)}'s` : 'their own';
    messages.push({
      key: top.key,
      covers: fresh.map(({ key }) => key),
      percent: top.percent,
      period: row.period,
      capOf,
      user,
      text: `${user} has spent $${(row.spentCents / 100).toFixed(2)} of ${whose} ${row.period} cap of $${(cap / 100).toFixed(2)} (${top.percent} % reached, period ${instance} UTC)${top.percent >= 100 ? ': further requests are refused until the period resets' : ''}`,
    });
  }
  return { messages, sent };
}
