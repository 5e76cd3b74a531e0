// COGNITO_MFA against the live user pool, read with GetUserPoolMfaConfig (not the idp stack's
// parameter, which a change by hand leaves behind):
// - a pool the idp stack made: the MfaMode the deploy passes (data.mfaMode) is never weaker than
//   the live pool and never a raise to ON CloudFormation cannot make (cognito-mfa-modes.ts). A
//   profile weaker than the pool keeps the pool's mode, with a warning: relaxing MFA is done by
//   hand. A pool required by hand while the stack says less is kept as long as the deploy does not
//   update the pool; a template that changes the pool would send the weaker mode, so that fails.
// - an existing pool (IDP_MODE=existing-cognito): cagw never changes its MFA; COGNITO_MFA=required
//   fails on a pool that does not require it (for the pool's own users; federated users' MFA is
//   their IdP's), optional warns on a pool with MFA off.
import { isDeepStrictEqual } from 'node:util';
import { DescribeStacksCommand, GetTemplateCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { GetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { loadTemplate, parseTemplate } from '@cagw/cloudformation';
import { fail, pass, warn, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, errorName, isNotFound } from '../aws-failure.ts';
import { chooseMfaParameter, isMfaMode, MFA_MODE_OF, weakerThan, type MfaMode } from './cognito-mfa-modes.ts';

export type { MfaMode } from './cognito-mfa-modes.ts';

const PROFILE_VALUE: Record<MfaMode, string> = { ON: 'required', OPTIONAL: 'optional', OFF: 'off' };
const withData = (outcome: CheckOutcome, data: Record<string, unknown>): CheckOutcome => ({ ...outcome, data });

/** The CLI command that sets a pool's MFA mode (TOTP as the factor, as the idp template enables it). */
export function setMfaCommand(poolId: string, mode: MfaMode): string {
  const factor = mode === 'OFF' ? '' : ' --software-token-mfa-configuration Enabled=true';
  return `aws cognito-idp set-user-pool-mfa-config --user-pool-id ${poolId}${factor} --mfa-configuration ${mode}`;
}

type Read<T> = { value: T } | { outcome: CheckOutcome };

async function liveMfaOf(poolId: string, ctx: CheckContext, missing: CheckOutcome): Promise<Read<MfaMode>> {
  try {
    const { MfaConfiguration } = await ctx.aws.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }), { abortSignal: ctx.signal });
    // the API reference lists OFF | ON | OPTIONAL; anything else is an answer cagw does not know
    if (!isMfaMode(MfaConfiguration)) return { outcome: fail(`cognito-idp:GetUserPoolMfaConfig answered MfaConfiguration ${String(MfaConfiguration)} for pool ${poolId}`, 'report this as a cagw bug, with the message') };
    return { value: MfaConfiguration };
  } catch (e) {
    if (isNotFound(e, 'ResourceNotFoundException')) return { outcome: missing };
    return { outcome: awsCallFailed('cognito-idp:GetUserPoolMfaConfig', e) };
  }
}

async function idpStackOf(ctx: CheckContext): Promise<Read<Stack | undefined>> {
  try {
    const { Stacks = [] } = await ctx.aws.cloudFormation.send(new DescribeStacksCommand({ StackName: ctx.settings.stackNames.idp }), { abortSignal: ctx.signal });
    return { value: Stacks[0] };
  } catch (e) {
    if (errorName(e) === 'ValidationError' && /does not exist/.test(errorMessage(e))) return { value: undefined };
    return { outcome: awsCallFailed('cloudformation:DescribeStacks', e) };
  }
}

/** Whether this deploy's idp template changes the UserPool resource of the live stack's template. */
async function templateChangesPool(ctx: CheckContext): Promise<Read<boolean>> {
  const stackName = ctx.settings.stackNames.idp;
  let live: string | undefined;
  try {
    ({ TemplateBody: live } = await ctx.aws.cloudFormation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }), { abortSignal: ctx.signal }));
  } catch (e) {
    return { outcome: awsCallFailed('cloudformation:GetTemplate', e) };
  }
  const next = await loadTemplate('idp-cognito-new');
  const poolOf = (text: string, file: string) => (parseTemplate(text, file).body.Resources as Record<string, unknown> | undefined)?.UserPool;
  return { value: !isDeepStrictEqual(poolOf(live ?? '', `${stackName} (live)`), poolOf(next.body, 'idp-cognito-new.yaml')) };
}

