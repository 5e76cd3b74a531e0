// The metric math alarms, evaluated on generated datapoints: they fire on the symptom and
// stay quiet on traffic that is merely low (nights, weekends).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { MathAlarmSpec } from './alarm-spec.ts';
import { buildAlarms } from './alarms.ts';
import { BUSY_REQUESTS_PER_HOUR, CLI_POLICY_FETCHES_PER_HOUR, MIN_REQUESTS_FOR_ERROR_RATE } from './gateway-alarms.ts';
import { evaluateMetricMath } from './testing/metric-math.ts';
import { sampleInput } from './testing/sample-input.ts';

const mathAlarm = (id: string): MathAlarmSpec => {
  const alarm = buildAlarms(sampleInput('emf')).alarms.find((a) => a.id === id);
  if (alarm?.kind !== 'math') throw new Error(`${id} is not a math alarm`);
  return alarm;
};
const breaches = (alarm: MathAlarmSpec, value: number | undefined) => value !== undefined && value > alarm.when.threshold;
const count = fc.option(fc.nat({ max: 100_000 }), { nil: undefined });

describe('TelemetryMissing', () => {
  const alarm = mathAlarm('TelemetryMissing');

  const cliSessions = fc.integer({ min: CLI_POLICY_FETCHES_PER_HOUR, max: 100_000 });

  test.prop([fc.option(fc.nat({ max: BUSY_REQUESTS_PER_HOUR - 1 }), { nil: undefined }), count, count])('never breaches while the gateway is quiet', (inference, cli, telemetry) => {
    expect(breaches(alarm, evaluateMetricMath(alarm.expression, { inference, cli, telemetry }))).toBe(false);
  });

  test.prop([fc.integer({ min: BUSY_REQUESTS_PER_HOUR, max: 100_000 }), cliSessions, fc.constantFrom(0, undefined)])('breaches when Claude Code keeps the gateway busy and no telemetry arrived', (inference, cli, telemetry) => {
    expect(breaches(alarm, evaluateMetricMath(alarm.expression, { inference, cli, telemetry }))).toBe(true);
  });

  test.prop([fc.integer({ min: BUSY_REQUESTS_PER_HOUR, max: 100_000 }), fc.option(fc.nat({ max: CLI_POLICY_FETCHES_PER_HOUR - 1 }), { nil: undefined }), fc.constantFrom(0, undefined)])(
    'never breaches on Claude Desktop traffic, which fetches no Claude Code policy and sends no telemetry',
    (inference, cli, telemetry) => {
      expect(breaches(alarm, evaluateMetricMath(alarm.expression, { inference, cli, telemetry }))).toBe(false);
    },
  );

  test.prop([count, count, fc.integer({ min: 1, max: 100_000 })])('never breaches when telemetry arrives', (inference, cli, telemetry) => {
    expect(breaches(alarm, evaluateMetricMath(alarm.expression, { inference, cli, telemetry }))).toBe(false);
  });
});

describe('Alb5xxRate', () => {
  const alarm = mathAlarm('Alb5xxRate');

  test.prop([fc.nat({ max: MIN_REQUESTS_FOR_ERROR_RATE - 1 }), count, count])('ignores a handful of requests, whatever failed', (requests, target5xx, elb5xx) => {
    expect(breaches(alarm, evaluateMetricMath(alarm.expression, { requests, target5xx, elb5xx }))).toBe(false);
  });

  test.prop([fc.integer({ min: MIN_REQUESTS_FOR_ERROR_RATE, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true })])(
    'breaches exactly when more than the threshold percentage of requests got a 5xx',
    (requests, failedShare) => {
      const failed = Math.floor(requests * failedShare);
      const target5xx = Math.ceil(failed / 2);
      const elb5xx = failed - target5xx;
      const value = evaluateMetricMath(alarm.expression, { requests, target5xx, elb5xx: elb5xx === 0 ? undefined : elb5xx });
      expect(breaches(alarm, value)).toBe((100 * failed) / requests > alarm.when.threshold);
    },
  );
});

describe('TasksBelowDesired', () => {
  const alarm = mathAlarm('TasksBelowDesired');
  test.prop([fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 })])('breaches exactly when fewer tasks run than desired', (desired, running) => {
    expect(breaches(alarm, evaluateMetricMath(alarm.expression, { desired, running }))).toBe(running < desired);
  });
});

describe('the oracle itself', () => {
  test('follows precedence, IF and FILL, and keeps missing data missing', () => {
    expect(evaluateMetricMath('1 + 2 * 3', {})).toBe(7);
    expect(evaluateMetricMath('IF(a >= 2 AND b == 0, 1, 0)', { a: 2, b: 0 })).toBe(1);
    expect(evaluateMetricMath('FILL(a, 5) + 1', { a: undefined })).toBe(6);
    expect(evaluateMetricMath('a - b', { a: 3, b: undefined })).toBeUndefined();
    expect(() => evaluateMetricMath('a +', { a: 1 })).toThrow();
    expect(() => evaluateMetricMath('c', { a: 1 })).toThrow(/unknown metric id c/);
  });
});
