// An existing Cognito pool (IDP_MODE=existing-cognito, or a byo issuer that is a Cognito
// pool): it exists; a groups claim other than cognito:groups needs a V2 pre-token trigger;
// federated users need email_verified mapped; and for byo, the app client has a secret, the
// gateway's callback URL and the requested scopes.
import { DescribeUserPoolClientCommand, DescribeUserPoolCommand, ListIdentityProvidersCommand, type ProviderDescription } from '@aws-sdk/client-cognito-identity-provider';
import { combineOutcomes, fail, warn, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, isNotFound } from '../aws-failure.ts';

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

export const cognitoPool: PreflightCheck = {
  id: 'cognito.pool',
  title: 'the existing Cognito pool and client suit the gateway',
  needs: 'aws',
  reads: ['IDP_MODE', 'COGNITO_POOL_ID', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_SCOPES', 'GROUPS_CLAIM'],
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
    if (providers.length > 0) {
      found.push(warn(`pool ${poolId} federates ${providers.map((p) => p.ProviderName).join(', ')}: their users sign in only when email_verified is true in the id_token`, 'map email_verified in each provider\'s attribute mapping (or set it in a pre-token trigger)'));
    }
    if (s.idpMode === 'byo') found.push(...(await clientFindings(poolId, ctx)));
    return combineOutcomes(found, `pool ${pool?.Name ?? poolId} suits the gateway`);
  },
};
