import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { deployedAdminTarget } from './admin-target.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/admin-key-AbCdEf';
const KEY = 'k3y-'.repeat(10);
const settings = { ENABLE_SPEND_CAPS: true, GATEWAY_ADMIN_WRITE_KEY_ARN: ARN, AWS_REGION: 'us-east-1', AWS_PROFILE: undefined, publicUrl: 'https://claude.internal.example.com' };
const secrets = mockClient(SecretsManagerClient);

test('a deployed gateway is reached at the profile URL with the write key read from Secrets Manager', async () => {
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: KEY });
  const target = await deployedAdminTarget(settings, undefined);
  expect(target).toEqual({ url: 'https://claude.internal.example.com', apiKey: KEY, label: 'https://claude.internal.example.com' });
  expect((await deployedAdminTarget(settings, 'https://127.0.0.1:8443')).url).toBe('https://127.0.0.1:8443');
});

test('a secret that cannot be read is AdminKeyUnreadable with the permission to grant; spend caps off is SpendCapsOff', async () => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).rejects(Object.assign(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' }));
  const error = await deployedAdminTarget(settings, undefined).catch((e: unknown) => e);
  expect(CagwError.is(error) && [error.code, error.where]).toEqual(['AdminKeyUnreadable', 'GATEWAY_ADMIN_WRITE_KEY_ARN']);
  expect((error as CagwError).fix).toMatch(/secretsmanager:GetSecretValue/);
  const off = await deployedAdminTarget({ ...settings, ENABLE_SPEND_CAPS: false }, undefined).catch((e: unknown) => e);
  expect(CagwError.is(off) && off.code).toBe('SpendCapsOff');
});
