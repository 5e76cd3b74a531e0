// A deployment as tests and previews see it: every kind of threshold set, both modes.
import type { CollectorMode, ObservabilityInput } from '../observability-input.ts';

export function sampleInput(collectorMode: CollectorMode, overrides: Partial<ObservabilityInput> = {}): ObservabilityInput {
  return {
    stackPrefix: 'acme-gw',
    region: 'eu-west-1',
    collectorMode,
    forwardLogs: true,
    alarmEmail: 'oncall@example.com',
    bundledCollector: true,
    certificateInAcm: true,
    thresholds: {
      dailyCostUsd: 500,
      perUserDailyUsd: 88,
      users: [{ email: 'ana@example.com', dailyUsd: 150 }],
      teams: [{ group: 'platform', dailyUsd: 200 }],
      dailySpendCaps: [
        { scope: 'organization', amountUsd: 100 },
        { scope: 'group', subject: 'contractors', amountUsd: 20 },
        { scope: 'user', subject: 'bo@example.com', amountUsd: 300 },
      ],
      capWarningPercents: [80, 90],
    },
    ...overrides,
  };
}
