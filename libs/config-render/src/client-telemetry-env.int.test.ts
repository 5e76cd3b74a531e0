// The real gateway delivers the delta-temporality pin to every signed-in user: from the
// catch-all to a group policy by the shallow env merge, next to the group's own env.
import { fetchManagedSettings, signInTestUser, startLocalGateway } from '@cagw/local-gateway';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { renderGatewayConfig } from './render-gateway-config.ts';
import { renderInputFixture } from './render-input.fixture.ts';

test('a contractor (group policy) and anyone else (catch-all) both get OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta', async () => {
  const rendered = renderGatewayConfig(renderInputFixture());
  const users = [
    { email: 'bob@example.com', name: 'Bob', groups: ['contractors'] },
    { email: 'carol@example.com', name: 'Carol', groups: ['sales'] },
  ];
  const gateway = await startLocalGateway({ config: parse(rendered.yaml), env: {}, users });
  try {
    const envOf = async (email: string) => {
      const token = await signInTestUser(gateway.url, email);
      const answer = await fetchManagedSettings(gateway.url, token.accessToken);
      expect(answer.status).toBe(200);
      return (answer.settings as { env?: Record<string, string> }).env;
    };
    expect(await envOf('bob@example.com')).toMatchObject({ HTTP_PROXY: 'http://proxy.example.com:8080', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' });
    expect(await envOf('carol@example.com')).toMatchObject({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' });
  } finally {
    await gateway.stop();
  }
});
