// Settings (the validated profile) → ObservabilityInput: the thresholds, caps and modes the
// dashboards and alarms are generated from.
import type { Settings } from '@cagw/profile';
import type { DailySpendCap, ObservabilityInput } from './observability-input.ts';

/** The part of Settings this library reads. */
export type ObservabilitySettings = Pick<
  Settings,
  | 'STACK_PREFIX' | 'AWS_REGION' | 'ENABLE_CODING_AGENT_INSIGHTS' | 'ENABLE_COLLECTOR' | 'FORWARD_LOGS' | 'FORWARD_LOG_DETAILS' | 'ALARM_EMAIL'
  | 'DAILY_COST_THRESHOLD_USD' | 'PER_USER_ALARM_EMAIL' | 'PER_USER_DAILY_THRESHOLD_USD' | 'USER_DAILY_THRESHOLDS_USD'
  | 'TEAM_DAILY_THRESHOLDS_USD' | 'DAILY_SPEND_CAPS_USD' | 'SPEND_CAP_WARN_PERCENTS'
>;

export function observabilityInputFromSettings(settings: ObservabilitySettings): ObservabilityInput {
  const users = settings.USER_DAILY_THRESHOLDS_USD.map((u) => ({ email: u.key, dailyUsd: u.usd }));
  // The original's single PER_USER_ALARM_EMAIL keeps working, at PER_USER_DAILY_THRESHOLD_USD.
  if (settings.PER_USER_ALARM_EMAIL && !users.some((u) => u.email === settings.PER_USER_ALARM_EMAIL)) {
    users.push({ email: settings.PER_USER_ALARM_EMAIL, dailyUsd: settings.PER_USER_DAILY_THRESHOLD_USD });
  }
  return {
    stackPrefix: settings.STACK_PREFIX,
    region: settings.AWS_REGION,
    collectorMode: settings.ENABLE_CODING_AGENT_INSIGHTS ? 'native' : 'emf',
    forwardLogs: settings.FORWARD_LOGS,
    forwardLogDetails: settings.FORWARD_LOG_DETAILS,
    ...(settings.ALARM_EMAIL ? { alarmEmail: settings.ALARM_EMAIL } : {}),
    bundledCollector: settings.ENABLE_COLLECTOR,
    // every cagw TLS mode ends in ACM: managed and BYO certificates, and the self-signed one the
    // deployer imports once, so its expiry can always be alarmed on
    certificateInAcm: true,
    thresholds: {
      dailyCostUsd: settings.DAILY_COST_THRESHOLD_USD,
      perUserDailyUsd: settings.PER_USER_DAILY_THRESHOLD_USD,
      users,
      teams: settings.TEAM_DAILY_THRESHOLDS_USD.map((t) => ({ group: t.key, dailyUsd: t.usd })),
      dailySpendCaps: settings.DAILY_SPEND_CAPS_USD.map(toCap),
      capWarningPercents: [...settings.SPEND_CAP_WARN_PERCENTS],
    },
  };
}

/** `org`, `group:<name>`, `user:<email>` (checked by the profile) → a cap. */
function toCap({ key, usd }: { key: string; usd: number }): DailySpendCap {
  if (key === 'org') return { scope: 'organization', amountUsd: usd };
  const [scope, subject] = key.split(/:(.*)/s) as ['group' | 'user', string];
  return { scope, subject, amountUsd: usd };
}
