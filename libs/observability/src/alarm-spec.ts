// Alarms as typed data (STYLE rule 18): one spec renders the CloudFormation resource, is
// checked against the telemetry catalog, and is written out by `cagw dashboards`.
import type { ObservedResources } from './observability-input.ts';

/** A dimension's value: literal, or the name of a resource another stack created. */
export type DimensionValue = string | { resource: keyof ObservedResources };

export interface Dimension {
  name: string;
  value: DimensionValue;
}

export type Statistic = 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount';

export interface MetricStat {
  namespace: string;
  metric: string;
  dimensions: Dimension[];
  stat: Statistic;
  periodSeconds: number;
}

export type Comparison =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

export interface ClassicCondition {
  comparison: Comparison;
  threshold: number;
  evaluationPeriods: number;
  /** M of the N evaluation periods; all of them when absent */
  datapointsToAlarm?: number;
}

export type MissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

export interface PromMatcher {
  label: string;
  op: '=' | '=~';
  value: string;
}

/** `sum by (<by>) (sum_over_time({<metric>, <matchers>}[<range>])) > threshold`, kept structured so it can be checked. */
export interface PromSumQuery {
  metric: string;
  matchers: PromMatcher[];
  rangeSeconds: number;
  by: string[];
  threshold: number;
}

interface AlarmBase {
  /** stable logical id suffix, PascalCase; never reused for another alarm */
  id: string;
  /** the alarm name after `<stack prefix>-` */
  name: string;
  /** the symptom in words, and where to look */
  description: string;
  /** what area of the dashboards and docs it belongs to */
  area: 'spend' | 'governance' | 'gateway' | 'telemetry';
}

export interface MetricAlarmSpec extends AlarmBase {
  kind: 'metric';
  metric: MetricStat;
  when: ClassicCondition;
  missingData: MissingData;
}

export interface MathAlarmSpec extends AlarmBase {
  kind: 'math';
  /** metric math over the ids of `metrics` */
  expression: string;
  label: string;
  metrics: Record<string, MetricStat>;
  periodSeconds: number;
  when: ClassicCondition;
  missingData: MissingData;
}

export interface PromQlAlarmSpec extends AlarmBase {
  kind: 'promql';
  query: PromSumQuery;
  evaluationIntervalSeconds: number;
  /** how long a contributor must breach before ALARM */
  pendingSeconds: number;
  /** how long a contributor must be fine before OK */
  recoverySeconds: number;
}

export type AlarmSpec = MetricAlarmSpec | MathAlarmSpec | PromQlAlarmSpec;

/** Every metric a classic alarm reads (one, or each input of its math). */
export function metricStatsOf(alarm: AlarmSpec): MetricStat[] {
  if (alarm.kind === 'metric') return [alarm.metric];
  if (alarm.kind === 'math') return Object.values(alarm.metrics);
  return [];
}
