// The gateway authenticates to cagw's own collector with a bearer token it reads from its
// environment (ECS injects it from the collector stack's secret); a BYO telemetry endpoint
// gets no cagw token.
import { describe, expect, test } from 'vitest';
import { renderGatewayConfig } from './render-gateway-config.ts';
import { renderInputFixture } from './render-input.fixture.ts';
import { SECRET_ENV } from './render-input.ts';

describe('telemetry.forward_to headers', () => {
  test("cagw's collector gets Authorization: Bearer ${CAGW_COLLECTOR_TOKEN}, never a value", () => {
    const rendered = renderGatewayConfig(renderInputFixture({ ENABLE_COLLECTOR: true, collectorEndpoint: 'https://claude-otel.example.com' }));
    expect(rendered.config.telemetry?.forward_to).toEqual([
      expect.objectContaining({ url: 'https://claude-otel.example.com', headers: { Authorization: 'Bearer ${CAGW_COLLECTOR_TOKEN}' } }),
    ]);
    expect(SECRET_ENV.collectorToken).toBe('CAGW_COLLECTOR_TOKEN');
    // the task must carry it, or the gateway refuses to boot
    expect(rendered.requiredEnv).toContain('CAGW_COLLECTOR_TOKEN');
  });

  test('a BYO collector endpoint gets no header and needs no token', () => {
    const rendered = renderGatewayConfig(renderInputFixture({ ENABLE_COLLECTOR: false, collectorEndpoint: 'https://otel.example.com' }));
    expect(rendered.config.telemetry?.forward_to[0]?.headers).toBeUndefined();
    expect(rendered.requiredEnv).not.toContain('CAGW_COLLECTOR_TOKEN');
  });
});
