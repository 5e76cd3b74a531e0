// cognito.mfa reads the live pool (GetUserPoolMfaConfig), not the idp stack's parameter: the
// mode the deploy passes is never weaker than the pool, a raise to ON is left to the command it
// prints, an update that would hand back a mode required by hand fails, and existing pools are
// held to COGNITO_MFA too.
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient, GetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { loadTemplate } from '@cagw/cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { cognitoMfa } from './cognito-mfa.ts';

const cfn = mockClient(CloudFormationClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'us-east-1_AbCdEfGhI';
const noByo = { OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET_ARN: '' };
const newPool = (mfa?: string) => settingsFrom({
  IDP_MODE: 'new-cognito', ...noByo, COGNITO_ADMIN_EMAIL: 'admin@example.com', COGNITO_DOMAIN_PREFIX: 'acme-claude', ...(mfa ? { COGNITO_MFA: mfa } : {}),
});
const existingPool = (values: Record<string, string> = {}) => settingsFrom({ IDP_MODE: 'existing-cognito', ...noByo, COGNITO_POOL_ID: POOL, ...values });
/** the idp stack as DescribeStacks returns it, made with MfaMode `parameter` */
const liveStack = (parameter: string) => cfn.on(DescribeStacksCommand, { StackName: 'claude-gateway-idp' }).resolves({
  Stacks: [{
    StackName: 'claude-gateway-idp', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2026-10-01T08:00:00Z'),
    Parameters: [{ ParameterKey: 'MfaMode', ParameterValue: parameter }], Outputs: [{ OutputKey: 'UserPoolId', OutputValue: POOL }],
  }],
});
const livePool = (mode: string) => cognito.on(GetUserPoolMfaConfigCommand, { UserPoolId: POOL }).resolves({ MfaConfiguration: mode as 'ON', SoftwareTokenMfaConfiguration: { Enabled: mode !== 'OFF' } });

beforeEach(() => {
  cfn.reset();
  cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id claude-gateway-idp does not exist'));
  cognito.reset();
  cognito.onAnyCommand().rejects(new Error('unexpected Cognito call'));
});

describe('cognito.mfa, a pool the idp stack makes', () => {
  test('a new pool is created with COGNITO_MFA (required by default)', async () => {
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'pass', data: { mfaMode: 'ON' } });
    expect(await runOne(cognitoMfa, newPool('optional'))).toMatchObject({ status: 'pass', data: { mfaMode: 'OPTIONAL' } });
  });

  test('a profile weaker than the live pool keeps the pool\'s mode, with a warning that says how to relax it by hand', async () => {
    liveStack('ON');
    livePool('ON');
    const r = await runOne(cognitoMfa, newPool('optional'));
    expect(r).toMatchObject({ status: 'warn', data: { mfaMode: 'ON', liveMfaMode: 'ON' } });
    expect(r.message).toContain('cagw keeps ON');
    expect(r.fix).toContain('set COGNITO_MFA=required');
    expect(r.fix).toContain(`--user-pool-id ${POOL} --software-token-mfa-configuration Enabled=true --mfa-configuration OPTIONAL`);
  });

  test('MFA required by hand on a pool the stack made optional is kept while the deploy leaves the pool alone', async () => {
    liveStack('OPTIONAL');
    livePool('ON');
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: (await loadTemplate('idp-cognito-new')).body });
    // the parameter stays OPTIONAL: a change to ON is an UpdateUserPool CloudFormation cannot make
    expect(await runOne(cognitoMfa, newPool('optional'))).toMatchObject({ status: 'warn', data: { mfaMode: 'OPTIONAL', liveMfaMode: 'ON' }, message: expect.stringContaining('cagw keeps ON') });
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'pass', data: { mfaMode: 'OPTIONAL', liveMfaMode: 'ON' } });
  });

  test('a template that updates a pool required by hand fails before anything changes, naming the window to accept', async () => {
    liveStack('OPTIONAL');
    livePool('ON');
    const older = (await loadTemplate('idp-cognito-new')).body.replace('MinimumLength: 12', 'MinimumLength: 10');
    cfn.on(GetTemplateCommand, { StackName: 'claude-gateway-idp' }).resolves({ TemplateBody: older });
    const r = await runOne(cognitoMfa, newPool());
    expect(r).toMatchObject({ status: 'fail', data: { mfaMode: 'OPTIONAL', liveMfaMode: 'ON' } });
    expect(r.message).toContain('would set MFA back to OPTIONAL');
    expect(r.fix).toContain(`--mfa-configuration ON`);
  });

  test('a pool made optional keeps it when COGNITO_MFA=required, with the command that requires it', async () => {
    liveStack('OPTIONAL');
    livePool('OPTIONAL');
    const r = await runOne(cognitoMfa, newPool());
    expect(r).toMatchObject({ status: 'warn', data: { mfaMode: 'OPTIONAL', liveMfaMode: 'OPTIONAL' } });
    expect(r.fix).toContain(`aws cognito-idp set-user-pool-mfa-config --user-pool-id ${POOL} --software-token-mfa-configuration Enabled=true --mfa-configuration ON`);
  });

  test('a pool relaxed by hand below its stack is reported, not hidden by the stack parameter', async () => {
    liveStack('ON');
    livePool('OFF');
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'warn', data: { mfaMode: 'ON', liveMfaMode: 'OFF' }, message: expect.stringContaining(`pool ${POOL} of claude-gateway-idp has MFA OFF`) });
  });

  test('a pool deleted outside CloudFormation and an API error fail naming what to do; byo skips', async () => {
    liveStack('ON');
    cognito.on(GetUserPoolMfaConfigCommand).rejects(awsError('ResourceNotFoundException', `User pool ${POOL} does not exist.`));
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'fail', fix: expect.stringContaining('delete-stack --stack-name claude-gateway-idp') });
    cognito.on(GetUserPoolMfaConfigCommand).rejects(awsError('AccessDeniedException'));
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'fail', message: expect.stringMatching(/^cognito-idp:GetUserPoolMfaConfig failed: AccessDeniedException/) });
    cfn.on(DescribeStacksCommand).rejects(awsError('AccessDenied'));
    expect(await runOne(cognitoMfa, newPool())).toMatchObject({ status: 'fail', message: expect.stringMatching(/^cloudformation:DescribeStacks failed: AccessDenied/) });
    expect((await runOne(cognitoMfa, settingsFrom({}))).status).toBe('skip');
  });
});

