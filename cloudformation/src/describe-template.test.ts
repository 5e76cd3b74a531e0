import { expect, test } from 'vitest';
import { describeTemplate } from './describe-template.ts';

test('lists the parameters the deployer must pass, with defaults, and the conditional outputs', async () => {
  const gateway = await describeTemplate('gateway');
  expect(gateway.description).toMatch(/^cagw gateway: /);
  expect(gateway.bytes).toBe(Buffer.byteLength(gateway.body));
  const required = gateway.parameters.filter((p) => p.default === undefined).map((p) => p.name);
  expect(required).toEqual(expect.arrayContaining(['GatewayConfigPacked', 'GatewayImageUri', 'OidcClientSecretArn', 'DbSecretArn', 'GatewayHostname']));
  expect(required).not.toContain('AdminWriteKeyArn');
  expect(gateway.parameters.find((p) => p.name === 'TaskCpu')).toEqual(expect.objectContaining({ default: '1024', constraints: { type: 'String', allowedValues: ['256', '512', '1024', '2048', '4096', '8192', '16384'] } }));

  const network = await describeTemplate('network');
  expect(network.outputs.find((o) => o.name === 'PrivateHostedZoneId')).toEqual(expect.objectContaining({ condition: 'HasPrivateZone' }));
  expect(network.outputs.find((o) => o.name === 'VpcId')!.condition).toBeUndefined();
});
