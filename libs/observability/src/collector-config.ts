// The ADOT collector's configuration for both modes, as data (the collector stack stores it
// as YAML in an SSM parameter). The EMF dimension sets come from the telemetry catalog, so
// alarms and this config cannot drift apart.
import { stringify } from 'yaml';
import type { CollectorMode } from './observability-input.ts';
import { EMF_DIMENSION_SETS, emfNamespace } from './telemetry-catalog.ts';

export interface CollectorConfigInput {
  stackPrefix: string;
  region: string;
  collectorMode: CollectorMode;
  forwardLogs: boolean;
  eventsLogGroupName: string;
  emfLogGroupName: string;
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
  metric_name_selectors: string[];
}

/** awsemf metric_declarations, one per dimension set of the catalog. */
export function emfMetricDeclarations(): EmfMetricDeclaration[] {
  return EMF_DIMENSION_SETS.map((set) => ({
    dimensions: [[...set.dimensions]],
    metric_name_selectors: set.metrics.map((name) => `^${name.replaceAll('.', '\\.')}$`),
  }));
}

export type CollectorConfig = Record<string, unknown>;

export function renderCollectorConfig(input: CollectorConfigInput): CollectorConfig {
  const native = input.collectorMode === 'native';
  const extensions: Record<string, unknown> = {
    health_check: { endpoint: '0.0.0.0:13133' },
    // server side, it accepts only "Authorization: Bearer <token>"
    'bearertokenauth/gateway': { scheme: 'Bearer', token: `\${env:${COLLECTOR_TOKEN_ENV}}` },
  };
  if (native) extensions.sigv4auth = { region: input.region, service: 'monitoring' };

  const processors: Record<string, unknown> = {
    'batch/metrics': {
      timeout: '60s',
      send_batch_size: 800,
      send_batch_max_size: NATIVE_MAX_DATAPOINTS_PER_REQUEST,
    },
    resource: { attributes: [{ key: 'deployment.environment', value: input.stackPrefix, action: 'upsert' }] },
  };
  if (input.forwardLogs) processors['batch/logs'] = { timeout: '10s' };

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
    metrics: { receivers: ['otlp'], processors: ['resource', 'batch/metrics'], exporters: [metricsExporter] },
  };
  if (input.forwardLogs) {
    pipelines.logs = { receivers: ['otlp'], processors: ['resource', 'batch/logs'], exporters: ['awscloudwatchlogs/events'] };
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
