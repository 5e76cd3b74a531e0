// The real gateway sends the bearer token the collector requires: the rendered
// telemetry.forward_to headers, with ${CAGW_COLLECTOR_TOKEN} expanded from the task environment,
// reach the collector on every relayed export. A loopback receiver stands in for the collector.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { signInTestUser, startLocalGateway, stopSharedServices } from '@cagw/local-gateway';
import { loadSettingsOrThrow } from '@cagw/profile';
import { parse } from 'yaml';
import { afterAll, expect, test } from 'vitest';
import { renderGatewayConfig } from './render-gateway-config.ts';

const profilesDir = fileURLToPath(new URL('../../../profiles/', import.meta.url));
// a value of the shape Secrets Manager generates (48 letters and digits)
const TOKEN = 'k7Qm2Xv9Lr4Tn8Wb1Zc6Hd3Fj5Gs0Ya7Ue2Ip9Oq4Nw8Mx1';

afterAll(async () => {
  await stopSharedServices();
});

test("the gateway relays client telemetry to cagw's collector with Authorization: Bearer <the collector token>", async () => {
  const received: IncomingHttpHeaders[] = [];
  const collector = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  collector.listen(0, '127.0.0.1');
  await once(collector, 'listening');
  try {
    const settings = loadSettingsOrThrow({ profilePath: `${profilesDir}managed-newcognito-collector-vpn.env`, env: {} }).settings;
    expect(settings.ENABLE_COLLECTOR).toBe(true);
    const config = parse(renderGatewayConfig(settings).yaml) as { telemetry: { forward_to: { url: string }[] } };
    // the collector's address on loopback; the headers stay as rendered
    config.telemetry.forward_to[0]!.url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const gateway = await startLocalGateway({ config, env: { CAGW_COLLECTOR_TOKEN: TOKEN }, keepSharedServices: true });
    try {
      const token = await signInTestUser(gateway.url, gateway.users[0]!.email);
      const now = `${Date.now()}000000`;
      const posted = await fetch(`${gateway.url}/v1/metrics`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ resourceMetrics: [{ resource: { attributes: [] }, scopeMetrics: [{ scope: { name: 'com.anthropic.claude_code' }, metrics: [{
          name: 'claude_code.cost.usage', unit: 'USD',
          sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ startTimeUnixNano: now, timeUnixNano: now, asDouble: 0.01, attributes: [] }] },
        }] }] }] }),
      });
      expect(posted.status).toBeLessThan(300);
      // the relay may trail the answer: wait for the first request (bounded), then look at it
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received.length).toBeGreaterThan(0);
      expect(received[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      await gateway.stop();
    }
  } finally {
    collector.close();
  }
}, 180_000);
