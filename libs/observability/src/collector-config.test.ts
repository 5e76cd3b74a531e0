import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  emfMetricDeclarations,
  NATIVE_MAX_DATAPOINTS_PER_REQUEST,
  renderCollectorConfig,
  renderCollectorConfigYaml,
  type CollectorConfigInput,
} from './collector-config.ts';
import { CLIENT_METRICS, HIGH_CARDINALITY_ATTRIBUTES, PER_ENTITY_DIMENSIONS, STANDARD_ATTRIBUTES } from './telemetry-catalog.ts';

const base: CollectorConfigInput = {
  stackPrefix: 'acme-gw',
  region: 'eu-west-1',
  collectorMode: 'native',
  forwardLogs: true,
  eventsLogGroupName: '/aws/acme-gw/events',
  emfLogGroupName: '/aws/acme-gw/metrics',
};

// Reads a nested value of the untyped config by path, failing loudly if a step is missing.
function at(config: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((node, key) => {
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`no ${path.join('.')}`);
    return (node as Record<string, unknown>)[key];
  }, config);
}

describe('native mode', () => {
  const config = renderCollectorConfig(base);

  test('exports metrics to the regional OTLP endpoint, signed with SigV4 for the monitoring service', () => {
    expect(at(config, 'exporters', 'otlphttp/cloudwatch', 'metrics_endpoint')).toBe('https://monitoring.eu-west-1.amazonaws.com/v1/metrics');
    expect(at(config, 'exporters', 'otlphttp/cloudwatch', 'auth')).toEqual({ authenticator: 'sigv4auth' });
    expect(at(config, 'extensions', 'sigv4auth')).toEqual({ region: 'eu-west-1', service: 'monitoring' });
    expect(at(config, 'service', 'extensions')).toContain('sigv4auth');
  });

  test('batches stay within the 1,000 datapoints the endpoint accepts per request', () => {
    const batch = at(config, 'processors', 'batch/metrics') as { send_batch_size: number; send_batch_max_size: number };
    expect(batch.send_batch_max_size).toBeLessThanOrEqual(NATIVE_MAX_DATAPOINTS_PER_REQUEST);
    expect(batch.send_batch_size).toBeLessThanOrEqual(batch.send_batch_max_size);
  });

  test('forwards events to the events log group only with FORWARD_LOGS', () => {
    expect(at(config, 'exporters', 'awscloudwatchlogs/events', 'log_group_name')).toBe('/aws/acme-gw/events');
    expect(at(config, 'service', 'pipelines', 'logs', 'exporters')).toEqual(['awscloudwatchlogs/events']);
    const quiet = renderCollectorConfig({ ...base, forwardLogs: false });
    expect(() => at(quiet, 'service', 'pipelines', 'logs')).toThrow();
    expect(() => at(quiet, 'exporters', 'awscloudwatchlogs/events')).toThrow();
  });

  test('every pipeline names only components that are defined', () => {
    for (const mode of ['native', 'emf'] as const) {
      for (const forwardLogs of [true, false]) {
        const c = renderCollectorConfig({ ...base, collectorMode: mode, forwardLogs });
        const pipelines = at(c, 'service', 'pipelines') as Record<string, Record<string, string[]>>;
        for (const pipeline of Object.values(pipelines)) {
          for (const kind of ['receivers', 'processors', 'exporters'] as const) {
            for (const name of pipeline[kind] ?? []) expect(Object.keys(at(c, kind) as object)).toContain(name);
          }
        }
      }
    }
  });
});

describe('emf mode', () => {
  const config = renderCollectorConfig({ ...base, collectorMode: 'emf' });
  const declarations = emfMetricDeclarations();
  const selects = (selectors: string[], metric: string) => selectors.some((s) => new RegExp(s).test(metric));

  test('writes EMF to the per-deployment namespace and log group, without SigV4', () => {
    expect(at(config, 'exporters', 'awsemf', 'namespace')).toBe('cagw/acme-gw/claude-code');
    expect(at(config, 'exporters', 'awsemf', 'log_group_name')).toBe('/aws/acme-gw/metrics');
    expect(() => at(config, 'extensions', 'sigv4auth')).toThrow();
  });

  test('turns off dimension rollup, which would make every label a dimension', () => {
    expect(at(config, 'exporters', 'awsemf', 'dimension_rollup_option')).toBe('NoDimensionRollup');
  });

  test('no high-cardinality attribute ever becomes a dimension', () => {
    const dimensions = declarations.flatMap((d) => d.dimensions.flat());
    for (const attribute of HIGH_CARDINALITY_ATTRIBUTES) expect(dimensions).not.toContain(attribute);
  });

  test('per-entity dimensions (user.email, user.groups) appear only on token.usage and cost.usage', () => {
    const spend = [CLIENT_METRICS.costUsage.name, CLIENT_METRICS.tokenUsage.name];
    const perEntity: readonly string[] = PER_ENTITY_DIMENSIONS;
    for (const declaration of declarations) {
      const hasEntity = declaration.dimensions.flat().some((d) => perEntity.includes(d));
      if (!hasEntity) continue;
      for (const metric of Object.values(CLIENT_METRICS).map((m) => m.name)) {
        if (selects(declaration.metric_name_selectors, metric)) expect(spend).toContain(metric);
      }
    }
  });

  test('the only standard attributes used as dimensions are the per-entity ones', () => {
    const dimensions = new Set(declarations.flatMap((d) => d.dimensions.flat()));
    const resourceDims = [...dimensions].filter((d) => (STANDARD_ATTRIBUTES as readonly string[]).includes(d));
    expect(resourceDims.sort()).toEqual([...PER_ENTITY_DIMENSIONS].sort());
  });

  test('selectors are anchored, so token.usage does not also select a longer name', () => {
    const tokenOnly = declarations.find((d) => d.dimensions[0]?.includes('type') && d.dimensions[0].length === 2);
    expect(tokenOnly).toBeDefined();
    expect(selects(tokenOnly!.metric_name_selectors, 'claude_code.token.usage')).toBe(true);
    expect(selects(tokenOnly!.metric_name_selectors, 'claude_code.token.usage.extra')).toBe(false);
    expect(selects(tokenOnly!.metric_name_selectors, 'claude_codeXtoken.usage')).toBe(false);
  });

  test('the YAML form parses back to the same config', () => {
    expect(parse(renderCollectorConfigYaml({ ...base, collectorMode: 'emf' }))).toEqual(config);
  });
});

describe('the OTLP receiver', () => {
  test('in both modes requires the bearer token the gateway sends, read from the task environment', () => {
    for (const mode of ['native', 'emf'] as const) {
      const c = renderCollectorConfig({ ...base, collectorMode: mode });
      const authenticator = at(c, 'receivers', 'otlp', 'protocols', 'http', 'auth', 'authenticator') as string;
      expect(at(c, 'extensions', authenticator)).toEqual({ token: '${env:CAGW_COLLECTOR_TOKEN}' });
      expect(at(c, 'service', 'extensions')).toContain(authenticator);
      // the token is never written into the configuration itself
      expect(renderCollectorConfigYaml({ ...base, collectorMode: mode })).toMatch(/token: \$\{env:CAGW_COLLECTOR_TOKEN\}/);
    }
  });
});