async function newPoolOutcome(ctx: CheckContext): Promise<CheckOutcome> {
  const wanted = MFA_MODE_OF[ctx.settings.COGNITO_MFA];
  const idp = ctx.settings.stackNames.idp;
  const stack = await idpStackOf(ctx);
  if ('outcome' in stack) return stack.outcome;
  const poolId = stack.value?.Outputs?.find((o) => o.OutputKey === 'UserPoolId')?.OutputValue;
  // no pool yet (no stack, only reviewed, or never created): the pool is created with COGNITO_MFA
  if (!stack.value || stack.value.StackStatus === 'REVIEW_IN_PROGRESS' || !poolId) return withData(pass(`the new pool is created with MFA ${wanted}`), { mfaMode: wanted });

  const read = await liveMfaOf(poolId, ctx, fail(`the pool ${poolId} of ${idp} no longer exists (deleted outside CloudFormation)`, `delete stack ${idp} so that the next deploy creates a new pool (aws cloudformation delete-stack --stack-name ${idp}), or set IDP_MODE=existing-cognito with another pool`));
  if ('outcome' in read) return read.outcome;
  const live = read.value;
  const parameter = stack.value.Parameters?.find((p) => p.ParameterKey === 'MfaMode')?.ParameterValue;
  // a stack made before MfaMode existed created its pool with MFA optional
  const stackParameter = isMfaMode(parameter) ? parameter : 'OPTIONAL';
  const choice = chooseMfaParameter({ wanted, live, stackParameter });
  const data = { mfaMode: choice.mfaMode, liveMfaMode: live, userPoolId: poolId };

  if (choice.weakerThanLive) {
    const changes = await templateChangesPool(ctx);
    if ('outcome' in changes) return changes.outcome;
    if (changes.value) {
      return withData(fail(
        `pool ${poolId} requires MFA (ON, set outside CloudFormation), but the idp stack's MfaMode is ${stackParameter}, which CloudFormation cannot raise to ON: this deploy updates the pool (its template changed) and would set MFA back to ${stackParameter}`,
        `nothing was changed; to deploy, accept a short window on purpose: ${setMfaCommand(poolId, stackParameter)}, then cagw deploy, then ${setMfaCommand(poolId, 'ON')} (COGNITO_MFA=${ctx.settings.COGNITO_MFA} cannot keep ON through a pool update)`,
      ), data);
    }
  }
  if (weakerThan(wanted, live)) {
    return withData(warn(
      `COGNITO_MFA=${ctx.settings.COGNITO_MFA}, but pool ${poolId} of ${idp} has MFA ${live}: cagw keeps ${live} (a deploy never relaxes MFA; the idp stack gets MfaMode ${choice.mfaMode})`,
      `set COGNITO_MFA=${PROFILE_VALUE[live]} to match the pool; to relax MFA on purpose, first run ${setMfaCommand(poolId, wanted)}`,
    ), data);
  }
  if (weakerThan(choice.after, wanted)) {
    return withData(warn(
      `COGNITO_MFA=${ctx.settings.COGNITO_MFA}, but pool ${poolId} of ${idp} has MFA ${live}, which CloudFormation cannot turn to ${wanted}: cagw keeps ${choice.after}`,
      `require it by hand (users without an authenticator app must enrol at their next sign-in): ${setMfaCommand(poolId, wanted)}; or set COGNITO_MFA=${PROFILE_VALUE[choice.after]} to accept the pool as it is`,
    ), data);
  }
  return withData(pass(`pool ${poolId} of ${idp} has MFA ${choice.after === live ? live : `${live}, and gets ${choice.after}`}`), data);
}

async function existingPoolOutcome(ctx: CheckContext): Promise<CheckOutcome> {
  const s = ctx.settings;
  const poolId = s.COGNITO_POOL_ID ?? '';
  // Cognito's MFA applies to the pool's own users; federated users' MFA is their IdP's
  if (!s.COGNITO_IDENTITY_PROVIDERS.includes('COGNITO')) {
    return pass(`the gateway client signs in through ${s.COGNITO_IDENTITY_PROVIDERS.join(', ')} only: their MFA is that IdP's, not pool ${poolId}'s`);
  }
  const read = await liveMfaOf(poolId, ctx, fail(`Cognito user pool ${poolId} does not exist in this account and region`, 'set COGNITO_POOL_ID to an existing pool id (e.g. us-east-1_AbCdEfGhI), or use IDP_MODE=new-cognito'));
  if ('outcome' in read) return read.outcome;
  const live = read.value;
  const wanted = MFA_MODE_OF[s.COGNITO_MFA];
  const data = { liveMfaMode: live, userPoolId: poolId };
  if (!weakerThan(live, wanted)) return withData(pass(`pool ${poolId} has MFA ${live}; cagw never changes an existing pool's MFA`), data);
  const message = `COGNITO_MFA=${s.COGNITO_MFA}, but the existing pool ${poolId} has MFA ${live}: its users (COGNITO in COGNITO_IDENTITY_PROVIDERS) sign in to the gateway ${live === 'OFF' ? 'with a password alone' : 'without MFA unless they enrolled'}`;
  const fix = `require it on the pool (users without an authenticator app must enrol at their next sign-in): ${setMfaCommand(poolId, wanted)}; or set COGNITO_MFA=${PROFILE_VALUE[live]} to accept the pool as it is`;
  return withData(wanted === 'ON' ? fail(message, fix) : warn(message, fix), data);
}

export const cognitoMfa: PreflightCheck = {
  id: 'cognito.mfa',
  title: 'the Cognito pool\'s MFA is what COGNITO_MFA asks, and a deploy never weakens it',
  needs: 'aws',
  reads: ['IDP_MODE', 'COGNITO_MFA', 'COGNITO_POOL_ID', 'COGNITO_IDENTITY_PROVIDERS', 'STACK_PREFIX', 'COGNITO_STACK'],
  skipReason: (s) => (s.idpMode === 'byo' ? 'IDP_MODE=byo: the IdP\'s own MFA applies; cagw makes or joins no user pool' : undefined),
  async run(ctx) {
    return ctx.settings.idpMode === 'new-cognito' ? newPoolOutcome(ctx) : existingPoolOutcome(ctx);
  },
};
