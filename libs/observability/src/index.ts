// The public surface of @cagw/observability: everything CloudWatch needs, as data.
export * from './observability-input.ts';
export * from './telemetry-catalog.ts';
export * from './aws-metrics.ts';
export * from './collector-config.ts';
export * from './alarm-spec.ts';
export * from './alarms.ts';
export { spendAlarms, type AlarmSet } from './spend-alarms.ts';
export * from './gateway-alarms.ts';
export * from './check-alarm-against-catalog.ts';
export * from './alarm-resources.ts';
export * from './promql.ts';
export * from './check-logs-insights-query.ts';
export * from './logs-queries.ts';
export * from './observability-template.ts';
