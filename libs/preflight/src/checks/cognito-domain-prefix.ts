// A new Cognito pool's hosted sign-in domain prefix is unique per region across all accounts:
// a taken prefix fails the idp stack after the pool is created. Cognito only describes this
// account's domains, so a prefix taken elsewhere is found by its public DNS name.
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { fail, pass, warn, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage } from '../aws-failure.ts';

export const cognitoDomainPrefix: PreflightCheck = {
  id: 'cognito.domain-prefix',
  title: 'the Cognito sign-in domain prefix is available',
  needs: 'aws',
  reads: ['IDP_MODE', 'COGNITO_DOMAIN_PREFIX'],
  // an existing pool without a domain gets one from COGNITO_DOMAIN_PREFIX too
  skipReason: (s) => (s.idpMode === 'new-cognito' || (s.idpMode === 'existing-cognito' && s.COGNITO_DOMAIN_PREFIX) ? undefined : `IDP_MODE=${s.idpMode} creates no user pool domain`),
  async run({ aws, dns, settings: s, signal }) {
    const prefix = s.COGNITO_DOMAIN_PREFIX ?? '';
    let poolId: string | undefined;
    try {
      const { DomainDescription: d } = await aws.cognito.send(new DescribeUserPoolDomainCommand({ Domain: prefix }), { abortSignal: signal });
      poolId = d?.UserPoolId;
    } catch (e) {
      return awsCallFailed('cognito-idp:DescribeUserPoolDomain', e);
    }
    if (!poolId) return availableWorldwide(prefix, s.AWS_REGION, dns);
    // the existing pool's own domain (cognito.pool says whether the idp stack may create it)
    if (s.idpMode === 'existing-cognito' && poolId === s.COGNITO_POOL_ID) return pass(`${prefix} belongs to COGNITO_POOL_ID ${poolId}`);
    // Taken: fine only when it is our own idp stack's pool (a redeploy).
    try {
      const { Stacks = [] } = await aws.cloudFormation.send(new DescribeStacksCommand({ StackName: s.stackNames.idp }), { abortSignal: signal });
      const ours = Stacks[0]?.Outputs?.some((o) => o.OutputValue === poolId);
      if (ours) return pass(`${prefix} belongs to this deployment's pool ${poolId}`);
    } catch (e) {
      if (!/does not exist/.test(errorMessage(e))) return awsCallFailed('cloudformation:DescribeStacks', e);
    }
    return fail(`COGNITO_DOMAIN_PREFIX ${prefix} is already taken (by pool ${poolId}) in ${s.AWS_REGION}`, 'choose another prefix, e.g. <company>-claude-login');
  },
};

async function availableWorldwide(prefix: string, region: string, dns: CheckContext['dns']): Promise<CheckOutcome> {
  const host = `${prefix}.auth.${region}.amazoncognito.com`;
  try {
    await dns.resolve4(host);
    return fail(`COGNITO_DOMAIN_PREFIX ${prefix} is taken by another account (${host} resolves)`, 'choose another prefix, e.g. <company>-claude-login');
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'ENOTFOUND' || code === 'ENODATA') return pass(`${host} is available`);
    return warn(`${host} could not be looked up (${code || errorMessage(e)}), so the prefix is not proven free`, 're-run where public DNS is reachable');
  }
}
