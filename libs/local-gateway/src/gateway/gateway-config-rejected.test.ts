import { expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { GatewayConfigRejected, isConfigFault } from './gateway-config-rejected.ts';
import { parseGatewayFailure, type GatewayFailure } from './parse-gateway-failure.ts';

const failure = (stderr: string) => parseGatewayFailure(stderr) as GatewayFailure;

test('schema, managed-settings and plain config sentences are the config fault', () => {
  expect(isConfigFault(failure('claude gateway: [{"code":"invalid_type","path":["store"],"message":"Required"}]'))).toBe(true);
  expect(isConfigFault(failure('claude gateway: managed.policies[0].cli invalid:\n  x: unknown settings key'))).toBe(true);
  expect(isConfigFault(failure('claude gateway: ENOENT: no such file or directory, open \'/secrets/jwt\''))).toBe(true);
});

test('failures of the loopback parts are not the config fault', () => {
  expect(isConfigFault(failure('claude gateway: could not connect to Postgres: Failed to connect. Check store.postgres_url in /tmp/x'))).toBe(false);
  expect(isConfigFault(failure('claude gateway: connect ECONNREFUSED 127.0.0.1:1'))).toBe(false);
});

test('the rejection is a CagwError carrying the errors, recognised without instanceof', () => {
  const rejection = new GatewayConfigRejected(failure('claude gateway: [{"code":"unrecognized_keys","keys":["lisen"],"path":[],"message":"Unrecognized key(s) in object: \'lisen\'"}]'), '2.1.330');
  expect(CagwError.is(rejection)).toBe(true);
  expect(rejection.code).toBe('GatewayConfigRejected');
  expect(rejection.where).toBe('lisen');
  expect(rejection.message).toContain("lisen: Unrecognized key(s) in object: 'lisen'");
  expect(GatewayConfigRejected.isRejection(rejection)).toBe(true);
  expect(GatewayConfigRejected.isRejection(new CagwError('GatewayConfigRejected', 'x', { source: 'user' }))).toBe(false);
});
