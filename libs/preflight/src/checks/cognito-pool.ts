// An existing Cognito pool (IDP_MODE=existing-cognito, or a byo issuer that is a Cognito
// pool): it exists; a groups claim other than cognito:groups needs a V2 pre-token trigger;
// anyone may join a pool with self sign-up; federated users need email_verified mapped; with
// existing-cognito, the gateway client allows exactly the providers COGNITO_IDENTITY_PROVIDERS
// names and the pool has (or gets, COGNITO_DOMAIN_PREFIX) a sign-in domain; and for byo, the app
// client has a secret, the gateway's callback URL and the requested scopes.
import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeUserPoolClientCommand, DescribeUserPoolCommand, ListIdentityProvidersCommand, type ProviderDescription, type UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { combineOutcomes, fail, warn, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, errorName, isNotFound } from '../aws-failure.ts';

/** The pool id of the profile's Cognito pool, when one exists before deploying. */
export function existingPoolId(s: CheckContext['settings']): string | undefined {
  if (s.idpMode === 'existing-cognito') return s.COGNITO_POOL_ID;
  const m = s.idpMode === 'byo' ? /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/([\w-]+_[0-9A-Za-z]+)\/?$/.exec(s.OIDC_ISSUER ?? '') : null;
  return m?.[1];
}

async function clientFindings(poolId: string, ctx: CheckContext): Promise<CheckOutcome[]> {
  const s = ctx.settings;
  const clientId = s.OIDC_CLIENT_ID ?? '';
  let client;
  try {
    ({ UserPoolClient: client } = await ctx.aws.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }), { abortSignal: ctx.signal }));
  } catch (e) {
    if (isNotFound(e, 'ResourceNotFoundException')) return [fail(`OIDC_CLIENT_ID ${clientId} is not an app client of pool ${poolId}`, 'use the id of the app client created for the gateway')];
    return [awsCallFailed('cognito-idp:DescribeUserPoolClient', e)];
  }
  const found: CheckOutcome[] = [];
  const callback = `${s.publicUrl}/oauth/callback`;
  if (!(client?.CallbackURLs ?? []).includes(callback)) {
    found.push(fail(`the app client does not allow the callback ${callback} (it has ${(client?.CallbackURLs ?? []).join(', ') || 'none'}): sign-in fails with redirect_mismatch`, `add ${callback} to the app client's allowed callback URLs`));
  }
  const allowed = client?.AllowedOAuthScopes ?? [];
  const missing = (s.OIDC_SCOPES ?? []).filter((scope) => !allowed.includes(scope));
  if (missing.length) found.push(fail(`the app client does not allow scope(s) ${missing.join(', ')}: sign-in fails with invalid_scope`, `allow ${missing.join(', ')} on the app client, or remove them from OIDC_SCOPES`));
  if (!client?.ClientSecret) found.push(fail('the app client has no secret; the gateway is a confidential client', 'create an app client with a client secret (GenerateSecret) and store it in OIDC_CLIENT_SECRET_ARN'));
  return found;
}

/** With self sign-up anyone can make an account; only a group the admins assign keeps them out. */
function selfSignUpFindings(poolId: string, pool: UserPoolType | undefined, allowedGroups: readonly string[]): CheckOutcome[] {
  if (pool?.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true) return [];
  const fix = 'turn self-service sign-up off in the pool (Cognito console, Sign-up: self-registration off; API AdminCreateUserConfig.AllowAdminCreateUserOnly=true)';
  return allowedGroups.length > 0
    ? [warn(`pool ${poolId} lets anyone sign up; ALLOWED_GROUPS keeps such accounts out only while nobody adds them to ${allowedGroups.join(', ')}`, fix)]
    : [fail(`pool ${poolId} lets anyone sign up, and with an address in ALLOWED_DOMAINS such an account may use the gateway`, `${fix}, or set ALLOWED_GROUPS to the groups whose members may sign in`)];
}

/**
 * The gateway client allows the providers COGNITO_IDENTITY_PROVIDERS names: each must exist in
 * the pool (else the idp stack fails), and a pool provider left out cannot sign in. Returns the
 * federated providers the client allows; problems go to `found`.
 */
function providerFindings(poolId: string, providers: ProviderDescription[], listed: readonly string[], found: CheckOutcome[]): string[] {
  const inPool = providers.map((p) => p.ProviderName ?? '?');
  const unknown = listed.filter((name) => name !== 'COGNITO' && !inPool.includes(name));
  if (unknown.length > 0) {
    found.push(fail(`COGNITO_IDENTITY_PROVIDERS names ${unknown.join(', ')}, which pool ${poolId} does not have (it has ${inPool.join(', ') || 'no federated provider'}): the idp stack would fail`, `list only COGNITO and providers of the pool, e.g. COGNITO_IDENTITY_PROVIDERS=${['COGNITO', ...inPool].join(',')}`));
  }
  const left = inPool.filter((name) => !listed.includes(name));
  if (left.length > 0) {
    found.push(warn(`pool ${poolId} federates ${left.join(', ')}, but COGNITO_IDENTITY_PROVIDERS does not list them: their users cannot sign in to the gateway`, `add them: COGNITO_IDENTITY_PROVIDERS=${[...new Set([...listed, ...left])].join(',')}`));
  }
  return inPool.filter((name) => listed.includes(name));
}

