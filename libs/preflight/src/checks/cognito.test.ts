import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient, DescribeUserPoolClientCommand, DescribeUserPoolCommand, DescribeUserPoolDomainCommand, ListIdentityProvidersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import type { DnsResolver } from '../preflight-clients.ts';
import { awsError, dnsError, runOne, settingsFrom } from '../test-support.ts';
import { cognitoDomainPrefix } from './cognito-domain-prefix.ts';
import { cognitoPool } from './cognito-pool.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const cfn = mockClient(CloudFormationClient);
beforeEach(() => {
  cognito.reset();
  cognito.onAnyCommand().rejects(new Error('unexpected Cognito call'));
  cfn.reset();
  cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
});

const POOL = 'us-east-1_AbCdEfGhI';
const noCognito = { OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET_ARN: '' };
const newPool = settingsFrom({ IDP_MODE: 'new-cognito', ...noCognito, COGNITO_ADMIN_EMAIL: 'admin@example.com', COGNITO_DOMAIN_PREFIX: 'acme-claude' });
const dnsAnswering = (answer: string[] | Error): DnsResolver => ({
  resolve4: async () => { if (answer instanceof Error) throw answer; return answer; }, resolve6: async () => [], resolveNs: async () => [],
});

describe('cognito.domain-prefix', () => {
  test('a prefix no pool has, here or anywhere, is available', async () => {
    cognito.on(DescribeUserPoolDomainCommand, { Domain: 'acme-claude' }).resolves({ DomainDescription: {} });
    const r = await runOne(cognitoDomainPrefix, newPool, { dns: dnsAnswering(dnsError('ENOTFOUND')) });
    expect(r).toMatchObject({ status: 'pass', message: 'acme-claude.auth.us-east-1.amazoncognito.com is available' });
  });

  test('a prefix another account holds (its name resolves) fails', async () => {
    cognito.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: {} });
    expect(await runOne(cognitoDomainPrefix, newPool, { dns: dnsAnswering(['3.3.3.3']) })).toMatchObject({ status: 'fail', message: expect.stringContaining('taken by another account') });
  });

  test('a prefix held by a pool of this account fails unless it is our idp stack\'s', async () => {
    cognito.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: { UserPoolId: POOL, Domain: 'acme-claude' } });
    cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id x does not exist'));
    expect((await runOne(cognitoDomainPrefix, newPool)).status).toBe('fail');
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: newPool.stackNames.idp, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'UserPoolId', OutputValue: POOL }] }] });
    expect((await runOne(cognitoDomainPrefix, newPool)).status).toBe('pass');
  });

  test('an existing pool without a domain gets COGNITO_DOMAIN_PREFIX, which must be free too', async () => {
    const existing = (values: Record<string, string>) => settingsFrom({ IDP_MODE: 'existing-cognito', ...noCognito, COGNITO_POOL_ID: POOL, ...values });
    expect((await runOne(cognitoDomainPrefix, existing({}))).status).toBe('skip');
    cognito.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: {} });
    expect(await runOne(cognitoDomainPrefix, existing({ COGNITO_DOMAIN_PREFIX: 'acme-claude' }), { dns: dnsAnswering(['3.3.3.3']) })).toMatchObject({ status: 'fail', message: expect.stringContaining('taken by another account') });
    cognito.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: { UserPoolId: POOL, Domain: 'acme-claude' } });
    expect((await runOne(cognitoDomainPrefix, existing({ COGNITO_DOMAIN_PREFIX: 'acme-claude' }))).status).toBe('pass');
  });

  test('a Cognito error fails the check; a DNS timeout only warns', async () => {
    cognito.on(DescribeUserPoolDomainCommand).rejects(awsError('TooManyRequestsException'));
    expect((await runOne(cognitoDomainPrefix, newPool)).message).toMatch(/^cognito-idp:DescribeUserPoolDomain failed: TooManyRequestsException/);
    cognito.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: {} });
    expect((await runOne(cognitoDomainPrefix, newPool, { dns: dnsAnswering(dnsError('ETIMEOUT')) })).status).toBe('warn');
  });
});

