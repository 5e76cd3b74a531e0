import { fileURLToPath } from 'node:url';
import { loadSettings, type Settings } from '@cagw/profile';
import { describe, expect, test } from 'vitest';
import { parseObservabilityVariables } from './observability-variables.ts';
import { observabilityInputFromSettings, pickObservabilityVariables } from './settings-mapping.ts';

const profile = (name: string) => fileURLToPath(new URL(`../../../profiles/${name}`, import.meta.url));

function settingsOf(name: string, env: Record<string, string> = {}): Settings {
  const loaded = loadSettings({ profilePath: profile(name), env: { AWS_REGION: 'eu-west-1', ...env } });
  expect(loaded.problems).toEqual([]);
  return loaded.settings!;
}

describe('observabilityInputFromSettings with the shipped profiles', () => {
  test('the flagship profile: bundled collector, native mode, events forwarded, certificate in ACM', () => {
    const { input, problems } = observabilityInputFromSettings(settingsOf('managed-newcognito-collector-vpn.env'));
    expect(problems).toEqual([]);
    expect(input).toMatchObject({
      stackPrefix: 'claude-gateway',
      region: 'eu-west-1',
      collectorMode: 'native',
      forwardLogs: true,
      bundledCollector: true,
      certificateInAcm: true,
      thresholds: { dailyCostUsd: 500, perUserDailyUsd: 88, users: [], teams: [], dailySpendCaps: [], capWarningPercents: [80, 90] },
    });
  });

  test('self-signed mode has no certificate in ACM; EMF when Coding Agent Insights is off', () => {
    const { input } = observabilityInputFromSettings(settingsOf('selfsigned-fallback.env', { ENABLE_CODING_AGENT_INSIGHTS: 'false' }));
    expect(input?.certificateInAcm).toBe(false);
    expect(input?.collectorMode).toBe('emf');
  });

  test("the original's PER_USER_ALARM_EMAIL becomes a listed user at PER_USER_DAILY_THRESHOLD_USD", () => {
    const settings = settingsOf('managed-newcognito-collector-vpn.env', { PER_USER_ALARM_EMAIL: 'cy@example.com', PER_USER_DAILY_THRESHOLD_USD: '40' });
    const { input } = observabilityInputFromSettings(settings, { USER_DAILY_THRESHOLDS_USD: 'ana@example.com=150' });
    expect(input?.thresholds.users).toEqual([{ email: 'ana@example.com', dailyUsd: 150 }, { email: 'cy@example.com', dailyUsd: 40 }]);
  });

  test('the new variables are picked out of raw values and parsed', () => {
    const raw = pickObservabilityVariables({ TEAM_DAILY_THRESHOLDS_USD: 'platform=200', DAILY_SPEND_CAPS_USD: 'org=100', OTHER: 'x' });
    expect(raw).toEqual({ TEAM_DAILY_THRESHOLDS_USD: 'platform=200', DAILY_SPEND_CAPS_USD: 'org=100' });
    const { input } = observabilityInputFromSettings(settingsOf('managed-newcognito-collector-vpn.env'), raw);
    expect(input?.thresholds.teams).toEqual([{ group: 'platform', dailyUsd: 200 }]);
    expect(input?.thresholds.dailySpendCaps).toEqual([{ scope: 'organization', amountUsd: 100 }]);
  });
});

describe('parseObservabilityVariables', () => {
  test('reads caps of every scope and sorts the warning percentages', () => {
    const parsed = parseObservabilityVariables({
      DAILY_SPEND_CAPS_USD: 'org=100, group:contractors=20,user:bo@example.com=300',
      SPEND_CAP_WARN_PERCENTS: '90,75,90',
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.dailySpendCaps).toEqual([
      { scope: 'organization', amountUsd: 100 },
      { scope: 'group', subject: 'contractors', amountUsd: 20 },
      { scope: 'user', subject: 'bo@example.com', amountUsd: 300 },
    ]);
    expect(parsed.capWarningPercents).toEqual([75, 90]);
  });

  test('reports every bad entry at once, naming the variable, the entry and a fix', () => {
    const { problems } = parseObservabilityVariables({
      USER_DAILY_THRESHOLDS_USD: 'ana=150,bo@example.com=abc,bo@example.com=10,bo@example.com=20',
      TEAM_DAILY_THRESHOLDS_USD: '=5',
      DAILY_SPEND_CAPS_USD: 'team:x=10',
      SPEND_CAP_WARN_PERCENTS: '80,120',
    });
    expect(problems.map((p) => [p.variable, p.value])).toEqual([
      ['USER_DAILY_THRESHOLDS_USD', 'ana=150'],
      ['USER_DAILY_THRESHOLDS_USD', 'bo@example.com=abc'],
      ['USER_DAILY_THRESHOLDS_USD', 'bo@example.com=20'],
      ['TEAM_DAILY_THRESHOLDS_USD', '=5'],
      ['DAILY_SPEND_CAPS_USD', 'team:x=10'],
      ['SPEND_CAP_WARN_PERCENTS', '80,120'],
    ]);
    for (const p of problems) expect(p.fix).toMatch(/^(write|keep)/);
  });

  test('problems stop the mapping', () => {
    const settings = settingsOf('managed-newcognito-collector-vpn.env');
    const { input, problems } = observabilityInputFromSettings(settings, { TEAM_DAILY_THRESHOLDS_USD: 'platform' });
    expect(input).toBeUndefined();
    expect(problems).toHaveLength(1);
  });
});
