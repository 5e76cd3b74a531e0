import { expect, test } from 'vitest';
import { renderGatewayConfig } from './render-gateway-config.ts';
import { renderInputFixture } from './render-input.fixture.ts';

const DELTA = { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' };
const envOf = (policy: unknown) => (policy as { cli?: { env?: Record<string, string> } }).cli?.env;

test('with telemetry on, the catch-all every policy merges onto pins delta temporality', () => {
  const { config } = renderGatewayConfig(renderInputFixture());
  const policies = config.managed?.policies ?? [];
  expect(envOf(policies.at(-1))).toMatchObject(DELTA);
  // a group policy shallow-merges env onto the catch-all, so it needs no copy of its own
  expect(envOf(policies[0])).toEqual({ HTTP_PROXY: 'http://proxy.example.com:8080' });
});

test('a group policy cannot ask for cumulative counters: its own value is overridden', () => {
  const { config } = renderGatewayConfig(
    renderInputFixture({
      policies: [
        { name: 'prom', groups: ['prom'], env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'cumulative' } },
        { name: 'everyone', groups: [] },
      ],
    }),
  );
  expect(envOf(config.managed?.policies[0])).toEqual(DELTA);
});

test('without a catch-all every policy pins it', () => {
  const { config } = renderGatewayConfig(renderInputFixture({ policies: [{ name: 'a', groups: ['a'] }, { name: 'b', groups: ['b'], env: { NO: 'no' } }] }));
  expect(config.managed?.policies.map(envOf)).toEqual([DELTA, { NO: 'no', ...DELTA }]);
});

test('without telemetry nothing is pinned', () => {
  const { config } = renderGatewayConfig(renderInputFixture({ collectorEndpoint: undefined }));
  expect(config.managed?.policies.map(envOf)).toEqual([{ HTTP_PROXY: 'http://proxy.example.com:8080' }, undefined]);
});
