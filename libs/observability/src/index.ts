// The public surface of @cagw/observability: everything CloudWatch needs, as data.
export * from './observability-input.ts';
export * from './telemetry-catalog.ts';
export * from './aws-metrics.ts';
export * from './collector-config.ts';
