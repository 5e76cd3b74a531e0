// Environment the gateway delivers to every Claude Code client when telemetry is on.
//
// Spend alarms and dashboards add up `claude_code.cost.usage` over a day (PromQL
// sum_over_time, the EMF Sum statistic). That is the day's spend only when each export carries
// the increase since the previous one (delta temporality). With cumulative temporality every
// export repeats the session's running total, so a day's sum counts the same dollars again on
// every export interval, and a restarted session starts the total over. Claude Code exports
// delta by default, but a developer's own OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE
// (set for another backend) would change that; the managed tier wins over it.
export const CLIENT_TELEMETRY_ENV: Readonly<Record<string, string>> = {
  OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
};

/**
 * A policy's `cli.env` with the telemetry pins applied. Policies shallow-merge `env` onto the
 * catch-all (gateway-config.md §2.2), so the pins go on the catch-all, on every policy when
 * there is none, and on any policy that sets one of the pinned keys itself.
 */
export function withClientTelemetryEnv(
  env: Readonly<Record<string, string>> | undefined,
  placement: { telemetry: boolean; isBase: boolean; hasCatchAll: boolean },
): Readonly<Record<string, string>> | undefined {
  if (!placement.telemetry) return env;
  const setsPinnedKey = Object.keys(CLIENT_TELEMETRY_ENV).some((key) => env !== undefined && key in env);
  if (!placement.isBase && placement.hasCatchAll && !setsPinnedKey) return env;
  return { ...env, ...CLIENT_TELEMETRY_ENV };
}
