// The one declaration of what telemetry exists, per collector mode. The collector config is
// generated from it, and every alarm and dashboard widget is checked against it, so an alarm
// can never again name a series nobody emits (the original's tool-rejection alarm did).
import type { CollectorMode } from './observability-input.ts';

/**
 * Claude Code's standard attributes, identity included. The CLI puts them on every data point
 * and log record, not on the OTLP resource, and the gateway relays the export verbatim without
 * adding any (recorded: src/testing/fixtures/gateway-relayed-otlp.json). In PromQL they are
 * bare labels.
 */
export const STANDARD_ATTRIBUTES = [
  'user.email',
  'user.id',
  'user.groups',
  'organization.id',
  'session.id',
  'identity.source',
  'terminal.type',
  'user.account_uuid',
  'user.account_id',
] as const;

/**
 * What is on the OTLP resource: the SDK's service and host attributes, and the
 * deployment.environment the collector adds. PromQL addresses them as `@resource.<name>`.
 */
export const RESOURCE_ATTRIBUTES = ['service.name', 'service.version', 'host.arch', 'os.type', 'os.version', 'deployment.environment'] as const;

/** Attributes that are unique per session, request, prompt or install: never a metric dimension. */
export const HIGH_CARDINALITY_ATTRIBUTES = [
  'session.id',
  'user.id',
  'user.account_uuid',
  'user.account_id',
  'prompt.id',
  'request_id',
  'client_request_id',
  'event.sequence',
  'event.timestamp',
] as const;

/** The only per-entity attributes allowed as EMF dimensions, and only on spend metrics. */
export const PER_ENTITY_DIMENSIONS = ['user.email', 'user.groups'] as const;

export interface ClientMetric {
  name: string;
  unit: string;
  /** datapoint attributes (bare labels in PromQL) */
  attributes: readonly string[];
}

const SPEND_ATTRIBUTES = ['model', 'query_source', 'speed', 'effort', 'agent.name', 'skill.name', 'plugin.name'] as const;

/** Metrics Claude Code emits (gateway-config.md §5). */
export const CLIENT_METRICS = {
  costUsage: { name: 'claude_code.cost.usage', unit: 'USD', attributes: SPEND_ATTRIBUTES },
  tokenUsage: { name: 'claude_code.token.usage', unit: 'tokens', attributes: ['type', ...SPEND_ATTRIBUTES] },
  sessionCount: { name: 'claude_code.session.count', unit: 'count', attributes: ['start_type'] },
  activeTime: { name: 'claude_code.active_time.total', unit: 's', attributes: ['type'] },
  linesOfCode: { name: 'claude_code.lines_of_code.count', unit: 'count', attributes: ['type', 'model'] },
  commitCount: { name: 'claude_code.commit.count', unit: 'count', attributes: [] },
  pullRequestCount: { name: 'claude_code.pull_request.count', unit: 'count', attributes: [] },
  toolDecision: {
    name: 'claude_code.code_edit_tool.decision',
    unit: 'count',
    attributes: ['tool_name', 'decision', 'source', 'language'],
  },
} as const satisfies Record<string, ClientMetric>;

export const ALL_CLIENT_METRICS: readonly ClientMetric[] = Object.values(CLIENT_METRICS);

/** The instrumentation scope awsemf turns into the OTelLib dimension. */
export const EMF_OTEL_LIB = 'com.anthropic.claude_code';

export interface EmfDimensionSet {
  dimensions: readonly string[];
  metrics: readonly string[];
}

const spendMetrics = [CLIENT_METRICS.costUsage.name, CLIENT_METRICS.tokenUsage.name];

/**
 * EMF dimension sets (awsemf metric_declarations). Every set carries OTelLib, so an alarm or
 * widget has to name it too. Per-entity dimensions only on the two spend metrics.
 */
export const EMF_DIMENSION_SETS: readonly EmfDimensionSet[] = [
  { dimensions: ['OTelLib'], metrics: ALL_CLIENT_METRICS.map((m) => m.name) },
  { dimensions: ['model', 'OTelLib'], metrics: [...spendMetrics, CLIENT_METRICS.linesOfCode.name] },
  { dimensions: ['user.email', 'OTelLib'], metrics: spendMetrics },
  { dimensions: ['user.groups', 'OTelLib'], metrics: spendMetrics },
  { dimensions: ['type', 'OTelLib'], metrics: [CLIENT_METRICS.tokenUsage.name] },
  { dimensions: ['model', 'type', 'OTelLib'], metrics: [CLIENT_METRICS.tokenUsage.name] },
  { dimensions: ['decision', 'OTelLib'], metrics: [CLIENT_METRICS.toolDecision.name] },
];

