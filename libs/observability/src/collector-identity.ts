// Processors that make telemetry identity safe to use as a CloudWatch dimension.

/**
 * Lowercases `user.email` wherever it is (data points, log records, the resource), so one person
 * is one alarm contributor whatever case their IdP returns; alarms match the lowercase form.
 */
export function lowercaseEmailProcessor(): Record<string, unknown> {
  const lower = 'set(attributes["user.email"], ConvertCase(attributes["user.email"], "lower")) where attributes["user.email"] != nil';
  return {
    'transform/identity': {
      error_mode: 'ignore',
      metric_statements: [
        { context: 'resource', statements: [lower] },
        { context: 'datapoint', statements: [lower] },
      ],
      log_statements: [
        { context: 'resource', statements: [lower] },
        { context: 'log', statements: [lower] },
      ],
    },
  };
}

/**
 * A CloudWatch dimension value is 1 to 1,024 characters (API_Dimension; EMF specification:
 * an invalid dimension fails the whole log event, every declaration in it). awsemf only checks
 * that a label exists, so a declaration on a per-entity label also requires this length.
 * Written for Go's RE2, whose counted repetition stops at 1,000: 1–1,000 then 0–24 more.
 */
export const DIMENSION_VALUE_REGEX = '^[\\s\\S]{1,1000}[\\s\\S]{0,24}$';

/** Memory limiter for every pipeline: refuse data before the task runs out of memory. */
export function memoryLimiterProcessor(): Record<string, unknown> {
  // percentages of the task's memory limit (cgroup), so a resized task needs no new config
  return { memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 } };
}
