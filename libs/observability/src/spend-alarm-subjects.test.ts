// Who a spend alarm matches: lowercase emails, team lists written with or without spaces, and
// the window it measures said the same way everywhere.
import { fc, test as prop } from '@fast-check/vitest';
import { variableCatalog } from '@cagw/profile';
import { describe, expect, test } from 'vitest';
import type { AlarmSpec } from './alarm-spec.ts';
import { metricStatsOf } from './alarm-spec.ts';
import { buildAlarms } from './alarms.ts';
import { teamSpendQuery } from './logs-queries.ts';
import { sampleInput } from './testing/sample-input.ts';

const mixedCase = (mode: 'native' | 'emf') =>
  sampleInput(mode, {
    thresholds: {
      ...sampleInput(mode).thresholds,
      users: [{ email: 'Ana.Lopez@Example.com', dailyUsd: 150 }],
      dailySpendCaps: [{ scope: 'user', subject: 'Bo@EXAMPLE.com', amountUsd: 300 }],
    },
  });

function emailValues(alarm: AlarmSpec): string[] {
  if (alarm.kind === 'promql') return alarm.query.matchers.filter((m) => m.label === 'user.email').map((m) => m.value);
  return metricStatsOf(alarm).flatMap((s) => s.dimensions.filter((d) => d.name === 'user.email').map((d) => String(d.value)));
}

describe('user emails in alarm dimensions are lowercase', () => {
  test.each(['native', 'emf'] as const)('%s mode', (mode) => {
    const values = buildAlarms(mixedCase(mode)).alarms.flatMap(emailValues);
    expect(values).toEqual(expect.arrayContaining(['ana.lopez@example.com', 'bo@example.com']));
    for (const value of values) expect(value).toBe(value.toLowerCase());
  });
});

describe('the PromQL team matcher reads user.groups as the Logs Insights team query does', () => {
  const team = buildAlarms(sampleInput('native')).alarms.find((a) => a.id === 'TeamDailyCostPlatform');
  if (team?.kind !== 'promql') throw new Error('no PromQL team alarm');
  // PromQL anchors =~ at both ends
  const promql = new RegExp(`^(?:${team.query.matchers[0]!.value})$`);
  const insights = new RegExp(/like \/(.*)\/'?$/m.exec(teamSpendQuery('platform').query.split('\n')[0]!)![1]!);

  test.each(['platform', 'ops,platform', 'ops, platform', 'platform, ops', 'ops, platform, data', 'ops,  platform'])('%s is a member', (groups) => {
    expect(promql.test(groups)).toBe(true);
    expect(insights.test(groups)).toBe(true);
  });

  test.each(['platforms', 'ops, my-platform', 'platform-ops', '', 'ops,platformx, data'])('%s is not', (groups) => {
    expect(promql.test(groups)).toBe(false);
    expect(insights.test(groups)).toBe(false);
  });

  prop.prop([fc.array(fc.constantFrom('platform', 'ops', 'data', 'platforms', 'my-platform'), { minLength: 1, maxLength: 4 }), fc.constantFrom(',', ', ')])(
    'agree on any list',
    (groups, separator) => {
      const value = groups.join(separator);
      expect(promql.test(value)).toBe(insights.test(value));
    },
  );
});

describe('spend windows are called rolling 24 hours everywhere', () => {
  // CloudWatch's wall-clock window would match the caps' 00:00 UTC reset, but PromQL alarms
  // cannot use it and cfn-lint 1.51 does not know EvaluationWindow: every day is a rolling one.
  test.each(['native', 'emf'] as const)('%s mode alarm descriptions', (mode) => {
    const spend = buildAlarms(sampleInput(mode)).alarms.filter((a) => a.area === 'spend');
    expect(spend.length).toBeGreaterThan(0);
    for (const alarm of spend) expect(alarm.description, alarm.id).toContain('rolling 24 hours');
  });

  test.each(['DAILY_COST_THRESHOLD_USD', 'PER_USER_ALARM_EMAIL', 'PER_USER_DAILY_THRESHOLD_USD', 'USER_DAILY_THRESHOLDS_USD', 'TEAM_DAILY_THRESHOLDS_USD', 'SPEND_CAP_WARN_PERCENTS'] as const)(
    'the %s description',
    (name) => {
      expect(variableCatalog[name].description).toContain('rolling 24 hours');
    },
  );
});