/** A pool without a domain has no sign-in page; a pool has one prefix domain at most. */
async function domainFindings(poolId: string, pool: UserPoolType | undefined, ctx: CheckContext): Promise<CheckOutcome[]> {
  const prefix = ctx.settings.COGNITO_DOMAIN_PREFIX;
  const domain = pool?.Domain ?? pool?.CustomDomain;
  if (!domain) {
    return prefix ? [] : [fail(`pool ${poolId} has no domain, so it has no sign-in page for the gateway to send developers to`, 'set COGNITO_DOMAIN_PREFIX to a prefix unique in the region (e.g. acme-claude-login); the idp stack creates <prefix>.auth.<region>.amazoncognito.com')];
  }
  if (!prefix) return [];
  const theirs = fail(`pool ${poolId} already has the domain ${domain}, and a pool has only one: the idp stack cannot create ${prefix}`, 'remove COGNITO_DOMAIN_PREFIX; the pool\'s own domain serves the sign-in page');
  if (domain !== prefix) return [theirs];
  // the same prefix: fine when our idp stack made it (a redeploy)
  try {
    const { StackResourceDetail } = await ctx.aws.cloudFormation.send(new DescribeStackResourceCommand({ StackName: ctx.settings.stackNames.idp, LogicalResourceId: 'UserPoolDomain' }), { abortSignal: ctx.signal });
    return StackResourceDetail?.PhysicalResourceId === prefix ? [] : [theirs];
  } catch (e) {
    if (errorName(e) === 'ValidationError' && /does not exist/i.test(errorMessage(e))) return [theirs];
    return [awsCallFailed('cloudformation:DescribeStackResource', e)];
  }
}

export const cognitoPool: PreflightCheck = {
  id: 'cognito.pool',
  title: 'the existing Cognito pool and client suit the gateway',
  needs: 'aws',
  reads: ['IDP_MODE', 'COGNITO_POOL_ID', 'COGNITO_IDENTITY_PROVIDERS', 'COGNITO_DOMAIN_PREFIX', 'ALLOWED_GROUPS', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_SCOPES', 'GROUPS_CLAIM'],
  skipReason: (s) => (existingPoolId(s) ? undefined : 'no existing Cognito pool in this profile'),
  async run(ctx) {
    const poolId = existingPoolId(ctx.settings)!;
    const s = ctx.settings;
    let pool;
    let providers: ProviderDescription[];
    try {
      ({ UserPool: pool } = await ctx.aws.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }), { abortSignal: ctx.signal }));
      ({ Providers: providers = [] } = await ctx.aws.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 60 }), { abortSignal: ctx.signal }));
    } catch (e) {
      if (isNotFound(e, 'ResourceNotFoundException')) return fail(`Cognito user pool ${poolId} does not exist in this account and region`, 'set COGNITO_POOL_ID to an existing pool id (e.g. us-east-1_AbCdEfGhI), or use IDP_MODE=new-cognito');
      return awsCallFailed('cognito-idp:DescribeUserPool', e);
    }
    const found: CheckOutcome[] = [];
    const trigger = pool?.LambdaConfig?.PreTokenGenerationConfig;
    if (s.GROUPS_CLAIM !== 'cognito:groups' && trigger?.LambdaVersion !== 'V2_0' && trigger?.LambdaVersion !== 'V3_0') {
      found.push(fail(`GROUPS_CLAIM=${s.GROUPS_CLAIM}, but pool ${poolId} has no V2 pre-token-generation trigger to emit it as an array`, 'set GROUPS_CLAIM=cognito:groups, or attach a V2 pre-token trigger that adds the claim'));
    }
    found.push(...selfSignUpFindings(poolId, pool, s.ALLOWED_GROUPS));
    // byo: the client is yours, so every federated provider may reach it
    const federated = s.idpMode === 'existing-cognito' ? providerFindings(poolId, providers, s.COGNITO_IDENTITY_PROVIDERS, found) : providers.map((p) => p.ProviderName ?? '?');
    if (federated.length > 0) {
      found.push(warn(`pool ${poolId} federates ${federated.join(', ')} for the gateway: their users sign in only when email_verified is true in the id_token`, 'map email_verified in each provider\'s attribute mapping (or set it in a pre-token trigger)'));
    }
    if (s.idpMode === 'existing-cognito') found.push(...(await domainFindings(poolId, pool, ctx)));
    if (s.idpMode === 'byo') found.push(...(await clientFindings(poolId, ctx)));
    return combineOutcomes(found, `pool ${pool?.Name ?? poolId} suits the gateway`);
  },
};
