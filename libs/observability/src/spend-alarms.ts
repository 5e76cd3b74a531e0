// Spend and usage alarms. Native mode uses PromQL, where each user (or team) is its own
// contributor; EMF mode uses classic alarms on the EMF dimension sets, which exist only for
// the users and teams the profile lists. What a mode cannot watch is returned as a note.
import type { AlarmSpec, Dimension, MetricStat, PromMatcher, PromQlAlarmSpec } from './alarm-spec.ts';
import type { DailySpendCap, ObservabilityInput } from './observability-input.ts';
import { listContains } from './promql.ts';
import { CLIENT_METRICS, EMF_OTEL_LIB, emfNamespace, promLabel } from './telemetry-catalog.ts';

const DAY = 86_400;
const HOUR = 3_600;

export interface AlarmSet {
  alarms: AlarmSpec[];
  /** what could not be alarmed on in this configuration, and why */
  notes: string[];
}

/** A short, name-safe form of an email or group for alarm names and logical ids. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
function pascal(s: string): string {
  return slug(s).split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

const otelLib: Dimension = { name: 'OTelLib', value: EMF_OTEL_LIB };

function emfCost(input: ObservabilityInput, extra: Dimension[], periodSeconds = DAY): MetricStat {
  return {
    namespace: emfNamespace(input.stackPrefix),
    metric: CLIENT_METRICS.costUsage.name,
    dimensions: [...extra, otelLib],
    stat: 'Sum',
    periodSeconds,
  };
}

function promCost(base: Omit<PromQlAlarmSpec, 'kind' | 'query' | 'evaluationIntervalSeconds' | 'pendingSeconds' | 'recoverySeconds'>, matchers: PromMatcher[], by: string[], threshold: number): PromQlAlarmSpec {
  return {
    ...base,
    kind: 'promql',
    query: { metric: CLIENT_METRICS.costUsage.name, matchers, rangeSeconds: DAY, by, threshold },
    evaluationIntervalSeconds: 300,
    pendingSeconds: 0,
    recoverySeconds: HOUR,
  };
}

const email = promLabel('user.email');
/**
 * IdPs return emails in the case they were typed in, and the profile may list them differently:
 * the collector lowercases `user.email` (collector-config.ts), so alarms match the lowercase form.
 */
export const emailDimensionValue = (address: string) => address.toLowerCase();
const groups = promLabel('user.groups');

export function spendAlarms(input: ObservabilityInput): AlarmSet {
  if (!input.bundledCollector) {
    return {
      alarms: [],
      notes: ['spend alarms need the bundled collector (ENABLE_COLLECTOR=true): with another collector, telemetry does not reach this account'],
    };
  }
  const t = input.thresholds;
  const native = input.collectorMode === 'native';
  const alarms: AlarmSpec[] = [];
  const notes: string[] = [];
  const rolling = 'rolling 24 hours, from client telemetry at list price';

  const org = {
    id: 'DailyCost',
    name: 'daily-cost',
    area: 'spend' as const,
    description: `organisation spend over ${t.dailyCostUsd} USD in ${rolling}; see the usage dashboard`,
  };
  alarms.push(
    native
      ? promCost(org, [], [], t.dailyCostUsd)
      : { ...org, kind: 'metric', metric: emfCost(input, []), when: gt(t.dailyCostUsd), missingData: 'notBreaching' },
  );

  if (native) {
    alarms.push(
      promCost(
        { id: 'AnyUserDailyCost', name: 'user-daily-cost', area: 'spend', description: `a user spent over ${t.perUserDailyUsd} USD in ${rolling}; the alarm's contributors name the users` },
        [],
        [email],
        t.perUserDailyUsd,
      ),
    );
  } else if (t.users.length === 0) {
    notes.push('emf mode has no alarm over every user: list users in USER_DAILY_THRESHOLDS_USD, or use native mode (ENABLE_CODING_AGENT_INSIGHTS=true)');
  }
  for (const user of t.users) {
    const base = {
      id: `UserDailyCost${pascal(user.email)}`,
      name: `user-daily-cost-${slug(user.email)}`,
      area: 'spend' as const,
      description: `${user.email} spent over ${user.dailyUsd} USD in ${rolling}`,
    };
    alarms.push(
      native
        ? promCost(base, [{ label: email, op: '=', value: emailDimensionValue(user.email) }], [], user.dailyUsd)
        : { ...base, kind: 'metric', metric: emfCost(input, [{ name: 'user.email', value: emailDimensionValue(user.email) }]), when: gt(user.dailyUsd), missingData: 'notBreaching' },
    );
  }

  for (const team of t.teams) {
    const base = {
      id: `TeamDailyCost${pascal(team.group)}`,
      name: `team-daily-cost-${slug(team.group)}`,
      area: 'spend' as const,
      description: native
        ? `members of ${team.group} together spent over ${team.dailyUsd} USD in ${rolling}`
        : `users whose only group is ${team.group} together spent over ${team.dailyUsd} USD in ${rolling} (emf keeps the group list as one value)`,
    };
    alarms.push(
      native
        ? promCost(base, [{ label: groups, op: '=~', value: listContains(team.group) }], [], team.dailyUsd)
        : { ...base, kind: 'metric', metric: emfCost(input, [{ name: 'user.groups', value: team.group }]), when: gt(team.dailyUsd), missingData: 'notBreaching' },
    );
  }

  for (const cap of t.dailySpendCaps) {
    for (const percent of t.capWarningPercents) alarms.push(...capWarnings(input, cap, percent, notes));
  }
  return { alarms, notes: [...new Set(notes)] };
}