/** Metrics made from the gateway's audit log (single-line JSON keyed by `evt`) by metric filters. */
export const GATEWAY_LOG_METRICS = {
  inferenceRequests: { name: 'InferenceRequests', pattern: '{ $.evt = "inference" }', what: 'requests the gateway sent upstream' },
  upstreamErrors: { name: 'UpstreamErrors', pattern: '{ $.evt = "inference" && $.status >= 400 }', what: 'upstream answers with status 400 or more' },
  authDenied: { name: 'AuthDenied', pattern: '{ $.evt = "auth.denied" }', what: 'sign-ins the gateway refused' },
  accessDenied: { name: 'AccessDenied', pattern: '{ $.evt = "access.denied" }', what: 'requests refused by policy' },
  spendBlocked: { name: 'SpendBlocked', pattern: '{ $.evt = "spend.blocked" }', what: 'requests blocked by a spend cap' },
  // Claude Code fetches its policy at start and every hour; Claude Desktop, which sends no
  // Claude Code telemetry, bootstraps from /user/bootstrap instead (desktop_bootstrap.serve).
  cliPolicyFetches: { name: 'CliPolicyFetches', pattern: '{ $.evt = "managed.serve" }', what: 'policy fetches by Claude Code sessions (start and hourly)' },
} as const;

/** Made from the bundled collector's own log: an exporter that gave up on a batch. */
export const COLLECTOR_LOG_METRICS = {
  exportFailures: { name: 'TelemetryExportFailures', pattern: '"Exporting failed"', what: 'batches the collector dropped' },
} as const;

/** Namespaces are per deployment, so two deployments in one account never mix series. */
export function emfNamespace(stackPrefix: string): string {
  return `cagw/${stackPrefix}/claude-code`;
}
export function gatewayLogNamespace(stackPrefix: string): string {
  return `cagw/${stackPrefix}/gateway`;
}

/** A classic CloudWatch series shape: which dimension names a metric can be read with. */
export interface SeriesShape {
  namespace: string;
  metric: string;
  dimensions: readonly string[];
}

/** Every series of Claude Code telemetry a classic alarm or metric widget can read, in this mode. */
export function clientSeries(mode: CollectorMode, stackPrefix: string): SeriesShape[] {
  // Native OTLP metrics are reachable only through PromQL, never as classic series.
  if (mode === 'native') return [];
  const namespace = emfNamespace(stackPrefix);
  return EMF_DIMENSION_SETS.flatMap((set) => set.metrics.map((metric) => ({ namespace, metric, dimensions: set.dimensions })));
}

/** Series made by this library's metric filters (both modes: they read the gateway's own log). */
export function logDerivedSeries(stackPrefix: string, bundledCollector: boolean): SeriesShape[] {
  const gateway = Object.values(GATEWAY_LOG_METRICS).map((m) => ({ namespace: gatewayLogNamespace(stackPrefix), metric: m.name, dimensions: [] }));
  const collector = bundledCollector
    ? Object.values(COLLECTOR_LOG_METRICS).map((m) => ({ namespace: gatewayLogNamespace(stackPrefix), metric: m.name, dimensions: [] }))
    : [];
  return [...gateway, ...collector];
}

/** PromQL label for an attribute: resource attributes are `@resource.<name>`, data-point attributes bare. */
export function promLabel(attribute: string): string {
  return (RESOURCE_ATTRIBUTES as readonly string[]).includes(attribute) ? `@resource.${attribute}` : attribute;
}

/** Labels a native-mode PromQL query may use on a metric. */
export function promLabelsOf(metricName: string): string[] {
  const metric = ALL_CLIENT_METRICS.find((m) => m.name === metricName);
  if (!metric) return [];
  return [...metric.attributes, ...STANDARD_ATTRIBUTES, ...RESOURCE_ATTRIBUTES.map((a) => `@resource.${a}`)];
}
