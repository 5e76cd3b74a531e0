// A rotation of the admin write key while the gateway's tasks roll: the secret's AWSCURRENT is
// the new key, AWSPREVIOUS the old one, and the load balancer sends each request to a task that
// started before (old key) or after (new key). cagw caps keeps working through it.
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { deployedAdminTarget } from './admin-target.ts';
import { spendLimitsAdmin } from './spend-limits-admin.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/admin-key-AbCdEf';
const OLD = `old-${'o'.repeat(40)}`;
const NEW = `new-${'n'.repeat(40)}`;
const settings = { ENABLE_SPEND_CAPS: true, GATEWAY_ADMIN_WRITE_KEY_ARN: ARN, AWS_REGION: 'us-east-1', AWS_PROFILE: undefined, publicUrl: 'https://claude.internal.example.com' };
const secrets = mockClient(SecretsManagerClient);

test('the target carries the AWSPREVIOUS version while there is one, and none for a secret never rotated', async () => {
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSCURRENT' }).resolves({ SecretString: NEW });
  secrets.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' }).resolves({ SecretString: OLD });
  expect(await deployedAdminTarget(settings, undefined)).toMatchObject({ apiKey: NEW, previousKey: OLD });

  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSCURRENT' }).resolves({ SecretString: NEW });
  // what Secrets Manager answers for a staging label no version carries
  secrets.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' }).rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS", $metadata: {} }));
  const target = await deployedAdminTarget(settings, undefined);
  expect(target.apiKey).toBe(NEW);
  expect(target).not.toHaveProperty('previousKey');
});

// two gateway tasks behind a round-robin balancer: one started before the rotation, one after
let fleet: Server;
let url: string;
let served = 0;
beforeAll(async () => {
  fleet = createServer((request, response) => {
    const holds = served++ % 2 === 0 ? OLD : NEW;
    if (request.headers['x-api-key'] !== holds) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid key' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [], has_more: false, last_id: null }));
  });
  await new Promise<void>((resolve, reject) => fleet.once('error', reject).listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(fleet.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => fleet.close(resolve)));

test('with the current and the previous key, every call succeeds against a half-rolled fleet', async () => {
  const admin = spendLimitsAdmin(url, [NEW, OLD]);
  for (let i = 0; i < 20; i += 1) {
    served = i % 2; // every phase of the round robin
    expect(await admin.list()).toEqual([]);
  }
});

test('with the new key alone the same fleet refuses every other call: the gap the previous key closes', async () => {
  const admin = spendLimitsAdmin(url, NEW);
  served = 0;
  const error = await admin.list().catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe('AdminKeyRefused');
});

test('a key neither task holds is still refused, after a bounded number of tries, saying both versions were tried', async () => {
  served = 0;
  const error = await spendLimitsAdmin(url, [`x-${'x'.repeat(40)}`, `y-${'y'.repeat(40)}`]).list().catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe('AdminKeyRefused');
  expect((error as CagwError).message).toContain('neither the current nor the previous version');
  expect(served).toBe(6);
});