describe('cognito.pool', () => {
  // admins create the users, and the pool has its sign-in domain
  const closedPool = { Id: POOL, AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, Domain: 'corp-login' };
  const existing = (values: Record<string, string> = {}) => settingsFrom({ IDP_MODE: 'existing-cognito', ...noCognito, COGNITO_POOL_ID: POOL, ...values });
  const byoCognito = settingsFrom({ OIDC_ISSUER: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`, OIDC_CLIENT_ID: 'client1', OIDC_SCOPES: 'openid,email', GROUPS_CLAIM: 'cognito:groups' });

  test('an existing pool with no federation passes', async () => {
    cognito.on(DescribeUserPoolCommand, { UserPoolId: POOL }).resolves({ UserPool: { ...closedPool, Name: 'corp' } });
    cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [] });
    expect(await runOne(cognitoPool, existing())).toMatchObject({ status: 'pass', message: 'pool corp suits the gateway' });
  });

  test('self sign-up fails (anyone with an allowed address could join); with ALLOWED_GROUPS it only warns', async () => {
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { ...closedPool, AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } } });
    cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [] });
    expect(await runOne(cognitoPool, existing())).toMatchObject({ status: 'fail', message: expect.stringContaining('lets anyone sign up'), fix: expect.stringContaining('ALLOWED_GROUPS') });
    expect(await runOne(cognitoPool, existing({ ALLOWED_GROUPS: 'claude-users' }))).toMatchObject({ status: 'warn', message: expect.stringContaining('claude-users') });
  });

  test('a federated provider the profile does not list warns that its users cannot sign in; one the pool lacks fails', async () => {
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: closedPool });
    cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [{ ProviderName: 'EntraSAML', ProviderType: 'SAML' }] });
    const left = await runOne(cognitoPool, existing());
    expect(left).toMatchObject({ status: 'warn', message: expect.stringContaining('does not list them: their users cannot sign in') });
    expect(left.fix).toContain('COGNITO_IDENTITY_PROVIDERS=COGNITO,EntraSAML');
    const listed = await runOne(cognitoPool, existing({ COGNITO_IDENTITY_PROVIDERS: 'COGNITO,EntraSAML' }));
    expect(listed).toMatchObject({ status: 'warn', message: expect.stringContaining('email_verified') });
    expect(listed.message).not.toContain('cannot sign in');
    expect(await runOne(cognitoPool, existing({ COGNITO_IDENTITY_PROVIDERS: 'COGNITO,Okta' }))).toMatchObject({ status: 'fail', message: expect.stringContaining('names Okta, which pool') });
  });

  test('a pool without a domain needs COGNITO_DOMAIN_PREFIX; a pool with one must not get a second', async () => {
    cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [] });
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { ...closedPool, Domain: undefined } });
    expect(await runOne(cognitoPool, existing())).toMatchObject({ status: 'fail', message: expect.stringContaining('no sign-in page'), fix: expect.stringContaining('COGNITO_DOMAIN_PREFIX') });
    expect((await runOne(cognitoPool, existing({ COGNITO_DOMAIN_PREFIX: 'acme-claude-login' }))).status).toBe('pass');
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: closedPool });
    expect(await runOne(cognitoPool, existing({ COGNITO_DOMAIN_PREFIX: 'acme-claude-login' }))).toMatchObject({ status: 'fail', message: expect.stringContaining('already has the domain corp-login') });
  });

  test('the domain our own idp stack created is kept on a redeploy', async () => {
    cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [] });
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { ...closedPool, Domain: 'acme-claude-login' } });
    cfn.on(DescribeStackResourceCommand, { StackName: 'claude-gateway-idp', LogicalResourceId: 'UserPoolDomain' })
      .resolves({ StackResourceDetail: { LogicalResourceId: 'UserPoolDomain', PhysicalResourceId: 'acme-claude-login', ResourceType: 'AWS::Cognito::UserPoolDomain', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date('2026-11-02T09:00:00Z') } });
    expect((await runOne(cognitoPool, existing({ COGNITO_DOMAIN_PREFIX: 'acme-claude-login' }))).status).toBe('pass');
  });

  test('a custom groups claim without a V2 trigger fails; federated providers warn about email_verified', async () => {
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { ...closedPool, LambdaConfig: { PreTokenGeneration: 'arn:aws:lambda:us-east-1:123456789012:function:v1' } } });
    cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [{ ProviderName: 'EntraSAML', ProviderType: 'SAML' }] });
    const r = await runOne(cognitoPool, existing({ GROUPS_CLAIM: 'groups' }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('no V2 pre-token-generation trigger');
    expect(r.message).toContain('EntraSAML');
  });

  test('a byo Cognito client must allow the callback and scopes and have a secret', async () => {
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: closedPool });
    cognito.on(ListIdentityProvidersCommand).resolves({ Providers: [] });
    cognito.on(DescribeUserPoolClientCommand, { UserPoolId: POOL, ClientId: 'client1' }).resolves({ UserPoolClient: { CallbackURLs: ['https://other.example.com/oauth/callback'], AllowedOAuthScopes: ['openid'] } });
    const r = await runOne(cognitoPool, byoCognito);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('callback https://claude-gateway.internal.example.com/oauth/callback');
    expect(r.message).toContain('scope(s) email');
    expect(r.message).toContain('no secret');
    cognito.on(DescribeUserPoolClientCommand).resolves({ UserPoolClient: { CallbackURLs: ['https://claude-gateway.internal.example.com/oauth/callback'], AllowedOAuthScopes: ['openid', 'email'], ClientSecret: 'hidden' } });
    expect((await runOne(cognitoPool, byoCognito)).status).toBe('pass');
  });

  test('a missing pool fails with the fix; other errors name the API; byo non-Cognito is skipped', async () => {
    cognito.on(DescribeUserPoolCommand).rejects(awsError('ResourceNotFoundException'));
    expect((await runOne(cognitoPool, existing())).message).toContain(`user pool ${POOL} does not exist`);
    cognito.on(DescribeUserPoolCommand).rejects(awsError('NotAuthorizedException'));
    expect((await runOne(cognitoPool, existing())).message).toMatch(/^cognito-idp:DescribeUserPool failed: NotAuthorizedException/);
    expect((await runOne(cognitoPool, settingsFrom({}))).status).toBe('skip');
  });
});