describe('cognito.mfa, an existing pool', () => {
  test('COGNITO_MFA=required fails on a pool that does not require MFA, naming both fixes', async () => {
    livePool('OPTIONAL');
    const r = await runOne(cognitoMfa, existingPool());
    expect(r).toMatchObject({ status: 'fail', data: { liveMfaMode: 'OPTIONAL' } });
    expect(r.fix).toContain(`--user-pool-id ${POOL} --software-token-mfa-configuration Enabled=true --mfa-configuration ON`);
    expect(r.fix).toContain('set COGNITO_MFA=optional');
  });

  test('optional warns on a pool with MFA off; a pool as strict as the profile passes', async () => {
    livePool('OFF');
    expect((await runOne(cognitoMfa, existingPool({ COGNITO_MFA: 'optional' }))).status).toBe('warn');
    expect((await runOne(cognitoMfa, existingPool({ COGNITO_MFA: 'off' }))).status).toBe('pass');
    livePool('ON');
    expect(await runOne(cognitoMfa, existingPool())).toMatchObject({ status: 'pass', data: { liveMfaMode: 'ON' } });
  });

  test('a client for federated providers only is not held to the pool\'s MFA; a missing pool fails', async () => {
    expect(await runOne(cognitoMfa, existingPool({ COGNITO_IDENTITY_PROVIDERS: 'AzureAD' }))).toMatchObject({ status: 'pass', message: expect.stringContaining('AzureAD only') });
    cognito.on(GetUserPoolMfaConfigCommand).rejects(awsError('ResourceNotFoundException', `User pool ${POOL} does not exist.`));
    expect(await runOne(cognitoMfa, existingPool())).toMatchObject({ status: 'fail', fix: expect.stringContaining('COGNITO_POOL_ID') });
  });
});