function gt(threshold: number) {
  return { comparison: 'GreaterThanThreshold' as const, threshold, evaluationPeriods: 1 };
}

/** Early warning at `percent` of a daily cap. Group and organisation caps are per seat, so they are watched per user. */
function capWarnings(input: ObservabilityInput, cap: DailySpendCap, percent: number, notes: string[]): AlarmSpec[] {
  const threshold = Math.round(cap.amountUsd * percent) / 100;
  const who = cap.scope === 'organization' ? 'org' : `${cap.scope}-${slug(cap.subject ?? '')}`;
  const whoId = cap.scope === 'organization' ? 'Org' : `${pascal(cap.scope)}${pascal(cap.subject ?? '')}`;
  const base = {
    id: `SpendCap${whoId}${percent}Pct`,
    name: `spend-cap-${who}-${percent}pct`,
    area: 'spend' as const,
    description: `${capSubject(cap)} reached ${percent} % of the ${cap.amountUsd} USD daily cap (${threshold} USD, rolling 24 hours; the gateway's cap resets at 00:00 UTC and blocks at 100 %)`,
  };
  if (input.collectorMode === 'native') {
    const matchers: PromMatcher[] =
      cap.scope === 'user'
        ? [{ label: email, op: '=', value: emailDimensionValue(cap.subject ?? '') }]
        : cap.scope === 'group'
          ? [{ label: groups, op: '=~', value: listContains(cap.subject ?? '') }]
          : [];
    return [promCost(base, matchers, cap.scope === 'user' ? [] : [email], threshold)];
  }
  if (cap.scope === 'group') {
    notes.push(`emf mode cannot warn on group caps per user (group ${cap.subject}): use native mode`);
    return [];
  }
  const users = cap.scope === 'user' ? [cap.subject ?? ''] : input.thresholds.users.map((u) => u.email);
  if (users.length === 0) notes.push('emf mode warns on the organisation cap only for users listed in USER_DAILY_THRESHOLDS_USD');
  return users.map((user) => ({
    ...base,
    id: cap.scope === 'user' ? base.id : `${base.id}${pascal(user)}`,
    name: cap.scope === 'user' ? base.name : `${base.name}-${slug(user)}`,
    kind: 'metric' as const,
    metric: emfCost(input, [{ name: 'user.email', value: emailDimensionValue(user) }]),
    when: gt(threshold),
    missingData: 'notBreaching' as const,
  }));
}

function capSubject(cap: DailySpendCap): string {
  if (cap.scope === 'user') return `${cap.subject}`;
  if (cap.scope === 'group') return `a member of ${cap.subject}`;
  return 'a user';
}
