// The ADOT collector's configuration for both modes, as data (the collector stack stores it
// as YAML in an SSM parameter). The EMF dimension sets come from the telemetry catalog, so
// alarms and this config cannot drift apart.
import { stringify } from 'yaml';
import { eventProcessors } from './collector-event-filter.ts';
import { DIMENSION_VALUE_REGEX, lowercaseEmailProcessor, memoryLimiterProcessor } from './collector-identity.ts';
import type { CollectorMode } from './observability-input.ts';
import { EMF_DIMENSION_SETS, emfNamespace, PER_ENTITY_DIMENSIONS } from './telemetry-catalog.ts';

export interface CollectorConfigInput {
  stackPrefix: string;
  region: string;
  collectorMode: CollectorMode;
  forwardLogs: boolean;
  eventsLogGroupName: string;
  emfLogGroupName: string;
  /** FORWARD_LOG_DETAILS: forward every event with every attribute (default: what the queries read) */
  forwardLogDetails?: boolean;
}

/**
 * The environment variable holding the bearer token the OTLP receiver requires: the collector
 * stack generates it in Secrets Manager and ECS injects it into both the collector and the
 * gateway, which sends it in telemetry.forward_to.headers. Anyone else in the VPC is refused.
 */
export const COLLECTOR_TOKEN_ENV = 'CAGW_COLLECTOR_TOKEN';

/** The native CloudWatch OTLP endpoint refuses requests with more than 1,000 datapoints. */
export const NATIVE_MAX_DATAPOINTS_PER_REQUEST = 1000;

export interface EmfMetricDeclaration {
  dimensions: string[][];
  /** every matcher must match the labels for the declaration to apply */
  label_matchers?: { label_names: string[]; regex: string }[];
  metric_name_selectors: string[];
}

/**
 * awsemf metric_declarations, one per dimension set of the catalog. A set on a per-entity label
 * applies only while its value is a valid dimension value: an empty `user.groups` (no groups) or
 * one over 1,024 characters (about 30 Entra group ids) would otherwise make CloudWatch drop the
 * whole EMF event, the user's spend in every other set included.
 */
export function emfMetricDeclarations(): EmfMetricDeclaration[] {
  const perEntity: readonly string[] = PER_ENTITY_DIMENSIONS;
  return EMF_DIMENSION_SETS.map((set) => {
    const constrained = set.dimensions.filter((d) => perEntity.includes(d));
    return {
      dimensions: [[...set.dimensions]],
      ...(constrained.length > 0 ? { label_matchers: constrained.map((label) => ({ label_names: [label], regex: DIMENSION_VALUE_REGEX })) } : {}),
      metric_name_selectors: set.metrics.map((name) => `^${name.replaceAll('.', '\\.')}$`),
    };
  });
}

export type CollectorConfig = Record<string, unknown>;

export function renderCollectorConfig(input: CollectorConfigInput): CollectorConfig {
  const native = input.collectorMode === 'native';
  const extensions: Record<string, unknown> = {
    health_check: { endpoint: '0.0.0.0:13133' },
    // server side, it accepts only "Authorization: Bearer <token>" (Bearer is its default scheme)
    'bearertokenauth/gateway': { token: `\${env:${COLLECTOR_TOKEN_ENV}}` },
  };
  if (native) extensions.sigv4auth = { region: input.region, service: 'monitoring' };

  const processors: Record<string, unknown> = {
    'batch/metrics': {
      timeout: '60s',
      send_batch_size: 800,
      send_batch_max_size: NATIVE_MAX_DATAPOINTS_PER_REQUEST,
    },
    resource: { attributes: [{ key: 'deployment.environment', value: input.stackPrefix, action: 'upsert' }] },
    ...memoryLimiterProcessor(),
    ...lowercaseEmailProcessor(),
  };
  const events = input.forwardLogs ? eventProcessors(input.forwardLogDetails ?? false) : {};
  if (input.forwardLogs) Object.assign(processors, events, { 'batch/logs': { timeout: '10s' } });

  const metricsExporter = native ? 'otlphttp/cloudwatch' : 'awsemf';
  const exporters: Record<string, unknown> = native
    ? {
        [metricsExporter]: {
          metrics_endpoint: `https://monitoring.${input.region}.amazonaws.com/v1/metrics`,
          compression: 'gzip',
          auth: { authenticator: 'sigv4auth' },
        },
      }
    : {
        [metricsExporter]: {
          namespace: emfNamespace(input.stackPrefix),
          log_group_name: input.emfLogGroupName,
          log_stream_name: 'claude-code',
          region: input.region,
          output_destination: 'cloudwatch',
          resource_to_telemetry_conversion: { enabled: true },
          // Without this awsemf adds a single-dimension rollup of every label, session.id included.
          dimension_rollup_option: 'NoDimensionRollup',
          metric_declarations: emfMetricDeclarations(),
        },
      };
  if (input.forwardLogs) {
    exporters['awscloudwatchlogs/events'] = {
      log_group_name: input.eventsLogGroupName,
      log_stream_name: 'gateway-events',
      region: input.region,
    };
  }

  const pipelines: Record<string, unknown> = {
    // memory_limiter first, batch last, as the collector's documentation orders them
    metrics: { receivers: ['otlp'], processors: ['memory_limiter', 'resource', 'transform/identity', 'batch/metrics'], exporters: [metricsExporter] },
  };
  if (input.forwardLogs) {
    pipelines.logs = {
      receivers: ['otlp'],
      processors: ['memory_limiter', ...Object.keys(events), 'resource', 'transform/identity', 'batch/logs'],
      exporters: ['awscloudwatchlogs/events'],
    };
  }

  return {
    extensions,
    receivers: { otlp: { protocols: { http: { endpoint: '0.0.0.0:4318', auth: { authenticator: 'bearertokenauth/gateway' } } } } },
    processors,
    exporters,
    service: {
      extensions: Object.keys(extensions),
      telemetry: { logs: { level: 'info', encoding: 'json' } },
      pipelines,
    },
  };
}

export function renderCollectorConfigYaml(input: CollectorConfigInput): string {
  return stringify(renderCollectorConfig(input));
}
