// A pool created with MFA optional keeps it (CloudFormation cannot require MFA on an existing
// pool) with a warning and the command; new pools and explicit choices pass through.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { cognitoMfa } from './cognito-mfa.ts';

const cfn = mockClient(CloudFormationClient);
const newPool = (mfa?: string) => settingsFrom({
  IDP_MODE: 'new-cognito', OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET_ARN: '', COGNITO_ADMIN_EMAIL: 'admin@example.com', COGNITO_DOMAIN_PREFIX: 'acme-claude', ...(mfa ? { COGNITO_MFA: mfa } : {}),
});
const liveIdp = (mfaMode: string) => cfn.on(DescribeStacksCommand, { StackName: 'claude-gateway-idp' }).resolves({
  Stacks: [{ StackName: 'claude-gateway-idp', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2026-10-01T08:00:00Z'), Parameters: [{ ParameterKey: 'MfaMode', ParameterValue: mfaMode }] }],
});

beforeEach(() => {
  cfn.reset();
  cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id claude-gateway-idp does not exist'));
});

describe('cognito.mfa', () => {
  test('a new pool requires MFA by default', async () => {
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'pass', data: { mfaMode: 'ON' } });
  });

  test('a pool created with MFA optional keeps it, with the command that requires it', async () => {
    liveIdp('OPTIONAL');
    const r = await runOne(cognitoMfa, newPool());
    expect(r).toMatchObject({ status: 'warn', data: { mfaMode: 'OPTIONAL' } });
    expect(r.fix).toContain('aws cognito-idp set-user-pool-mfa-config');
  });

  test('a live pool that already requires MFA, or an explicit optional, passes through', async () => {
    liveIdp('ON');
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'pass', data: { mfaMode: 'ON' } });
    liveIdp('ON');
    expect(await runOne(cognitoMfa, newPool('optional'))).toMatchObject({ status: 'pass', data: { mfaMode: 'OPTIONAL' } });
  });

  test('a CloudFormation error fails naming the API; other IdP modes skip', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('AccessDenied'));
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'fail', message: expect.stringMatching(/^cloudformation:DescribeStacks failed: AccessDenied/) });
    expect((await runOne(cognitoMfa, settingsFrom({}))).status).toBe('skip');
  });
});
