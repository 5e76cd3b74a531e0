// Proves an alarm reads a series that exists: its namespace, metric name and exact set of
// dimension names must be one the collector (for this mode), a metric filter of ours, or AWS
// emits; dimension values must come from the right resource; counters need Sum or
// SampleCount; PromQL may only use the labels the metric carries.
import type { AlarmSpec, MetricStat } from './alarm-spec.ts';
import { metricStatsOf } from './alarm-spec.ts';
import { AWS_SERIES, COLLECTOR_DIMENSION_SOURCES, DIMENSION_SOURCES } from './aws-metrics.ts';
import type { CollectorMode } from './observability-input.ts';
import { ALL_CLIENT_METRICS, clientSeries, EMF_OTEL_LIB, logDerivedSeries, promLabelsOf, type SeriesShape } from './telemetry-catalog.ts';

export interface CatalogContext {
  collectorMode: CollectorMode;
  stackPrefix: string;
  bundledCollector: boolean;
}

/** Every series a classic alarm or metric widget may read in this configuration. */
export function knownSeries(ctx: CatalogContext): SeriesShape[] {
  return [...clientSeries(ctx.collectorMode, ctx.stackPrefix), ...logDerivedSeries(ctx.stackPrefix, ctx.bundledCollector), ...AWS_SERIES];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Problems with one metric read; empty when it matches an emitted series. */
export function checkMetricStat(
  stat: MetricStat,
  ctx: CatalogContext,
  series = knownSeries(ctx),
  /** dashboard widgets carry resolved names, so their values cannot be traced to a resource */
  valuesResolved = false,
): string[] {
  const names = stat.dimensions.map((d) => d.name);
  const candidates = series.filter((s) => s.namespace === stat.namespace && s.metric === stat.metric);
  const what = `${stat.namespace} ${stat.metric}`;
  if (candidates.length === 0) return [`${what} is not emitted in ${ctx.collectorMode} mode`];
  if (!candidates.some((s) => sameSet(s.dimensions, names))) {
    const emitted = candidates.map((s) => `[${s.dimensions.join(', ')}]`).join(' or ');
    return [`${what} has no series with dimensions [${names.join(', ')}]; it is emitted with ${emitted}`];
  }
  const problems: string[] = [];
  // a read of the bundled collector's load balancer or service takes every such value from the collector
  const ofCollector = stat.dimensions.some((d) => typeof d.value !== 'string' && (Object.values(COLLECTOR_DIMENSION_SOURCES) as string[]).includes(d.value.resource));
  const sources: Record<string, string> = ofCollector ? { ...DIMENSION_SOURCES, ...COLLECTOR_DIMENSION_SOURCES } : DIMENSION_SOURCES;
  for (const d of stat.dimensions) {
    const source = sources[d.name];
    if (!valuesResolved && source !== undefined && (typeof d.value === 'string' || d.value.resource !== source)) {
      problems.push(`${what} dimension ${d.name} must take its value from ${source}`);
    }
    if (d.name === 'OTelLib' && d.value !== EMF_OTEL_LIB) problems.push(`${what} dimension OTelLib must be ${EMF_OTEL_LIB}`);
  }
  const counter = ALL_CLIENT_METRICS.some((m) => m.name === stat.metric) || logDerivedSeries(ctx.stackPrefix, true).some((s) => s.metric === stat.metric);
  if (counter && stat.stat !== 'Sum' && stat.stat !== 'SampleCount') problems.push(`${what} is a counter: read it with Sum or SampleCount, not ${stat.stat}`);
  return problems;
}

export function checkAlarmAgainstCatalog(alarm: AlarmSpec, ctx: CatalogContext): string[] {
  const prefix = (p: string) => `alarm ${alarm.id}: ${p}`;
  if (alarm.kind === 'promql') {
    if (ctx.collectorMode !== 'native') return [prefix('PromQL alarms read OTLP metrics, which exist only in native mode')];
    const q = alarm.query;
    if (!ALL_CLIENT_METRICS.some((m) => m.name === q.metric)) return [prefix(`${q.metric} is not a metric the clients emit`)];
    const labels = promLabelsOf(q.metric);
    return [...q.matchers.map((m) => m.label), ...q.by]
      .filter((label) => !labels.includes(label))
      .map((label) => prefix(`${q.metric} has no label ${label}`));
  }
  const series = knownSeries(ctx);
  const problems = metricStatsOf(alarm).flatMap((stat) => checkMetricStat(stat, ctx, series));
  if (alarm.kind === 'math') {
    for (const id of Object.keys(alarm.metrics)) {
      if (!new RegExp(`\\b${id}\\b`).test(alarm.expression)) problems.push(`metric ${id} is not used in the expression`);
    }
  }
  return problems.map(prefix);
}
