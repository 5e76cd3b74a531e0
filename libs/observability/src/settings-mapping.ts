// Settings (the validated profile) → ObservabilityInput. The variables this library adds
// are not in the profile schema yet, so their raw strings come in beside the Settings.
import type { ProfileProblem, Settings } from '@cagw/profile';
import type { ObservabilityInput } from './observability-input.ts';
import { OBSERVABILITY_VARIABLES, parseObservabilityVariables, type ObservabilityVariable } from './observability-variables.ts';

/** The part of Settings this library reads. */
export type ObservabilitySettings = Pick<
  Settings,
  | 'STACK_PREFIX'
  | 'AWS_REGION'
  | 'ENABLE_CODING_AGENT_INSIGHTS'
  | 'ENABLE_COLLECTOR'
  | 'FORWARD_LOGS'
  | 'ALARM_EMAIL'
  | 'DAILY_COST_THRESHOLD_USD'
  | 'PER_USER_ALARM_EMAIL'
  | 'PER_USER_DAILY_THRESHOLD_USD'
  | 'tlsMode'
>;

export type RawObservabilityVariables = Readonly<Partial<Record<ObservabilityVariable, string>>>;

/** Picks this library's variables out of a profile's or the environment's raw values. */
export function pickObservabilityVariables(raw: Readonly<Record<string, string | undefined>>): RawObservabilityVariables {
  const picked: Partial<Record<ObservabilityVariable, string>> = {};
  for (const name of Object.keys(OBSERVABILITY_VARIABLES) as ObservabilityVariable[]) {
    const value = raw[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

export function observabilityInputFromSettings(
  settings: ObservabilitySettings,
  raw: RawObservabilityVariables = {},
): { input: ObservabilityInput | undefined; problems: ProfileProblem[] } {
  const parsed = parseObservabilityVariables(raw);
  if (parsed.problems.length > 0) return { input: undefined, problems: parsed.problems };
  const users = [...parsed.users];
  // Settings types defaulted values as possibly undefined; the profile's defaults apply here too.
  const perUserDailyUsd = settings.PER_USER_DAILY_THRESHOLD_USD ?? 88;
  // The original's single PER_USER_ALARM_EMAIL keeps working, at PER_USER_DAILY_THRESHOLD_USD.
  if (settings.PER_USER_ALARM_EMAIL && !users.some((u) => u.email === settings.PER_USER_ALARM_EMAIL)) {
    users.push({ email: settings.PER_USER_ALARM_EMAIL, dailyUsd: perUserDailyUsd });
  }
  return {
    problems: [],
    input: {
      stackPrefix: settings.STACK_PREFIX ?? 'claude-gateway',
      region: settings.AWS_REGION,
      collectorMode: settings.ENABLE_CODING_AGENT_INSIGHTS ? 'native' : 'emf',
      forwardLogs: settings.FORWARD_LOGS ?? false,
      ...(settings.ALARM_EMAIL ? { alarmEmail: settings.ALARM_EMAIL } : {}),
      bundledCollector: settings.ENABLE_COLLECTOR ?? false,
      certificateInAcm: settings.tlsMode !== 'self-signed',
      thresholds: {
        dailyCostUsd: settings.DAILY_COST_THRESHOLD_USD ?? 500,
        perUserDailyUsd,
        users,
        teams: parsed.teams,
        dailySpendCaps: parsed.dailySpendCaps,
        capWarningPercents: parsed.capWarningPercents,
      },
    },
  };
}
