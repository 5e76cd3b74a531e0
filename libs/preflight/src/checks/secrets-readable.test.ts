import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { secretsReadable } from './secrets-readable.ts';

const sm = mockClient(SecretsManagerClient);
const kms = mockClient(KMSClient);
beforeEach(() => {
  sm.reset();
  sm.onAnyCommand().rejects(new Error('unexpected Secrets Manager call'));
  kms.reset();
  kms.onAnyCommand().rejects(new Error('unexpected KMS call'));
});

const OIDC = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw/oidc-AbCdEf';
const ADMIN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw/admin-GhIjKl';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';
const SECRET_VALUE = 's3cr3t-value-never-shown';
const both = settingsFrom({ OIDC_CLIENT_SECRET_ARN: OIDC, ENABLE_SPEND_CAPS: 'true', GATEWAY_ADMIN_WRITE_KEY_ARN: ADMIN });

test('readable secrets under the AWS-managed key pass, and the value never appears', async () => {
  sm.on(DescribeSecretCommand).resolves({ Name: 'x' });
  sm.on(GetSecretValueCommand).resolves({ SecretString: SECRET_VALUE });
  const r = await runOne(secretsReadable, both);
  expect(r).toMatchObject({ status: 'pass', message: 'OIDC_CLIENT_SECRET_ARN is readable; GATEWAY_ADMIN_WRITE_KEY_ARN is readable' });
  expect(JSON.stringify(r)).not.toContain(SECRET_VALUE);
});

test('a secret scheduled for deletion fails with the restore command', async () => {
  sm.on(DescribeSecretCommand, { SecretId: OIDC }).resolves({ DeletedDate: new Date('2026-12-01T00:00:00Z') });
  sm.on(DescribeSecretCommand, { SecretId: ADMIN }).resolves({});
  sm.on(GetSecretValueCommand).resolves({ SecretString: SECRET_VALUE });
  const r = await runOne(secretsReadable, both);
  expect(r).toMatchObject({ status: 'fail', message: 'OIDC_CLIENT_SECRET_ARN names a secret scheduled for deletion on 2026-12-01' });
  expect(r.fix).toContain(`restore-secret --secret-id ${OIDC}`);
});

test('a missing secret and an empty one are both reported', async () => {
  sm.on(DescribeSecretCommand, { SecretId: OIDC }).rejects(awsError('ResourceNotFoundException'));
  sm.on(DescribeSecretCommand, { SecretId: ADMIN }).resolves({});
  sm.on(GetSecretValueCommand, { SecretId: ADMIN }).resolves({ SecretString: '  ' });
  const r = await runOne(secretsReadable, both);
  expect(r.status).toBe('fail');
  expect(r.message).toContain('OIDC_CLIENT_SECRET_ARN names a secret that does not exist');
  expect(r.message).toContain('GATEWAY_ADMIN_WRITE_KEY_ARN names a secret with an empty value (value hidden)');
});

test('a secret the deploying identity cannot read fails with the permission', async () => {
  sm.on(DescribeSecretCommand).resolves({});
  sm.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform secretsmanager:GetSecretValue'));
  const r = await runOne(secretsReadable, settingsFrom({ OIDC_CLIENT_SECRET_ARN: OIDC }));
  expect(r.status).toBe('fail');
  expect(r.fix).toContain('allow secretsmanager:GetSecretValue');
});

test('a customer KMS key must be enabled and named by SECRETS_KMS_KEY_ARN', async () => {
  sm.on(DescribeSecretCommand).resolves({ KmsKeyId: KEY });
  sm.on(GetSecretValueCommand).resolves({ SecretString: SECRET_VALUE });
  kms.on(DescribeKeyCommand, { KeyId: KEY }).resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY, KeyState: 'Enabled' } });
  const named = settingsFrom({ OIDC_CLIENT_SECRET_ARN: OIDC, SECRETS_KMS_KEY_ARN: KEY });
  expect(await runOne(secretsReadable, named)).toMatchObject({ status: 'pass', message: expect.stringContaining(`${KEY} is enabled`) });
  // without the profile naming it, the execution role could not decrypt: the tasks would never start
  expect(await runOne(secretsReadable, settingsFrom({ OIDC_CLIENT_SECRET_ARN: OIDC }))).toMatchObject({ status: 'fail', fix: `set SECRETS_KMS_KEY_ARN=${KEY} in the profile` });
  kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY, KeyState: 'PendingDeletion' } });
  expect(await runOne(secretsReadable, named)).toMatchObject({ status: 'fail', message: expect.stringContaining('PendingDeletion') });
});

test('two different customer keys fail: the stack grants decrypt on one', async () => {
  sm.on(DescribeSecretCommand, { SecretId: OIDC }).resolves({ KmsKeyId: KEY });
  sm.on(DescribeSecretCommand, { SecretId: ADMIN }).resolves({ KmsKeyId: `${KEY}-other` });
  sm.on(GetSecretValueCommand).resolves({ SecretString: SECRET_VALUE });
  expect((await runOne(secretsReadable, both)).message).toContain('2 different customer KMS keys');
});

test('the AWS-managed key alias needs no KMS call', async () => {
  sm.on(DescribeSecretCommand).resolves({ KmsKeyId: 'alias/aws/secretsmanager' });
  sm.on(GetSecretValueCommand).resolves({ SecretString: SECRET_VALUE });
  expect((await runOne(secretsReadable, settingsFrom({ OIDC_CLIENT_SECRET_ARN: OIDC }))).status).toBe('pass');
});

test('Cognito profiles name no secret: skipped', async () => {
  const r = await runOne(secretsReadable, settingsFrom({ IDP_MODE: 'new-cognito', OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET_ARN: '', COGNITO_ADMIN_EMAIL: 'a@example.com', COGNITO_DOMAIN_PREFIX: 'acme-claude' }));
  expect(r.status).toBe('skip');
});

test('PREVIOUS_JWT_SECRET_ARN is checked like the other secrets, and a key the gateway would refuse (under 32 characters) fails', async () => {
  const PREVIOUS = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous-AbCdEf';
  const rotating = settingsFrom({ OIDC_CLIENT_SECRET_ARN: OIDC, PREVIOUS_JWT_SECRET_ARN: PREVIOUS });
  sm.on(DescribeSecretCommand).resolves({});
  sm.on(GetSecretValueCommand, { SecretId: OIDC }).resolves({ SecretString: SECRET_VALUE });
  sm.on(GetSecretValueCommand, { SecretId: PREVIOUS }).resolves({ SecretString: 'k'.repeat(64) });
  expect(await runOne(secretsReadable, rotating)).toMatchObject({ status: 'pass', message: 'OIDC_CLIENT_SECRET_ARN is readable; PREVIOUS_JWT_SECRET_ARN is readable' });

  const shortKey = 'k'.repeat(31);
  sm.on(GetSecretValueCommand, { SecretId: PREVIOUS }).resolves({ SecretString: shortKey });
  const r = await runOne(secretsReadable, rotating);
  expect(r.status).toBe('fail');
  expect(r.message).toContain('PREVIOUS_JWT_SECRET_ARN names a secret shorter than 32 characters (value hidden)');
  expect(r.fix).toContain('unset PREVIOUS_JWT_SECRET_ARN');
  expect(JSON.stringify(r)).not.toContain(shortKey);
});
