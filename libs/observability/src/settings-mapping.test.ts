import { fileURLToPath } from 'node:url';
import { loadSettings, type Settings } from '@cagw/profile';
import { describe, expect, test } from 'vitest';
import { observabilityInputFromSettings } from './settings-mapping.ts';

const profile = (name: string) => fileURLToPath(new URL(`../../../profiles/${name}`, import.meta.url));

function settingsOf(name: string, env: Record<string, string> = {}): Settings {
  const loaded = loadSettings({ profilePath: profile(name), env: { AWS_REGION: 'eu-west-1', ...env } });
  expect(loaded.problems).toEqual([]);
  return loaded.settings!;
}

describe('observabilityInputFromSettings with the shipped profiles', () => {
  test('the flagship profile: bundled collector, native mode, events forwarded, certificate in ACM', () => {
    expect(observabilityInputFromSettings(settingsOf('managed-newcognito-collector-vpn.env'))).toMatchObject({
      stackPrefix: 'claude-gateway',
      region: 'eu-west-1',
      collectorMode: 'native',
      forwardLogs: true,
      bundledCollector: true,
      certificateInAcm: true,
      thresholds: { dailyCostUsd: 500, perUserDailyUsd: 88, users: [], teams: [], dailySpendCaps: [], capWarningPercents: [80, 90] },
    });
  });

  test('the self-signed certificate is in ACM too (imported once); EMF when Coding Agent Insights is off', () => {
    const input = observabilityInputFromSettings(settingsOf('selfsigned-fallback.env', { ENABLE_CODING_AGENT_INSIGHTS: 'false' }));
    expect(input.certificateInAcm).toBe(true);
    expect(input.collectorMode).toBe('emf');
  });

  test("the original's PER_USER_ALARM_EMAIL becomes a listed user at PER_USER_DAILY_THRESHOLD_USD", () => {
    const settings = settingsOf('managed-newcognito-collector-vpn.env', {
      PER_USER_ALARM_EMAIL: 'cy@example.com', PER_USER_DAILY_THRESHOLD_USD: '40', USER_DAILY_THRESHOLDS_USD: 'ana@example.com=150',
    });
    expect(observabilityInputFromSettings(settings).thresholds.users).toEqual([{ email: 'ana@example.com', dailyUsd: 150 }, { email: 'cy@example.com', dailyUsd: 40 }]);
  });

  test('teams, caps of every scope and warning percentages come from the profile', () => {
    const settings = settingsOf('managed-newcognito-collector-vpn.env', {
      TEAM_DAILY_THRESHOLDS_USD: 'platform=200', DAILY_SPEND_CAPS_USD: 'org=100, group:contractors=20,user:bo@example.com=300', SPEND_CAP_WARN_PERCENTS: '90,75',
    });
    const { thresholds } = observabilityInputFromSettings(settings);
    expect(thresholds.teams).toEqual([{ group: 'platform', dailyUsd: 200 }]);
    expect(thresholds.dailySpendCaps).toEqual([
      { scope: 'organization', amountUsd: 100 },
      { scope: 'group', subject: 'contractors', amountUsd: 20 },
      { scope: 'user', subject: 'bo@example.com', amountUsd: 300 },
    ]);
    expect(thresholds.capWarningPercents).toEqual([75, 90]);
  });
});
